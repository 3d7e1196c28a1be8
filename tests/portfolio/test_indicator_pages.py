"""Indicator pages: the map per indicator, overview, method, runs, exports and detail panels."""
import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from portfolio import indicator_selectors, indicator_services
from portfolio.indicators import FRAMES
from portfolio.models import (
    Gemeente,
    IndicatorRun,
    IndicatorSettings,
    Instelling,
    Locatie,
    Opleiding,
)
from portfolio.services import reference_data_load
from tests.factories import AanbodFactory, InschrijvingFactory, InstellingFactory

pytestmark = pytest.mark.django_db


def _offer(instelling, opleiding, gemeente, studenten, **fields):
    locatie = Locatie.objects.filter(instelling=instelling, gemeente=gemeente).first() or \
        Locatie.objects.create(instelling=instelling, code=f"{instelling.brin}-{gemeente.code}",
                               naam=f"{instelling.naam} {gemeente.naam}", gemeente=gemeente,
                               lat=gemeente.lat, lon=gemeente.lon, bron="synthetisch")
    aanbod = AanbodFactory(instelling=instelling, opleiding=opleiding, locatie=locatie,
                           bron="synthetisch", **fields)
    InschrijvingFactory(aanbod=aanbod, jaar=2025, studenten=studenten)
    return aanbod


@pytest.fixture
def registry():
    """The real gemeenten and programmes, and five synthetic offerings in three gemeenten.

    Two institutions offer Schoonheidsspecialist (25404) side by side in Amsterdam without a
    justification (flagged overlap); a small school is its only provider in Maastricht (krimp);
    Helpende Zorg en Welzijn (25498) is offered in Zaanstad only.
    """
    reference_data_load()
    IndicatorRun.objects.all().delete()  # the load requested a recompute; tests start clean
    amsterdam, zaanstad, maastricht = (Gemeente.objects.get(code=c)
                                       for c in ("GM0363", "GM0479", "GM0935"))
    roc, top = Instelling.objects.get(brin="25PZ"), Instelling.objects.get(brin="30RM")
    zuid = InstellingFactory(brin="99ZZ", naam="ROC Zuid", home_gemeente=maastricht)
    schoonheid = Opleiding.objects.get(crebo="25404")
    helpende = Opleiding.objects.get(crebo="25498")
    return {
        "roc": roc, "top": top, "zuid": zuid, "schoonheid": schoonheid, "helpende": helpende,
        "amsterdam": amsterdam, "zaanstad": zaanstad, "maastricht": maastricht,
        "roc_aanbod": _offer(roc, schoonheid, amsterdam, 80),
        "top_aanbod": _offer(top, schoonheid, amsterdam, 20),
        "zuid_aanbod": _offer(zuid, schoonheid, maastricht, 6),
        "zaanstad_aanbod": _offer(roc, helpende, zaanstad, 30, leerweg="BBL",
                                  profiel="Zorg in de wijk"),
        "zaanstad_bol": _offer(top, helpende, zaanstad, 25),
    }


def compute():
    """A finished run on the current registry, executed here (no Celery in these tests)."""
    run = IndicatorRun.objects.create(trigger=IndicatorRun.Trigger.MANUAL)
    return indicator_services.indicator_run_execute(run_id=run.pk)


@pytest.fixture
def run(registry):
    return compute()


def _paths(html: str) -> dict[str, int]:
    """gemeente code -> class index, from the map's SVG."""
    return {code: int(k) for code, k in
            re.findall(r'data-gemeente="(GM\d{4})" data-klasse="(\d+)"', html.split("<svg")[1])}


def _table_codes(html: str) -> list[str]:
    body = html.split('id="kaart-tabel"')[1]
    return re.findall(r'<tr class="utrecht-table__row" data-gemeente="(GM\d{4})"', body)


MAP_SELECTIONS = [
    {"indicator": "reistijd", "crebo": "25404"},
    {"indicator": "bereik", "crebo": "25404"},
    {"indicator": "witte_vlekken", "btg": "ZWS", "niveau": "3"},
    {"indicator": "toegankelijkheid", "btg": "ZWS", "niveau": "2"},
    {"indicator": "overlap"},
    {"indicator": "overlap", "btg": "ZWS", "niveau": "3", "crebo": "25404"},
    {"indicator": "verschraling"},
    {"indicator": "verschraling", "niveau": "2"},
    {"indicator": "witte_vlekken"},
    {},
]


