"""Writes for the indicators: request, execute and recover indicator runs."""
import functools
import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from mbo_regie.errors import TransitionNotAllowed

from . import indicators
from .indicator_selectors import PARTITIONED, indicator_inputs, indicator_params
from .models import IndicatorRun, IndicatorRunEvent, IndicatorTable

logger = logging.getLogger(__name__)


# Key of the PostgreSQL advisory lock under which runs are requested and claimed.
RUNS_LOCK = 72_460_001


def _lock_runs() -> None:
    """Serialise "is a run queued/running?" checks with the writes that follow them.

    Without it, simultaneous requests each find no queued run and each queue one, and two
    workers each find no running run and both start. The lock ends with the transaction;
    SQLite needs none, as it lets one transaction write at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RUNS_LOCK])


def _transition(run: IndicatorRun, method: str, note: str = "") -> IndicatorRun:
    """Apply one FSM transition, save it and write its history row."""
    old = run.status
    getattr(run, method)()
    run.save()
    IndicatorRunEvent.objects.create(run=run, old=old, new=run.status, note=note)
    return run


def _send(run_id: int, countdown: int) -> None:
    """Hand the run to Celery; when the broker is down, compute in a thread of this process."""
    from .tasks import compute_indicators

    try:
        compute_indicators.apply_async((run_id,), countdown=countdown, retry=False)
    except Exception:  # noqa: BLE001 - any broker failure: the work must still happen
        logger.warning("Broker unavailable; indicator run %s computes in process", run_id)
        threading.Thread(target=_execute_in_thread, args=(run_id,), daemon=True).start()


def _execute_in_thread(run_id: int) -> None:
    from django.db import connection

    try:
        indicator_run_execute(run_id=run_id)
    except Exception:  # noqa: BLE001 - already recorded on the run and logged
        logger.debug("In-process indicator run %s ended with an error", run_id)
    finally:
        connection.close()


def _enqueue(run: IndicatorRun, countdown: int = 0) -> None:
    transaction.on_commit(lambda: _send(run.pk, countdown))


def _changed(result) -> bool:
    counts = getattr(result, "counts", result)
    if isinstance(counts, dict):
        return any(c.get("nieuw", 0) or c.get("gewijzigd", 0) or c.get("verwijderd", 0)
                   for c in counts.values() if isinstance(c, dict))
    return True


def recompute_after(func):
    """Decorate a registry-writing service: when it changed anything, request a recompute."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        result = func(*args, **kwargs)
        if _changed(result):
            indicator_run_request(trigger=IndicatorRun.Trigger.CHANGE)
        return result

    return wrapper


@transaction.atomic
def indicator_run_request(*, trigger: str = IndicatorRun.Trigger.MANUAL, user=None) -> IndicatorRun:
    """Ask for a recompute; while one is still queued, that run serves (debounce)."""
    _lock_runs()
    queued = (IndicatorRun.objects.select_for_update()
              .filter(status=IndicatorRun.Status.QUEUED).order_by("id").first())
    if queued is not None:
        return queued
    run = IndicatorRun.objects.create(trigger=trigger, requested_by=user)
    IndicatorRunEvent.objects.create(run=run, old="", new=run.status, note=trigger)
    # Registry changes come in bursts (an import, a decision with several changes): wait a
    # little so one run covers the whole burst.
    delay = settings.INDICATOR_DEBOUNCE_SECONDS if trigger == IndicatorRun.Trigger.CHANGE else 0
    _enqueue(run, countdown=delay)
    return run


def _claim(run_id: int) -> IndicatorRun | None:
    """Move a queued run to running; None when it is gone, done, or another run is running."""
    with transaction.atomic():
        _lock_runs()
        run = IndicatorRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != IndicatorRun.Status.QUEUED:
            return None
        if IndicatorRun.objects.filter(status=IndicatorRun.Status.RUNNING).exists():
            return None
        run.started_on = run.heartbeat_on = timezone.now()
        run.attempts += 1
        run.progress = 5
        return _transition(run, "start")


def _progress(run: IndicatorRun, percent: int) -> None:
    IndicatorRun.objects.filter(pk=run.pk).update(progress=percent, heartbeat_on=timezone.now())


