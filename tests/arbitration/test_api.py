"""API: the same services as the pages, the permission matrix per role, 409 for a refusal of
the ladder, the public casuïstiek, and every endpoint in the OpenAPI schema."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from arbitration.models import Case, Stage
from arbitration.services import publication
from arbitration.verbs import VERBS

from .factories import disputed_proposal

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _verb_url(case, slug):
    return f"/api/geschillen/zaken/{case.pk}/{slug}/"


# --- the permission matrix -------------------------------------------------------------------
ROLES = ["staf", "bestuurder", "bestuurder2", "buitenstaander", "raadpleger", "bestuur",
         "lid1", "voorzitter"]


@pytest.mark.parametrize(("stage", "visible"), [
    (Stage.DIALOOG, {"staf", "bestuurder", "bestuurder2"}),
    (Stage.SIGNAAL, {"staf", "bestuurder", "bestuurder2", "bestuur"}),
    (Stage.UITSPRAAK, {"staf", "bestuurder", "bestuurder2", "bestuur", "lid1", "voorzitter"}),
])
def test_who_reads_a_case_per_role(journey, request, stage, visible):
    case = journey.at(stage)
    for role in ROLES:
        user = request.getfixturevalue(role)
        listed = {c["id"] for c in api(user).get("/api/geschillen/zaken/").json()["results"]}
        detail = api(user).get(f"/api/geschillen/zaken/{case.pk}/")
        assert (case.pk in listed) == (role in visible), role
        assert detail.status_code == (200 if role in visible else 404), role


def test_an_anonymous_client_gets_401_or_403(journey):
    case = journey.open()
    assert api().get("/api/geschillen/zaken/").status_code in (401, 403)
    assert api().post(_verb_url(case, "advies-vragen"), {"toelichting": "x"},
                      format="json").status_code in (401, 403)


# (verb, who may, who may not) at the step where the verb belongs
MATRIX = [
    ("advies-vragen", Stage.DIALOOG, ["bestuurder", "bestuurder2", "staf"],
     ["bestuur", "raadpleger"]),
    ("signaal-bestuur", Stage.DIALOOG, ["bestuurder", "staf"], ["raadpleger"]),
    ("reactie-bestuur", Stage.SIGNAAL, ["bestuur", "staf"], ["bestuurder", "lid1"]),
    ("opschorten", Stage.DIALOOG, ["staf"], ["bestuurder", "bestuurder2"]),
    ("reikwijdte", Stage.DIALOOG, ["staf"], ["bestuurder"]),
    ("arbitrage-vragen", Stage.BEMIDDELING, ["bestuurder", "bestuurder2"], ["staf"]),
    ("vergelijk", Stage.DIALOOG, ["bestuurder", "staf"], []),
]
PAYLOAD = {
    "advies-vragen": {"toelichting": "Geen vergelijk."},
    "signaal-bestuur": {"toelichting": "Signaal."},
    "reactie-bestuur": {"soort": "gesprek", "tekst": "Een kop koffie."},
    "opschorten": {"reden": "Pauze."},
    "reikwijdte": {"concurrentie": True, "dekkend": True, "toelichting": "In scope."},
    "arbitrage-vragen": {"toelichting": "Graag."},
    "vergelijk": {"voorwaarden": "Samen."},
}
CASES = [(verb, stage, who, True) for verb, stage, ok, _no in MATRIX for who in ok] + \
        [(verb, stage, who, False) for verb, stage, _ok, no in MATRIX for who in no]


@pytest.mark.parametrize(("verb", "stage", "who", "allowed"), CASES)
def test_the_permission_matrix_per_verb_and_role(journey, request, verb, stage, who, allowed):
    case = journey.at(stage)
    if verb == "arbitrage-vragen":
        journey.prepare_arbitration(case)
    user = request.getfixturevalue(who)
    response = api(user).post(_verb_url(case, verb), PAYLOAD[verb], format="json")
    if allowed:
        assert response.status_code == 200, response.json()
    else:
        assert response.status_code in (403, 404), response.json()
        assert Case.objects.get(pk=case.pk).stage == stage


def test_arbitration_requested_before_mediation_failed_answers_409_with_the_reason(journey):
    case = journey.at(Stage.BEMIDDELING)
    response = api(journey.partij).post(_verb_url(case, "arbitrage-vragen"),
                                        {"toelichting": "Nu."}, format="json")
    assert response.status_code == 409
    error = response.json()["errors"][0]
    assert error["code"] == "transition_not_allowed"
    assert "Bemiddeling" in error["detail"] and "reikwijdte" in error["detail"]


def test_a_verb_is_posted_and_validated(journey):
    case = journey.open()
    client = api(journey.partij)
    assert client.get(_verb_url(case, "advies-vragen")).status_code == 405
    response = client.post(_verb_url(case, "advies-vragen"), {}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "toelichting"


def test_the_whole_path_through_the_api(journey, opleiding, locatie):
    proposal = disputed_proposal(proposer=journey.partij, objector=journey.wederpartij,
                                 opleiding=opleiding, locatie=locatie)
    staff = api(journey.staf)
    assert [p["id"] for p in staff.get("/api/geschillen/betwiste-voorstellen/").json()[
        "results"]] == [proposal.pk]
    created = staff.post("/api/geschillen/zaken/uit-voorstel/", {"voorstel": proposal.pk},
                         format="json")
    assert created.status_code == 201, created.json()
    case = Case.objects.get(pk=created.json()["id"])
    party, board = api(journey.partij), api(journey.bestuur)
    steps = [
        (party, "signaal-bestuur", {"toelichting": "Geen vergelijk."}),
        (board, "reactie-bestuur", {"soort": "bemiddelaar", "tekst": "Bemiddelaar."}),
        (staff, "bemiddeling-starten", {"bemiddelaar": "Mr. Bemiddel"}),
        (staff, "bemiddeling-afronden", {"uitkomst": "zonder_vergelijk",
                                         "toelichting": "Mislukt."}),
        (staff, "reikwijdte", {"concurrentie": True, "onderscheidend": True,
                               "toelichting": "Marktaandeel."}),
        (party, "arbitrage-vragen", {"toelichting": "Graag."}),
        (staff, "panellid", {"gebruiker": journey.voorzitter.pk, "rol": "voorzitter"}),
        (staff, "panellid", {"gebruiker": journey.leden[0].pk, "rol": "lid"}),
        (staff, "panellid", {"gebruiker": journey.leden[1].pk, "rol": "lid"}),
        (api(journey.voorzitter), "hoorzitting", {"datum": "2024-01-10T10:00:00+01:00",
                                                  "plaats": "Utrecht"}),
        (api(journey.leden[0]), "uitspraak-concept", {
            "beslissing": "Niet starten.", "uitkomst": "toegewezen",
            "gronden": dict.fromkeys(("dekkend", "toegankelijk", "onderscheidend",
                                      "relevant"), "Grond.")}),
        (api(journey.voorzitter), "ondertekenen", {}),
    ]
    for client, verb, payload in steps:
        response = client.post(_verb_url(case, verb), payload, format="json")
        assert response.status_code == 200, (verb, response.json())
    assert response.json()["stage"] == Stage.UITSPRAAK
    ruling = party.get(f"/api/geschillen/zaken/{case.pk}/uitspraak/").json()
    assert ruling["ondertekend"] and ruling["gronden"]["relevant"] == "Grond."
    refused = api(journey.leden[0]).post(_verb_url(case, "uitspraak-concept"),
                                         {"beslissing": "Toch anders."}, format="json")
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["code"] == "ruling_signed"
    timeline = party.get(f"/api/geschillen/zaken/{case.pk}/tijdlijn/").json()
    assert [e["new"] for e in timeline if e["soort"] == "stap"][-1] == Stage.UITSPRAAK
    assert not any(e["soort"] == "geweigerd" for e in timeline)  # panel and staff only
    staff_timeline = staff.get(f"/api/geschillen/zaken/{case.pk}/tijdlijn/").json()
    assert any(e["soort"] == "geweigerd" for e in staff_timeline)
    published = staff.post(_verb_url(case, "publiceren"), {
        "titel": "Start zonder afstemming", "samenvatting": "Instelling A wilde starten.",
        "dekkend": True}, format="json")
    assert published.status_code == 200, published.json()
    public = api().get("/api/geschillen/casuistiek/", {"criterium": "dekkend"}).json()
    assert [p["titel"] for p in public["results"]] == ["Start zonder afstemming"]


def test_staff_see_panel_candidates_with_their_conflicts(journey, instelling):
    from mbo_regie.accounts.models import Rol
    from tests.factories import UserFactory

    case = journey.at(Stage.ARBITRAGE)
    conflicted = UserFactory(username="partijlid", rol=Rol.COMMISSIE, instelling=instelling)
    rows = api(journey.staf).get(f"/api/geschillen/zaken/{case.pk}/kandidaten/").json()
    by_user = {r["user"]: r for r in rows}
    assert by_user[conflicted.pk]["conflicten"][0].endswith("is partij in deze zaak.")
    assert by_user[journey.leden[0].pk]["conflicten"] == []
    assert api(journey.partij).get(
        f"/api/geschillen/zaken/{case.pk}/kandidaten/").status_code == 403


def test_the_public_casuistiek_and_lessons_need_no_login(journey):
    case = journey.at(Stage.GESLOTEN)
    publication.case_publish(case=case, actor=journey.staf, titel="Casus", samenvatting="Anoniem.")
    assert api().get("/api/geschillen/casuistiek/").json()["count"] == 1
    lessons = api().get("/api/geschillen/leerpunten/").json()["results"]
    assert [lesson["tekst"] for lesson in lessons] == ["Heldere afspraken."]


def test_a_commission_member_keeps_the_interest_register_through_the_api(lid1, instelling,
                                                                         bestuurder):
    client = api(lid1)
    created = client.post("/api/geschillen/belangen/", {"omschrijving": "RvT",
                                                        "instelling": instelling.brin},
                          format="json")
    assert created.status_code == 201
    ended = client.post(f"/api/geschillen/belangen/{created.json()['id']}/beeindigen/")
    assert ended.status_code == 200 and ended.json()["actief"] is False
    assert api(bestuurder).post("/api/geschillen/belangen/", {"omschrijving": "x",
                                                              "instelling": instelling.brin},
                                format="json").status_code == 403


def test_every_verb_is_in_the_openapi_schema(staf):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    for verb in VERBS:
        operation = paths[f"/api/geschillen/zaken/{{id}}/{verb.slug}/"]["post"]
        assert "409" in operation["responses"], verb.slug
    for path in ("/api/geschillen/zaken/", "/api/geschillen/casuistiek/",
                 "/api/geschillen/zaken/{id}/tijdlijn/", "/api/geschillen/zaken/{id}/uitspraak/"):
        assert path in paths
    assert reverse("case-list") == "/api/geschillen/zaken/"
