"""Indicator API: runs and their tables for every member, and the what-if endpoint."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from portfolio.indicators import FRAMES
from portfolio.models import IndicatorRun, Locatie

from . import test_indicator_pages as shared

# The registry with five offerings and its finished run, as on the pages' tests.
registry, run = shared.registry, shared.run

pytestmark = pytest.mark.django_db

RUNS = "/api/indicatoren/runs/"
WHAT_IF = "/api/indicatoren/wat-als/"


@pytest.fixture
def api(raadpleger):
    client = APIClient()
    client.force_authenticate(raadpleger)
    return client


def test_runs_are_listed_newest_first_and_filtered_by_status(api, run):
    queued = IndicatorRun.objects.create()
    body = api.get(RUNS).json()
    assert [r["id"] for r in body["results"]] == [queued.pk, run.pk]
    done = api.get(RUNS, {"status": "done"}).json()
    assert [r["id"] for r in done["results"]] == [run.pk]
    assert done["results"][0]["summary"]["offerings"] == 5
    assert done["results"][0]["synthetisch"] is True


def test_a_run_and_the_latest_finished_run(api, run):
    IndicatorRun.objects.create()
    assert api.get(f"{RUNS}{run.pk}/").json()["status"] == "done"
    assert api.get(f"{RUNS}laatste/").json()["id"] == run.pk


def test_without_a_finished_run_latest_is_not_found(api, db):
    IndicatorRun.objects.create()
    assert api.get(f"{RUNS}laatste/").status_code == 404


def test_the_tables_of_a_run_list_rows_parts_and_columns(api, run):
    tables = {t["name"]: t for t in api.get(f"{RUNS}{run.pk}/tabellen/").json()}
    assert set(tables) == set(FRAMES)
    assert tables["coverage_by_gemeente_programme"]["parts"] == ["ZWS"]
    assert tables["overlap_pairs"]["rows"] == 1
    assert [c["name"] for c in tables["white_spots"]["columns"]] == FRAMES["white_spots"].names


def test_table_rows_are_paginated_and_filtered_on_key_columns(api, run):
    url = f"{RUNS}{run.pk}/tabellen/coverage_by_gemeente_programme/"
    page = api.get(url).json()
    assert page["count"] == 342 * 2 and len(page["results"]) == 50 and page["next"]
    assert page["synthetisch"] is True
    one = api.get(url, {"gemeente_code": "GM0363", "crebo": "25404"}).json()
    assert one["count"] == 1
    row = one["results"][0]
    assert row["reachable"] is True and row["minutes_nearest"] == 0
    assert row["providers_reachable"] == 2


def test_an_invalid_table_filter_is_a_400_naming_the_parameter(api, run):
    response = api.get(f"{RUNS}{run.pk}/tabellen/white_spots/", {"niveau": 9})
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "niveau"


def test_tables_of_an_unfinished_run_or_unknown_tables_are_not_found(api, run):
    queued = IndicatorRun.objects.create()
    assert api.get(f"{RUNS}{queued.pk}/tabellen/").status_code == 404
    assert api.get(f"{RUNS}{run.pk}/tabellen/geheim/").status_code == 404


def test_anonymous_clients_get_nothing(run):
    assert APIClient().get(RUNS).status_code in (401, 403)
    assert APIClient().post(WHAT_IF, {"changes": []}, format="json").status_code in (401, 403)


def test_the_what_if_of_stopping_an_offering_reports_the_deltas(api, registry):
    response = api.post(WHAT_IF, {"changes": [
        {"action": "stop", "aanbod_id": registry["zuid_aanbod"].pk}]}, format="json")
    assert response.status_code == 200
    impact = response.json()
    assert impact["deltas"]["offerings"] == -1
    lost = {row["gemeente_naam"] for row in impact["coverage_lost"]}
    assert "Maastricht" in lost and "Amsterdam" not in lost
    assert impact["synthetisch"] is True


def test_the_what_if_of_a_start_next_to_an_existing_offering_is_an_overlap(api, registry):
    locatie = Locatie.objects.get(instelling=registry["zuid"])
    response = api.post(WHAT_IF, {"changes": [
        {"action": "start", "opleiding_id": registry["helpende"].pk, "locatie_id": locatie.pk,
         "leerweg": "BOL", "studenten": 20}]}, format="json")
    impact = response.json()
    assert impact["deltas"]["offerings"] == 1
    assert impact["overlap_new"] == []  # nobody else offers 25498 near Maastricht


def test_a_change_without_its_required_id_is_a_400_with_the_field(api, registry):
    response = api.post(WHAT_IF, {"changes": [
        {"action": "stop", "aanbod_id": registry["roc_aanbod"].pk},
        {"action": "scale_down", "studenten": 3}]}, format="json")
    assert response.status_code == 400
    assert [e["attr"] for e in response.json()["errors"]] == ["changes.1.aanbod_id"]


def test_a_change_naming_an_unknown_offering_is_a_400_with_the_field(api, registry):
    response = api.post(WHAT_IF, {"changes": [{"action": "stop", "aanbod_id": 987654}]},
                        format="json")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["attr"] == "changes.0.aanbod_id"
    assert "actief aanbod" in error["detail"]


@pytest.mark.parametrize("payload", [
    {"changes": []},
    {"changes": [{"action": "sluiten", "aanbod_id": 1}]},
    {},
])
def test_an_invalid_change_set_is_a_400(api, db, payload):
    response = api.post(WHAT_IF, payload, format="json")
    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"


def test_the_indicator_endpoints_are_in_the_openapi_schema(api, db):
    schema = api.get(reverse("api-schema"), {"format": "json"}).json()
    paths = schema["paths"]
    for path in (RUNS, f"{RUNS}{{id}}/", f"{RUNS}laatste/", f"{RUNS}{{id}}/tabellen/",
                 f"{RUNS}{{id}}/tabellen/{{naam}}/", WHAT_IF):
        assert path in paths, path
    assert "400" in paths[WHAT_IF]["post"]["responses"]
    assert "200" in paths[WHAT_IF]["post"]["responses"]