@pytest.mark.parametrize("selection", MAP_SELECTIONS)
def test_every_indicator_draws_each_gemeente_once_with_the_same_figures_as_a_table(
        client_for, raadpleger, run, selection):
    response = client_for(raadpleger).get(reverse("indicators:map"), selection)
    assert response.status_code == 200
    html = response.content.decode()
    shapes = Gemeente.objects.exclude(svg_path="").count()
    paths = _paths(html)
    assert len(paths) == shapes == 342
    assert html.count("<title>") == shapes + 1  # the map's own title plus one per gemeente
    assert sorted(_table_codes(html)) == sorted(paths)
    assert 'role="img"' in html and 'aria-labelledby="kaart-titel kaart-uitleg"' in html
    assert 'fill-rule="evenodd"' in html
    legend = response.context["rendered"].legend
    assert sum(item["count"] for item in legend) == shapes
    assert "synthetisch" in html


def test_the_travel_time_map_shows_minutes_to_the_nearest_offering(client_for, raadpleger,
                                                                  run):
    response = client_for(raadpleger).get(reverse("indicators:map"),
                                          {"indicator": "reistijd", "crebo": "25404"})
    html = response.content.decode()
    paths = _paths(html)
    # Offered in Amsterdam and Maastricht: both are in the quickest class, Groningen is far.
    assert paths["GM0363"] == 0 and paths["GM0935"] == 0
    assert paths["GM0014"] == 3
    assert "<title>Amsterdam: 0,0 min, binnen bereik</title>" in html
    assert _table_codes(html)[:2] == ["GM0363", "GM0935"]


def test_a_drawn_map_is_reused_per_run_and_language_and_redrawn_for_a_new_run(
        client_for, raadpleger, run, registry, monkeypatch):
    from portfolio.indicator_views import pages

    drawn = []
    real = pages.maps.render
    monkeypatch.setattr(pages.maps, "render", lambda *a, **k: drawn.append(1) or real(*a, **k))
    client = client_for(raadpleger)
    selection = {"indicator": "reistijd", "crebo": "25404"}
    first = client.get(reverse("indicators:map"), selection).content.decode()
    again = client.get(reverse("indicators:map"), selection).content.decode()
    assert again.split("<svg")[1] == first.split("<svg")[1]  # map, table and the rest
    assert len(drawn) == 1  # the same selection of the same run: drawn once
    client.cookies["django_language"] = "en"
    english = client.get(reverse("indicators:map"), selection).content.decode()
    assert len(drawn) == 2 and "Travel time" in english  # another language: drawn again
    del client.cookies["django_language"]
    newer = compute()  # a newer run: its own map
    html = client.get(reverse("indicators:map"), selection).content.decode()
    assert len(drawn) == 3 and f"kaart-run{newer.pk}" in client.get(
        reverse("indicators:map"), {**selection, "format": "csv"})["Content-Disposition"]
    assert _paths(html) == _paths(first)


def test_the_white_spot_map_agrees_with_the_white_spots_table(client_for, raadpleger, run):
    response = client_for(raadpleger).get(reverse("indicators:map"), {
        "indicator": "witte_vlekken", "btg": "ZWS", "niveau": "3"})
    on_map = {code for code, k in _paths(response.content.decode()).items() if k == 0}
    spots = indicator_selectors.indicator_table(run, "white_spots")
    expected = set(spots[(spots["btg_code"] == "ZWS") & (spots["niveau"] == 3)]["gemeente_code"])
    assert on_map == expected
    assert "GM0014" in on_map and "GM0363" not in on_map


def test_the_overlap_map_marks_the_gemeente_with_two_unjustified_offerings(client_for,
                                                                          raadpleger, run):
    response = client_for(raadpleger).get(reverse("indicators:map"), {"indicator": "overlap"})
    rows = {r["code"]: r for r in response.context["rendered"].rows}
    # Amsterdam: both 25404 offerings are in one flagged pair; Zaanstad's pair is justified.
    assert rows["GM0363"]["cells"][:3] == ["2", "2", "100,0%"]
    assert rows["GM0479"]["cells"][:3] == ["2", "0", "0,0%"]
    assert rows["GM0014"]["klasse"] == "geen aanbod in de gemeente"


def test_the_thinning_map_counts_offerings_at_risk_per_gemeente(client_for, raadpleger, run):
    response = client_for(raadpleger).get(reverse("indicators:map"),
                                          {"indicator": "verschraling"})
    rows = {r["code"]: r for r in response.context["rendered"].rows}
    # The small sole provider in krimp gemeente Maastricht is at risk.
    assert rows["GM0935"]["cells"][:2] == ["1", "1"]