class _Heartbeat:
    """While a run computes, a daemon thread writes ``heartbeat_on`` every
    ``INDICATOR_HEARTBEAT_SECONDS``. A worker that dies (SIGKILL, lost machine) takes the
    thread with it, so the heartbeat stops and recovery can tell a dead run from a long one.
    """

    def __init__(self, run_id: int):
        self.run_id = run_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True,
                                       name=f"indicator-run-{run_id}-heartbeat")

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join(timeout=5)
        return False

    def _beat(self) -> None:
        from django.db import connection as thread_connection

        interval = settings.INDICATOR_HEARTBEAT_SECONDS
        try:
            while not self.stopped.wait(interval):
                try:
                    IndicatorRun.objects.filter(
                        pk=self.run_id, status=IndicatorRun.Status.RUNNING,
                    ).update(heartbeat_on=timezone.now())
                except Exception:  # noqa: BLE001 - a missed beat is retried at the next one
                    logger.warning("Heartbeat of indicator run %s not written", self.run_id,
                                   exc_info=True)
        finally:
            thread_connection.close()


def indicator_run_execute(*, run_id: int) -> IndicatorRun | None:
    """Compute every indicator on the current registry and store the tables with the run."""
    run = _claim(run_id)
    if run is None:
        return None
    with _Heartbeat(run.pk):
        return _compute_and_store(run)


def _compute_and_store(run: IndicatorRun) -> IndicatorRun:
    try:
        t0 = time.perf_counter()
        inputs = indicator_inputs()
        params = indicator_params()
        _progress(run, 25)
        t1 = time.perf_counter()
        result = indicators.compute_all(**inputs.frames(), params=params)
        _progress(run, 70)
        t2 = time.perf_counter()
        with transaction.atomic():
            tables = []
            for name, df in result.frames().items():
                key = PARTITIONED.get(name)
                parts = df.groupby(key, sort=True) if key else [("", df)]
                tables += [IndicatorTable(run=run, name=name, part=str(part), rows=len(chunk),
                                          data=IndicatorTable.pack(chunk))
                           for part, chunk in parts]
            IndicatorTable.objects.bulk_create(tables, batch_size=50)
            t3 = time.perf_counter()
            run.refresh_from_db()
            run.params = params.to_dict()
            run.fingerprint = inputs.fingerprint
            run.synthetisch = inputs.synthetisch
            run.summary = indicators.schema.jsonable(result.summary)
            run.counts = {name: len(df) for name, df in result.frames().items()}
            run.timings = {"load_s": round(t1 - t0, 3), "compute_s": round(t2 - t1, 3),
                           "store_s": round(t3 - t2, 3), "total_s": round(t3 - t0, 3),
                           "engine": result.timings}
            run.finished_on = timezone.now()
            run.progress = 100
            return _transition(run, "finish")
    except Exception as exc:
        logger.exception("Indicator run %s failed", run.pk)
        run.refresh_from_db()
        run.error = f"{type(exc).__name__}: {exc}"[:4000]
        run.finished_on = timezone.now()
        _transition(run, "fail", note=run.error[:200])
        raise


@transaction.atomic
def indicator_runs_recover(*, stale_after: timedelta | None = None,
                           max_attempts: int = 3) -> list[IndicatorRun]:
    """Runs stuck in 'running' (a worker died) are retried, or failed after max_attempts.

    A run is stuck when its heartbeat (or, for a run from before heartbeats, its start) is
    older than ``INDICATOR_STALE_SECONDS``; a long run whose worker is alive keeps beating.
    """
    stale_after = stale_after or timedelta(seconds=settings.INDICATOR_STALE_SECONDS)
    cutoff = timezone.now() - stale_after
    recovered = []
    for run in IndicatorRun.objects.select_for_update().annotate(
            alive_on=Coalesce("heartbeat_on", "started_on")).filter(
            status=IndicatorRun.Status.RUNNING, alive_on__lt=cutoff):
        if run.attempts >= max_attempts:
            run.error = _("De berekening is %(n)s keer afgebroken.") % {"n": run.attempts}
            run.finished_on = timezone.now()
            recovered.append(_transition(run, "fail", note=run.error))
        else:
            run.progress = 0
            recovered.append(_transition(run, "requeue", note=_("Opnieuw ingepland na "
                                                                 "een afgebroken worker.")))
            _enqueue(run)
    return recovered


def indicator_run_retry(*, run: IndicatorRun) -> IndicatorRun:
    """Staff retry a failed run."""
    if run.status != IndicatorRun.Status.FAILED:
        raise TransitionNotAllowed(_("Alleen een mislukte berekening kan opnieuw."))
    with transaction.atomic():
        run.error = ""
        _transition(run, "requeue", note="retry")
        _enqueue(run)
    return run
