"""When parts fail: a worker killed mid-run, Redis gone, the database refusing a row mid-import.

The worker and Redis tests use real processes: a `celery worker` subprocess that is killed with
SIGKILL, and a Django subprocess whose REDIS_URL points at a closed port. Both need the test
database to be visible from another process, so they run on PostgreSQL (CI's second run).
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction
from django.utils import timezone

from mbo_regie.cache import ResilientRedisCache
from mbo_regie.errors import DomainError
from portfolio import indicator_services, services
from portfolio.importing import ImportFailed
from portfolio.models import Arbeidsmarktregio, Gemeente, IndicatorRun, Opleiding, Provincie
from tests.factories import AanbodFactory, GemeenteFactory, InschrijvingFactory, InstellingFactory
from werkagenda import models as wa
from werkagenda import services as werkagenda_services

BASE_DIR = Path(settings.BASE_DIR)
CLOSED_REDIS = "redis://127.0.0.1:6390/0"  # nothing listens here


@pytest.fixture
def small_registry(db):
    utrecht = GemeenteFactory(code="GM0344", naam="Utrecht", lat=52.09, lon=5.12)
    roc = InstellingFactory(brin="25LH", naam="ROC Midden Nederland", home_gemeente=utrecht)
    for _ in range(3):
        InschrijvingFactory(aanbod=AanbodFactory(instelling=roc), studenten=25)
    return roc


def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("another process must see the test database (CI runs on PostgreSQL too)")


def _database_url() -> str:
    """The URL of the test database, for a subprocess."""
    d = connection.settings_dict
    auth = quote(d["USER"] or "") + (f":{quote(d['PASSWORD'])}" if d["PASSWORD"] else "")
    return f"postgres://{auth}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


def _env(**extra) -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "mbo_regie.settings",
            "DATABASE_URL": _database_url(), **extra}


def _wait_for(condition, timeout=60.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


# --- 1. a worker killed during an indicator run -------------------------------------------------

def _start_worker(log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "mbo_regie", "worker", "--pool=solo",
         "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "info"],
        cwd=BASE_DIR, env=_env(REDIS_URL=settings.REDIS_URL), start_new_session=True,
        stdout=log.open("ab"), stderr=subprocess.STDOUT)


def _stop(worker: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
    worker.wait(timeout=30)


def _status(run) -> str:
    return IndicatorRun.objects.filter(pk=run.pk).values_list("status", flat=True).get()


@pytest.mark.postgres
@pytest.mark.celery_worker
@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL: a real broker and worker")
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_run_leaves_a_run_that_recovery_brings_to_done(small_registry,
                                                                          tmp_path):
    _postgresql_only()
    from mbo_regie.celery import app

    app.control.purge()  # nothing left over from other tests reaches this worker
    log = tmp_path / "worker.log"
    run = indicator_services.indicator_run_request()  # committed and sent to Redis
    with transaction.atomic():
        # Hold the results table: the worker claims the run, computes, then waits to store.
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE portfolio_indicatortable IN ACCESS EXCLUSIVE MODE")
        worker = _start_worker(log)
        try:
            _wait_for(lambda: _status(run) == "running", what="the worker to claim the run")

            def waiting_to_store():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted AND "
                                   "relation = 'portfolio_indicatortable'::regclass")
                    return cursor.fetchone()[0]

            _wait_for(waiting_to_store, what="the worker to wait for the results table")
        finally:
            _stop(worker, signal.SIGKILL)
    # The lock is gone; the killed worker's transaction never commits.
    time.sleep(0.5)
    assert _status(run) == "running", log.read_text()
    assert not run.tables.exists()

    # The recovery beat finds it once it is stale (here: made stale rather than waited for).
    # (The killed worker's heartbeat thread died with it.)
    an_hour_ago = timezone.now() - timedelta(hours=1)
    IndicatorRun.objects.filter(pk=run.pk).update(started_on=an_hour_ago,
                                                  heartbeat_on=an_hour_ago)
    [recovered] = indicator_services.indicator_runs_recover()
    assert recovered.pk == run.pk and recovered.status == "queued"
    worker = _start_worker(log)
    try:
        _wait_for(lambda: _status(run) in ("done", "failed"), what="the retried run to end")
    finally:
        _stop(worker)
    run.refresh_from_db()
    assert run.status == "done", (run.error, log.read_text()[-3000:])
    assert run.attempts == 2 and run.summary["offerings"] == 3
    assert [(e.old, e.new) for e in run.events.all()] == [
        ("", "queued"), ("queued", "running"), ("running", "queued"), ("queued", "running"),
        ("running", "done")]


# --- 2. Redis unavailable ---------------------------------------------------------------------

def test_the_plain_redis_cache_raises_when_redis_is_down_the_portal_cache_does_not():
    plain = RedisCache(CLOSED_REDIS, {"OPTIONS": {"socket_connect_timeout": 1}})
    with pytest.raises(redis.ConnectionError):
        plain.get("x")
    cache = ResilientRedisCache(CLOSED_REDIS, {"OPTIONS": {"socket_connect_timeout": 1}})
    assert cache.get("x", 7) == 7
    assert cache.add("pogingen", 0, timeout=60) is True
    assert cache.incr("pogingen") == 1 and cache.incr("pogingen") == 2
    assert cache.get("pogingen") == 2
    cache.delete("pogingen")
    assert cache.get("pogingen") is None


SCRIPT = r"""
import json, time, django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
from portfolio import indicator_services
from portfolio.models import IndicatorRun

