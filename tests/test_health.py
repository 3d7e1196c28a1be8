"""GET /health/ reports the database, the broker and the latest indicator run."""
import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_health_reports_database_and_broker(client, settings):
    body = client.get("/health/").json()
    assert body["status"] in ("ok", "degraded")
    assert body["database"]["status"] == "ok"
    if settings.REDIS_URL:
        assert body["broker"]["mode"] == "redis"
    else:
        assert body["broker"] == {"status": "ok", "mode": "in process"}
    assert body["indicator_run"] is None


@override_settings(REDIS_URL="redis://127.0.0.1:1/0")
def test_health_says_degraded_when_the_broker_is_unreachable(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["broker"]["status"] == "error"


def test_health_shows_the_latest_indicator_run(client):
    from portfolio.models import IndicatorRun

    run = IndicatorRun.objects.create()
    body = client.get("/health/").json()
    assert body["indicator_run"]["id"] == run.pk
    assert body["indicator_run"]["status"] == "queued"
