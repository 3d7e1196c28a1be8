"""The REST interface calls the same services as the pages; refusals are 409, strangers 403/404."""
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from portfolio.proposals.models import Overleg, Proposal, Status

from .conftest import MOTIVATIE

pytestmark = pytest.mark.django_db
BASE = "/api/voorstellen/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_bestuurder_creates_fills_and_submits_a_proposal_through_the_api(small, bestuurder,
                                                                           bestuurder2):
    client = api(bestuurder)
    response = client.post(BASE, {"soort": "starten", "titel": "Zorg via API",
                                  "samenvatting": "Nieuwe opleiding."}, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["instelling"] == "25PZ" and response.json()["status"] == "concept"
    response = client.post(f"{BASE}{pk}/wijzigingen/", {
        "actie": "start", "opleiding": small.zorg.crebo, "locatie": small.roc_ams.pk,
        "leerweg": "BOL", "ingangsdatum": "2030-08-01", "studenten": 30}, format="json")
    assert response.status_code == 201, response.json()
    assert client.patch(f"{BASE}{pk}/", {"motivatie": MOTIVATIE},
                        format="json").status_code == 200
    response = client.post(f"{BASE}{pk}/indienen/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ingediend" and body["concept"] is None
    assert [u["instelling"] for u in body["uitnodigingen"]] == ["30RM"]
    codes = [s["code"] for s in body["versie"]["signalen"]]
    assert "overlap" in codes
    assert body["versie"]["impact"]["deltas"]["offerings"] == 1
    # The invited institution answers with a bezwaar; everyone reads it.
    response = api(bestuurder2).put(f"{BASE}{pk}/reacties/", {
        "soort": "bezwaar", "redenen": {"regionale_dekking": "Dubbel aanbod."}}, format="json")
    assert response.status_code == 200, response.json()
    [reactie] = client.get(f"{BASE}{pk}/reacties/").json()
    assert (reactie["instelling"], reactie["soort"]) == ("30RM", "bezwaar")


def test_a_refused_transition_is_409_with_the_reason(build, bestuurder):
    proposal = build(Status.INGEDIEND)
    response = api(bestuurder).post(f"{BASE}{proposal.pk}/afstemmen/", {}, format="json")
    assert response.status_code == 409
    assert "termijn" in response.json()["errors"][0]["detail"]


def test_a_staff_member_may_propose_for_an_institution_a_bestuurder_only_for_his_own(
        small, staf, bestuurder):
    response = api(staf).post(BASE, {"soort": "stoppen", "titel": "Namens", "instelling": "30RM"},
                              format="json")
    assert response.status_code == 201 and response.json()["instelling"] == "30RM"
    response = api(bestuurder).post(BASE, {"soort": "stoppen", "titel": "Eigen",
                                           "instelling": "30RM"}, format="json")
    assert response.json()["instelling"] == "25PZ"


@pytest.mark.parametrize(("role", "code"), [("bestuurder", 200), ("bestuurder2", 404),
                                            ("raadpleger", 404), ("staf", 200)])
def test_a_concept_is_private_in_the_api_too(build, request, role, code):
    proposal = build(Status.CONCEPT)
    response = api(request.getfixturevalue(role)).get(f"{BASE}{proposal.pk}/")
    assert response.status_code == code
    listed = [p["id"] for p in api(request.getfixturevalue(role)).get(BASE).json()["results"]]
    assert (proposal.pk in listed) == (code == 200)


@pytest.mark.parametrize(("role", "code"), [("bestuurder2", 403), ("raadpleger", 403),
                                            ("commissie", 403)])
def test_only_the_proposer_submits(build, request, role, code):
    proposal = build(Status.CONCEPT)
    Proposal.objects.filter(pk=proposal.pk).update(status=Status.CONCEPT)
    assert api(request.getfixturevalue(role)).post(
        f"{BASE}{proposal.pk}/indienen/").status_code in (code, 404)


def test_an_outsider_cannot_respond(build, commissie):
    proposal = build(Status.INGEDIEND)
    response = api(commissie).put(f"{BASE}{proposal.pk}/reacties/", {"soort": "instemming"},
                                  format="json")
    assert response.status_code == 403


def test_messages_documents_and_versions(build, bestuurder, bestuurder2, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    proposal = build(Status.AANGEPAST)
    client = api(bestuurder2)
    root = client.post(f"{BASE}{proposal.pk}/berichten/", {"tekst": "Vraag"}, format="json")
    assert root.status_code == 201
    reply = api(bestuurder).post(f"{BASE}{proposal.pk}/berichten/",
                                 {"tekst": "Antwoord", "parent": root.json()["id"]},
                                 format="json")
    assert reply.json()["parent"] == root.json()["id"]
    upload = client.post(f"{BASE}{proposal.pk}/documenten/",
                         {"bestand": SimpleUploadedFile("zienswijze.pdf", b"%PDF-1.4 x")},
                         format="multipart")
    assert upload.status_code == 201, upload.json()
    bad = client.post(f"{BASE}{proposal.pk}/documenten/",
                      {"bestand": SimpleUploadedFile("x.exe", b"MZ")}, format="multipart")
    # A refused upload is bad input on the field (mbo_regie/uploads.py), not a domain refusal.
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["attr"] == "bestand"
    versions = client.get(f"{BASE}{proposal.pk}/versies/").json()
    assert [v["nummer"] for v in versions] == [1, 2]


def test_changes_of_a_draft_can_be_patched_and_deleted_but_published_ones_not(build,
                                                                              bestuurder):
    proposal = build(Status.CONCEPT)
    change = proposal.draft().wijzigingen.get()
    client = api(bestuurder)
    response = client.patch(f"{BASE}wijzigingen/{change.pk}/", {"studenten": 12}, format="json")
    assert response.status_code == 200 and response.json()["studenten"] == 12
    assert client.delete(f"{BASE}wijzigingen/{change.pk}/").status_code == 204
    published = build(Status.INGEDIEND).latest_version().wijzigingen.get()
    assert client.delete(f"{BASE}wijzigingen/{published.pk}/").status_code == 409


def test_meetings_are_written_by_staff_and_read_by_members(build, small, staf, bestuurder):
    proposal = build(Status.INGEDIEND)
    payload = {"soort": "regionaal", "titel": "Overleg", "datum": "2030-03-01",
               "arbeidsmarktregio": small.amsterdam.arbeidsmarktregio.code}
    assert api(bestuurder).post(f"{BASE}overleggen/", payload,
                                format="json").status_code == 403
    response = api(staf).post(f"{BASE}overleggen/", payload, format="json")
    assert response.status_code == 201, response.json()
    overleg = Overleg.objects.get()
    item = api(staf).post(f"{BASE}overleggen/{overleg.pk}/agenda/", {"proposal": proposal.pk},
                          format="json")
    assert item.status_code == 201
    response = api(staf).patch(f"{BASE}agendapunten/{item.json()['id']}/",
                               {"uitkomst": "afgestemd"}, format="json")
    assert response.json()["uitkomst"] == "afgestemd"
    [listed] = api(bestuurder).get(f"{BASE}overleggen/").json()["results"]
    assert listed["agenda"][0]["titel"] == proposal.titel


def test_the_inbox_and_notifications(build, bestuurder2):
    proposal = build(Status.INGEDIEND)
    client = api(bestuurder2)
    inbox = client.get(f"{BASE}mijn-acties/").json()
    assert [p["id"] for p in inbox["reageren"]] == [proposal.pk]
    assert inbox["ongelezen_meldingen"] == 1
    [notification] = client.get(f"{BASE}meldingen/").json()["results"]
    read = client.post(f"{BASE}meldingen/{notification['id']}/gelezen/")
    assert read.json()["gelezen_op"] is not None


def test_notifications_come_in_the_language_of_the_request(build, bestuurder2):
    build(Status.INGEDIEND)
    client = api(bestuurder2)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    [notification] = client.get(f"{BASE}meldingen/").json()["results"]
    assert notification["tekst"].startswith("ROC van Amsterdam has submitted the proposal")


def test_the_schema_documents_the_proposal_endpoints(client, staf):
    client.force_login(staf)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    for path in (BASE, f"{BASE}{{id}}/indienen/", f"{BASE}{{id}}/reacties/",
                 f"{BASE}{{id}}/documenten/", f"{BASE}overleggen/", f"{BASE}mijn-acties/"):
        assert path in paths, path
    assert "put" in paths[f"{BASE}{{id}}/reacties/"]