def test_an_htmx_request_gets_only_the_map_and_table(client_for, raadpleger, run):
    response = client_for(raadpleger).get(reverse("indicators:map"),
                                          {"indicator": "bereik", "crebo": "25498"},
                                          headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and "<svg" in html and 'id="kaart-tabel"' in html
    assert "25498" in html


def test_an_unknown_programme_is_a_field_error_not_a_crash(client_for, raadpleger, run):
    response = client_for(raadpleger).get(reverse("indicators:map"),
                                          {"indicator": "reistijd", "crebo": "12345"})
    assert response.status_code == 200
    assert response.context["form"].errors["crebo"]
    assert "<svg" not in response.content.decode().split("</form>")[1]


def test_a_programme_can_be_chosen_by_its_name(client_for, raadpleger, run):
    response = client_for(raadpleger).get(reverse("indicators:map"),
                                          {"indicator": "reistijd",
                                           "crebo": "Schoonheidsspecialist"})
    assert response.context["form"].cleaned_data["crebo"] == "25404"


def test_the_map_figures_download_as_csv_with_one_row_per_gemeente(client_for, raadpleger,
                                                                  run):
    response = client_for(raadpleger).get(reverse("indicators:map"), {
        "indicator": "reistijd", "crebo": "25404", "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["gemeente_code", "gemeente", "klasse"]
    assert rows[0][-1] == "synthetisch"
    assert len(rows) == 1 + 342


def test_pages_without_a_run_say_so_and_offer_only_staff_the_start_button(
        client_for, raadpleger, staf, db):
    for url in (reverse("indicators:overview"), reverse("indicators:map"),
                reverse("indicators:cards")):
        reader = client_for(raadpleger).get(url).content.decode()
        assert "nog geen indicatoren berekend" in reader
        assert reverse("indicators:run_start") not in reader
        assert reverse("indicators:run_start") in client_for(staf).get(url).content.decode()


@pytest.mark.parametrize("name", ["overview", "cards", "method", "runs", "run_compare"])
def test_reading_pages_render_for_every_member(client_for, raadpleger, run, name):
    response = client_for(raadpleger).get(reverse(f"indicators:{name}"))
    assert response.status_code == 200


def test_the_overview_shows_the_headline_figures_and_every_table(client_for, bestuurder, run):
    html = client_for(bestuurder).get(reverse("indicators:overview")).content.decode()
    for name in FRAMES:
        assert reverse("indicators:table", args=[run.pk, name]) in html
    assert "Overlapparen zonder onderbouwing" in html


def test_the_method_page_shows_the_parameters_in_force_and_those_of_the_run(
        client_for, raadpleger, run):
    IndicatorSettings.objects.create(minutes_niveau_4=75)
    response = client_for(raadpleger).get(reverse("indicators:method"))
    rows = {r["key"]: r for r in response.context["params"]}
    assert "niveau 4: 75" in rows["threshold_minutes"]["now"]
    assert "niveau 4: 60" in rows["threshold_minutes"]["used"]
    assert rows["threshold_minutes"]["differs"] and not rows["speed_kmh"]["differs"]
    html = response.content.decode()
    for name in FRAMES:
        assert f'id="tabel-{name}"' in html


# ---- Staff-only actions -----------------------------------------------------------------

@pytest.mark.parametrize("actor", ["raadpleger", "bestuurder", "commissie"])
def test_only_staff_may_start_retry_or_configure_runs(client_for, request, actor, db):
    client = client_for(request.getfixturevalue(actor))
    failed = IndicatorRun.objects.create()
    IndicatorRun.objects.filter(pk=failed.pk).update(status="failed")
    assert client.post(reverse("indicators:run_start")).status_code == 403
    assert client.post(reverse("indicators:run_retry", args=[failed.pk])).status_code == 403
    assert client.get(reverse("indicators:settings")).status_code == 403
    assert client.post(reverse("indicators:settings"), {"speed_kmh": 50}).status_code == 403
    assert IndicatorRun.objects.count() == 1 and not IndicatorSettings.objects.exists()


def test_staff_start_a_run_and_land_on_its_progress(client_for, staf, registry,
                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(staf).post(reverse("indicators:run_start"))
    run = IndicatorRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:run_detail", args=[run.pk])
    assert run.trigger == "manual" and run.requested_by == staf and len(callbacks) == 1
    page = client_for(staf).get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page and "<progress" in page


def test_starting_is_a_post(client_for, staf, db):
    assert client_for(staf).get(reverse("indicators:run_start")).status_code == 405


def test_the_progress_fragment_polls_until_the_run_is_finished(client_for, raadpleger, run):
    client = client_for(raadpleger)
    queued = IndicatorRun.objects.create()
    polling = client.get(reverse("indicators:run_progress", args=[queued.pk]),
                         headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in polling.content.decode()
    assert "HX-Refresh" not in polling
    finished = client.get(reverse("indicators:run_progress", args=[run.pk]),
                          headers={"HX-Request": "true"})
    assert "hx-trigger" not in finished.content.decode()
    assert finished["HX-Refresh"] == "true"


def test_staff_retry_a_failed_run(client_for, staf, db, django_capture_on_commit_callbacks):
    failed = IndicatorRun.objects.create()
    IndicatorRun.objects.filter(pk=failed.pk).update(status="failed", error="kapot")
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(staf).post(reverse("indicators:run_retry", args=[failed.pk]))
    failed.refresh_from_db()
    assert response.status_code == 302 and failed.status == "queued" and failed.error == ""


def test_retrying_a_run_that_did_not_fail_shows_the_refusal(client_for, staf, run):
    response = client_for(staf).post(reverse("indicators:run_retry", args=[run.pk]),
                                     follow=True)
    assert "Alleen een mislukte berekening kan opnieuw" in response.content.decode()
    run.refresh_from_db()
    assert run.status == "done"


def test_saving_the_parameters_does_not_recompute_but_save_and_recompute_does(
        client_for, staf, db, django_capture_on_commit_callbacks):
    client = client_for(staf)
    data = {"detour_factor": "1.4", "speed_kmh": "45", "minutes_niveau_1": "25",
            "minutes_niveau_2": "30", "minutes_niveau_3": "45", "minutes_niveau_4": "60",
            "low_enrolment_threshold": "12", "specialist_max_locations": "5",
            "recent_start_years": "3"}
    assert client.post(reverse("indicators:settings"), data).status_code == 302
    assert IndicatorSettings.objects.get().minutes_niveau_1 == 25
    assert not IndicatorRun.objects.exists()
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("indicators:settings"), {**data, "herberekenen": "1"})
    assert IndicatorSettings.objects.count() == 1
    assert IndicatorRun.objects.get().trigger == "manual"


def test_invalid_parameters_are_refused_with_field_errors(client_for, staf, db):
    response = client_for(staf).post(reverse("indicators:settings"), {
        "detour_factor": "0.5", "speed_kmh": "45", "minutes_niveau_1": "0",
        "minutes_niveau_2": "30", "minutes_niveau_3": "45", "minutes_niveau_4": "60",
        "low_enrolment_threshold": "12", "specialist_max_locations": "5",
        "recent_start_years": "3"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"detour_factor", "minutes_niveau_1"}


# ---- Runs history ------------------------------------------------------------------------

def test_two_runs_are_compared_by_their_headline_figures(client_for, raadpleger, registry,
                                                         run):
    registry["zuid_aanbod"].status = "gestopt"
    registry["zuid_aanbod"].save()
    later = compute()
    response = client_for(raadpleger).get(reverse("indicators:run_compare"),
                                          {"a": run.pk, "b": later.pk})
    figures = {str(f["label"]): f for f in response.context["figures"]}
    assert figures["Actief aanbod"]["a"] == "5" and figures["Actief aanbod"]["b"] == "4"
    assert figures["Actief aanbod"]["delta"] == "-1"
    history = client_for(raadpleger).get(reverse("indicators:runs")).content.decode()
    assert f"#{run.pk}" in history and f"#{later.pk}" in history


# ---- Tables and exports ------------------------------------------------------------------

def test_every_table_exports_as_csv_with_one_line_per_row(client_for, raadpleger, run):
    client = client_for(raadpleger)
    for name in FRAMES:
        response = client.get(reverse("indicators:table", args=[run.pk, name]),
                              {"format": "csv"})
        assert response["Content-Type"].startswith("text/csv")
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == [*FRAMES[name].names, "synthetisch"], name
        stored = indicator_selectors.indicator_table(run, name)
        assert len(rows) - 1 == run.counts[name] == len(stored), name


@pytest.mark.parametrize("name", ["coverage_by_programme", "overlap_pairs", "white_spots"])
def test_tables_export_as_xlsx_that_openpyxl_reads(client_for, raadpleger, run, name):
    response = client_for(raadpleger).get(reverse("indicators:table", args=[run.pk, name]),
                                          {"format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == [*FRAMES[name].names, "synthetisch"]
    assert len(rows) - 1 == run.counts[name]
    notes = [r[1] for r in book.worksheets[1].iter_rows(values_only=True) if len(r) > 1]
    assert any("synthetisch" in str(n) for n in notes)


def test_a_partitioned_table_shows_and_exports_one_bedrijfstakgroep(client_for, raadpleger,
                                                                    run):
    url = reverse("indicators:table", args=[run.pk, "coverage_by_gemeente_programme"])
    client = client_for(raadpleger)
    page = client.get(url, {"part": "ZWS"})
    assert page.status_code == 200 and page.context["total"] == 342 * 2
    assert len(page.context["rows"]) == 50
    text = b"".join(client.get(url, {"part": "ZWS", "format": "csv"}).streaming_content)
    assert len(text.decode("utf-8-sig").strip().splitlines()) == 1 + 342 * 2
    assert client.get(url, {"part": "XYZ"}).status_code == 404
    book = openpyxl.load_workbook(io.BytesIO(client.get(url, {"part": "ZWS",
                                                               "format": "xlsx"}).content))
    assert book.worksheets[0].max_row == 1 + 342 * 2
    whole = client.get(url, {"format": "xlsx"}, follow=True)
    assert "Kies een bedrijfstakgroep voor een Excel-bestand" in whole.content.decode()


def test_an_unknown_table_or_an_unfinished_run_is_not_found(client_for, raadpleger, run):
    client = client_for(raadpleger)
    assert client.get(reverse("indicators:table", args=[run.pk, "geheim"])).status_code == 404
    queued = IndicatorRun.objects.create()
    assert client.get(reverse("indicators:table",
                              args=[queued.pk, "white_spots"])).status_code == 404


# ---- Registry detail pages ---------------------------------------------------------------

def test_the_institution_page_shows_its_overlap_and_thinning(client_for, raadpleger,
                                                             registry, run):
    response = client_for(raadpleger).get(registry["top"].get_absolute_url())
    panel = response.context["indicatoren"]
    assert panel["offerings"] == 2 and panel["pairs_flagged"] == 1
    assert panel["pair_rows"][0]["instelling"] == "ROC van Amsterdam"
    assert "ROC van Amsterdam" in response.content.decode()


def test_the_offering_page_shows_its_thinning_risk(client_for, raadpleger, registry, run):
    response = client_for(raadpleger).get(registry["zuid_aanbod"].get_absolute_url())
    thinning = response.context["indicatoren"]["thinning"]
    assert thinning["thinning_risk"] and thinning["sole_provider_region"]
    assert thinning["low_enrolment"] and thinning["krimp"]


def test_the_programme_page_shows_its_national_reach(client_for, raadpleger, registry, run):
    response = client_for(raadpleger).get(registry["schoonheid"].get_absolute_url())
    panel = response.context["indicatoren"]
    assert panel["coverage"]["offerings"] == 3 and panel["pairs_flagged"] == 1
    assert "indicator=reistijd&amp;crebo=25404" in response.content.decode()


def test_the_region_and_gemeente_pages_show_white_spots(client_for, raadpleger, registry, run):
    client = client_for(raadpleger)
    regio = client.get(reverse("portfolio:regio_detail", args=["AM01"])).context["indicatoren"]
    assert regio["white_spots"] > 0 and regio["coverage"] is not None
    gemeente = client.get(registry["zaanstad"].get_absolute_url()).context["indicatoren"]
    niveaus = {str(r["niveau"]): r for r in gemeente["per_niveau"]}
    assert niveaus["niveau 2"]["reachable"] == 1 and niveaus["niveau 3"]["reachable"] == 1
    assert gemeente["offerings"] == 2


def test_detail_pages_say_when_no_run_exists(client_for, raadpleger, registry):
    html = client_for(raadpleger).get(registry["roc"].get_absolute_url()).content.decode()
    assert "nog geen indicatoren berekend" in html


def test_the_start_page_cards_link_to_the_maps(client_for, raadpleger, run):
    response = client_for(raadpleger).get(reverse("indicators:cards"))
    html = response.content.decode()
    assert f"{reverse('indicators:map')}?indicator=overlap" in html
    assert "synthetisch" in html
    home = client_for(raadpleger).get(reverse("home")).content.decode()
    assert reverse("indicators:cards") in home
