"""Celery entry points of the portfolio: thin, ids in, one service call."""
from celery import shared_task

from . import indicator_services


@shared_task(acks_late=True)
def compute_indicators(run_id: int) -> str:
    """Execute one queued indicator run."""
    run = indicator_services.indicator_run_execute(run_id=run_id)
    return run.status if run else "skipped"


@shared_task
def request_nightly_indicators() -> int:
    """Beat: the nightly recompute."""
    return indicator_services.indicator_run_request(trigger="nightly").pk


@shared_task
def recover_indicator_runs() -> int:
    """Beat: retry or fail runs whose worker died."""
    return len(indicator_services.indicator_runs_recover())
