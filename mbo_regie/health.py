"""Health checks used by /health/ and docker-compose."""
from django.conf import settings
from django.db import connection

from portfolio import selectors as portfolio_selectors


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"status": "ok", "engine": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
        return {"status": "error", "engine": connection.vendor, "error": str(exc)[:200]}


def _broker() -> dict:
    if not settings.REDIS_URL:
        return {"status": "ok", "mode": "in process"}
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1,
                             socket_timeout=1).ping()
        return {"status": "ok", "mode": "redis"}
    except redis.RedisError as exc:
        return {"status": "error", "mode": "redis", "error": str(exc)[:200]}


def health_report() -> dict:
    """Overall status is ok only when the database answers; a broker outage degrades."""
    db = _database()
    broker = _broker()
    report = {"database": db, "broker": broker}
    if db["status"] == "ok":
        report["indicator_run"] = portfolio_selectors.indicator_run_latest_summary()
    if db["status"] != "ok":
        report["status"] = "error"
    elif broker["status"] != "ok":
        report["status"] = "degraded"
    else:
        report["status"] = "ok"
    return report