out, c = {}, Client()
response = c.get("/health/")
out["health"] = [response.status_code, response.json()]
out["login_page"] = c.get("/accounts/login/").status_code
out["bad_login"] = c.post("/accounts/login/", {"username": "staf", "password": "fout"}).status_code
out["good_login"] = c.post("/accounts/login/", {"username": "staf",
                                                "password": "geheim-wachtwoord-123"}).status_code
out["pages"] = {p: c.get(p).status_code for p in ("/", "/voorstellen/", "/indicatoren/")}
from django.core import mail
from django.db import transaction
from mbo_regie.accounts.models import User
from portfolio.proposals.models import Notification
from portfolio.proposals.services.notifications import notify

started = time.monotonic()
run = indicator_services.indicator_run_request()
with transaction.atomic():
    notify(users=[User.objects.get(username="staf")], soort=Notification.Soort.choices[0][0],
           proposal=None, tekst="Redis is weg; deze mail komt toch.")
out["send_s"] = time.monotonic() - started
deadline, status = time.time() + 60, None
while time.time() < deadline:
    status = IndicatorRun.objects.get(pk=run.pk).status
    if status in ("done", "failed"):
        break
    time.sleep(0.1)
out["run"] = status
while time.time() < deadline and not mail.outbox:
    time.sleep(0.1)
out["mails"] = [m.body.split("\n")[0] for m in mail.outbox]
print("RESULT " + json.dumps(out))
"""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_with_redis_down_pages_work_health_says_so_and_runs_compute_in_process(small_registry,
                                                                              staf):
    _postgresql_only()
    # The subprocess is not under pytest, so it checks passwords with the production hasher.
    hasher = PBKDF2PasswordHasher()
    staf.password = hasher.encode("geheim-wachtwoord-123", hasher.salt())
    staf.save(update_fields=["password"])
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=BASE_DIR, capture_output=True,
                          text=True, timeout=120, env=_env(REDIS_URL=CLOSED_REDIS))
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")]
    assert lines, done.stderr[-3000:]
    out = json.loads(lines[-1].removeprefix("RESULT "))
    code, health = out["health"]
    assert code == 200 and health["status"] == "degraded"
    assert health["database"]["status"] == "ok"
    assert health["broker"]["status"] == "error" and health["broker"]["mode"] == "redis"
    # The login throttle counts in process memory instead of failing.
    assert out["login_page"] == 200 and out["bad_login"] == 200 and out["good_login"] == 302
    assert out["pages"] == {"/": 200, "/voorstellen/": 200, "/indicatoren/": 200}
    # No broker: the run was computed in a thread of the requesting process.
    assert out["run"] == "done"
    assert "computes in process" in done.stderr
    assert out["mails"] == ["Redis is weg; deze mail komt toch."]
    # Giving up on the broker is quick: no request hangs on reconnect retries.
    assert out["send_s"] < 3, out["send_s"]


# --- 3. the database refuses a row in the middle of an import ---------------------------------

REGISTRY = (Provincie, Arbeidsmarktregio, Gemeente, Opleiding)


def _counts():
    return {m.__name__: m.objects.count() for m in REGISTRY}


def _reference_copy(tmp_path) -> Path:
    target = tmp_path / "reference"
    shutil.copytree(services.REFERENCE_DIR, target)
    return target


@pytest.mark.django_db
def test_a_row_the_database_refuses_mid_import_leaves_nothing_and_is_named(tmp_path):
    directory = _reference_copy(tmp_path)
    # Passes the file checks but breaks a database CHECK (inwoners >= 0) after provinces,
    # regions and sector groups were already written.
    gemeenten = directory / "gemeenten.csv"
    lines = gemeenten.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",226500,", ",-5,")
    assert ",-5," in lines[2]
    gemeenten.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = _counts()
    with pytest.raises(ImportFailed) as refused:
        services.reference_data_load(directory=directory)
    assert _counts() == before
    [error] = refused.value.errors
    assert error.column == "code=GM0034" and "database" in error.message
    assert "er is niets opgeslagen" in refused.value.message


@pytest.mark.django_db
def test_a_repeated_key_in_an_import_file_is_reported_by_line(tmp_path):
    directory = _reference_copy(tmp_path)
    opleidingen = directory / "opleidingen.csv"
    lines = opleidingen.read_text(encoding="utf-8").splitlines()
    opleidingen.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    before = _counts()
    with pytest.raises(ImportFailed) as refused:
        services.reference_data_load(directory=directory)
    assert _counts() == before
    crebo = lines[1].split(",")[0]
    assert [(e.file, e.row, e.column) for e in refused.value.errors] == [
        ("opleidingen.csv", len(lines) + 1, "crebo")]
    assert crebo in refused.value.errors[0].message


@pytest.mark.django_db
def test_a_werkagenda_import_refused_at_its_last_record_keeps_nothing(tmp_path):
    data = json.loads((BASE_DIR / "data" / "werkagenda" / "werkagenda_2025.json")
                      .read_text(encoding="utf-8"))
    indicator = [i for i in data["indicatoren"] if i["metingen"]][-1]
    indicator["metingen"][-1]["waarde"] = None  # NOT NULL in the database
    models = (wa.Partij, wa.Actie, wa.Voortgang, wa.Rapportageronde, wa.Rondegebeurtenis,
              wa.Indicator, wa.Meting)
    before = [m.objects.count() for m in models]
    with pytest.raises(DomainError) as refused:
        werkagenda_services.werkagenda_import(data=data)
    assert [m.objects.count() for m in models] == before
    message = refused.value.message
    assert "niets opgeslagen" in message and f"jaar={indicator['metingen'][-1]['jaar']}" in message
