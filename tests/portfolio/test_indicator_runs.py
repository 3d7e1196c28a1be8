"""Indicator runs: requested, claimed once, executed and stored, failed, recovered, triggered."""
import threading
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from portfolio import indicator_selectors, indicator_services, services
from portfolio.models import Aanbod, IndicatorRun
from tests.factories import (
    AanbodFactory,
    GemeenteFactory,
    InschrijvingFactory,
    InstellingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_registry():
    utrecht = GemeenteFactory(code="GM0344", naam="Utrecht", lat=52.09, lon=5.12)
    GemeenteFactory(code="GM0307", naam="Amersfoort", lat=52.16, lon=5.39)
    roc = InstellingFactory(brin="25LH", naam="ROC Midden Nederland", home_gemeente=utrecht)
    for _ in range(3):
        InschrijvingFactory(aanbod=AanbodFactory(instelling=roc), studenten=25)
    return roc


def _request_without_running(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=False):
        return indicator_services.indicator_run_request(**kwargs)


def test_a_second_request_while_one_is_queued_returns_the_same_run(
        django_capture_on_commit_callbacks):
    first = _request_without_running(django_capture_on_commit_callbacks)
    second = _request_without_running(django_capture_on_commit_callbacks, trigger="change")
    assert first.pk == second.pk
    assert IndicatorRun.objects.count() == 1
    assert first.events.get().new == "queued"


def test_executing_a_run_stores_every_table_and_the_headline_figures(
        small_registry, django_capture_on_commit_callbacks):
    run = _request_without_running(django_capture_on_commit_callbacks)
    run = indicator_services.indicator_run_execute(run_id=run.pk)
    assert run.status == "done" and run.progress == 100
    assert run.summary["offerings"] == 3
    assert run.summary["studenten"] == 75
    assert set(run.timings) >= {"load_s", "compute_s", "store_s", "total_s"}
    assert [(e.old, e.new) for e in run.events.all()] == [("", "queued"), ("queued", "running"),
                                                          ("running", "done")]
    coverage = indicator_selectors.indicator_table(run, "coverage_by_gemeente_programme",
                                                   part="TGO")
    assert set(coverage["gemeente_code"]) == {"GM0344", "GM0307"}
    assert len(indicator_selectors.indicator_table(run, "thinning_offerings")) == 3
    assert indicator_selectors.indicator_run_latest() == run


def test_a_run_is_claimed_only_once(small_registry, django_capture_on_commit_callbacks):
    run = _request_without_running(django_capture_on_commit_callbacks)
    assert indicator_services.indicator_run_execute(run_id=run.pk).status == "done"
    assert indicator_services.indicator_run_execute(run_id=run.pk) is None


def test_no_run_starts_while_another_is_running(django_capture_on_commit_callbacks):
    busy = _request_without_running(django_capture_on_commit_callbacks)
    indicator_services._claim(busy.pk)
    waiting = IndicatorRun.objects.create()
    assert indicator_services.indicator_run_execute(run_id=waiting.pk) is None
    waiting.refresh_from_db()
    assert waiting.status == "queued"


def test_a_failing_computation_marks_the_run_failed_with_the_error(
        small_registry, monkeypatch, django_capture_on_commit_callbacks):
    def broken(**kwargs):
        raise ValueError("kapotte invoer")

    monkeypatch.setattr(indicator_services.indicators, "compute_all", broken)
    run = _request_without_running(django_capture_on_commit_callbacks)
    with pytest.raises(ValueError):
        indicator_services.indicator_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == "failed"
    assert "kapotte invoer" in run.error
    assert run.events.last().new == "failed"


def test_a_run_left_running_by_a_dead_worker_is_requeued_then_failed(
        django_capture_on_commit_callbacks):
    run = _request_without_running(django_capture_on_commit_callbacks)
    indicator_services._claim(run.pk)
    an_hour_ago = timezone.now() - timedelta(hours=1)
    IndicatorRun.objects.filter(pk=run.pk).update(started_on=an_hour_ago,
                                                  heartbeat_on=an_hour_ago)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [recovered] = indicator_services.indicator_runs_recover()
    assert recovered.status == "queued" and len(callbacks) == 1
    IndicatorRun.objects.filter(pk=run.pk).update(
        status="running", attempts=3, started_on=an_hour_ago, heartbeat_on=an_hour_ago)
    [failed] = indicator_services.indicator_runs_recover()
    assert failed.status == "failed" and "3" in failed.error


def test_a_fresh_running_run_is_left_alone(django_capture_on_commit_callbacks):
    run = _request_without_running(django_capture_on_commit_callbacks)
    indicator_services._claim(run.pk)
    assert indicator_services.indicator_runs_recover() == []


def test_a_long_run_whose_worker_still_beats_is_left_alone(django_capture_on_commit_callbacks):
    run = _request_without_running(django_capture_on_commit_callbacks)
    indicator_services._claim(run.pk)
    # Started long ago, but the heartbeat is recent: the worker is alive, only slow.
    IndicatorRun.objects.filter(pk=run.pk).update(
        started_on=timezone.now() - timedelta(hours=1),
        heartbeat_on=timezone.now() - timedelta(seconds=settings.INDICATOR_STALE_SECONDS // 2))
    assert indicator_services.indicator_runs_recover() == []
    IndicatorRun.objects.filter(pk=run.pk).update(
        heartbeat_on=timezone.now() - timedelta(seconds=settings.INDICATOR_STALE_SECONDS + 5))
    assert [r.pk for r in indicator_services.indicator_runs_recover()] == [run.pk]


@pytest.mark.django_db(transaction=True)
def test_a_running_run_writes_its_heartbeat_while_it_computes(small_registry, settings,
                                                              monkeypatch):
    # transaction=True: the heartbeat thread has its own connection and must see the run.
    settings.INDICATOR_HEARTBEAT_SECONDS = 0.05
    compute_all = indicator_services.indicators.compute_all
    seen = {}

    def slow_compute(**kwargs):
        seen["before"] = IndicatorRun.objects.values_list("heartbeat_on", flat=True).get()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # until the thread has beaten at least once
            time.sleep(0.05)
            now = IndicatorRun.objects.values_list("heartbeat_on", flat=True).get()
            if now > seen["before"]:
                seen["after"] = now
                break
        return compute_all(**kwargs)

    monkeypatch.setattr(indicator_services.indicators, "compute_all", slow_compute)
    run = IndicatorRun.objects.create()
    run = indicator_services.indicator_run_execute(run_id=run.pk)
    assert run.status == "done"
    assert seen.get("after"), "no heartbeat was written while the run computed"
    assert not any(t.name.endswith("-heartbeat") for t in threading.enumerate())


def test_a_registry_change_requests_a_recompute(small_registry,
                                                django_capture_on_commit_callbacks):
    aanbod = Aanbod.objects.first()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.aanbod_save(aanbod=aanbod, fields={"capaciteit": 90})
    run = IndicatorRun.objects.get()
    assert run.trigger == "change" and run.status == "queued"
    assert len(callbacks) == 1


def test_an_unchanged_reload_requests_nothing(django_capture_on_commit_callbacks):
    services.reference_data_load()
    IndicatorRun.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False):
        services.reference_data_load()
    assert not IndicatorRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_when_the_broker_is_down_the_run_is_computed_in_process(small_registry, monkeypatch):
    from kombu.exceptions import OperationalError

    from portfolio import tasks

    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    started = []
    real_thread = threading.Thread

    def in_process(target, args=(), **kwargs):
        """The fallback thread runs inline (so the test sees its result); others are real."""
        if target is not indicator_services._execute_in_thread:
            return real_thread(target=target, args=args, **kwargs)
        started.append((target, args))
        return type("T", (), {"start": lambda self: target(*args)})()

    monkeypatch.setattr(tasks.compute_indicators, "apply_async", unreachable)
    monkeypatch.setattr(indicator_services.threading, "Thread", in_process)
    run = indicator_services.indicator_run_request()
    run.refresh_from_db()
    assert len(started) == 1
    assert run.status == "done"


@pytest.mark.celery_worker
@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL: a real broker and worker")
@pytest.mark.django_db(transaction=True)
def test_a_run_enqueued_through_redis_executes_on_a_real_worker(small_registry):
    from celery.contrib.testing.worker import start_worker

    from mbo_regie.celery import app

    with start_worker(app, perform_ping_check=False, shutdown_timeout=30):
        run = indicator_services.indicator_run_request()
        deadline = timezone.now() + timedelta(seconds=60)
        while timezone.now() < deadline:
            run.refresh_from_db()
            if run.status in ("done", "failed"):
                break
            import time

            time.sleep(0.2)
    assert run.status == "done", run.error
    assert run.summary["offerings"] == 3
    assert indicator_selectors.indicator_table(run, "thinning_offerings").shape[0] == 3
