"""API: lists and filters, rounds (open, publish, 409 on forbidden transitions), progress."""
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers as drf
from rest_framework.test import APIClient

from tests.factories import ArbeidsmarktregioFactory, BedrijfstakgroepFactory, OpleidingFactory
from werkagenda import selectors, serializers
from werkagenda.models import Actie, Rapportageronde, Voortgang

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_actions_are_listed_with_objective_wie_wanneer_and_progress(werkagenda, raadpleger):
    body = api(raadpleger).get("/api/werkagenda/acties/").json()
    assert body["count"] == 78 and len(body["results"]) == 20  # paginated: large items
    all_of_them = api(raadpleger).get("/api/werkagenda/acties/", {"page_size": 100}).json()
    assert len(all_of_them["results"]) == 78
    first = body["results"][0]
    assert first["code"] == "1.1.1" and first["doelstelling"] == "1.1"
    assert first["wie"]["origineel"] == "OCW, mbo-scholen, gemeenten, werkgevers, JOB."
    assert [p["code"] for p in first["wie"]["partijen"]] == [
        "ocw", "mbo-scholen", "gemeenten", "werkgevers", "job"]
    assert (first["wanneer"], first["startjaar"], first["eindjaar"]) == (
        "Doorlopend: 2023 – 2027", 2023, 2027)
    assert [(v["ronde"], v["idem"]) for v in first["voortgang"]] == [
        ("zomer-2024", False), ("najaar-2025", True)]


@pytest.mark.parametrize(("query", "codes"), [
    ("doelstelling=1.5", ["1.5.1", "1.5.2"]),
    ("partij=nuffic", ["1.1.9"]),
    ("status=vertraagd&ronde=zomer-2024", ["2.1.9"]),
    ("q=studentenkaart", ["1.1.5"]),
])
def test_actions_are_filterable(werkagenda, raadpleger, query, codes):
    body = api(raadpleger).get(f"/api/werkagenda/acties/?{query}").json()
    assert [a["code"] for a in body["results"]] == codes


def test_the_other_registries_are_listed(werkagenda, raadpleger):
    client = api(raadpleger)
    assert len(client.get("/api/werkagenda/prioriteiten/").json()) == 3
    assert len(client.get("/api/werkagenda/doelstellingen/").json()) == 12
    assert client.get("/api/werkagenda/doelstellingen/2.1/").json()["tekst"].startswith("Bij")
    assert {"ocw", "mbo-raad", "job"} <= {p["code"] for p in
                                          client.get("/api/werkagenda/partijen/").json()}
    assert len(client.get("/api/werkagenda/rondes/").json()) == 2
    assert len(client.get("/api/werkagenda/indicatoren/").json()) == 4


def test_anonymous_callers_get_401(werkagenda):
    assert APIClient().get("/api/werkagenda/acties/").status_code in (401, 403)


def test_staff_open_and_publish_a_round_and_publishing_twice_is_409(actie_ocw, staf):
    client = api(staf)
    response = client.post("/api/werkagenda/rondes/", {"code": "voorjaar-2026",
                                                       "naam": "voorjaar 2026"}, format="json")
    assert response.status_code == 201 and response.json()["status"] == "open"
    response = client.post("/api/werkagenda/rondes/voorjaar-2026/publiceren/", {}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "gepubliceerd"
    response = client.post("/api/werkagenda/rondes/voorjaar-2026/publiceren/", {}, format="json")
    assert response.status_code == 409


def test_opening_a_second_round_is_409(open_ronde, staf):
    response = api(staf).post("/api/werkagenda/rondes/", {"code": "x", "naam": "x"},
                              format="json")
    assert response.status_code == 409
    assert Rapportageronde.objects.count() == 2


def test_a_bestuurder_cannot_open_a_round(actie_ocw, bestuurder):
    response = api(bestuurder).post("/api/werkagenda/rondes/", {"code": "x", "naam": "x"},
                                    format="json")
    assert response.status_code == 403


def test_an_owner_posts_progress_in_the_open_round(open_ronde, actie_ocw, ocw_bestuurder):
    response = api(ocw_bestuurder).post("/api/werkagenda/voortgang/",
                                        {"actie": "1.1.1", "idem": True}, format="json")
    assert response.status_code == 201
    assert response.json()["ronde"] == "najaar-2025" and response.json()["idem"] is True
    assert Voortgang.objects.get(ronde=open_ronde).categorie == "op_schema"


@pytest.mark.parametrize("actor", ["bestuurder2", "raadpleger"])
def test_others_may_not_post_progress(open_ronde, actie_ocw, actor, request):
    user = request.getfixturevalue(actor)
    response = api(user).post("/api/werkagenda/voortgang/", {"actie": "1.1.1", "tekst": "x"},
                              format="json")
    assert response.status_code == 403


def test_progress_without_an_open_round_is_refused(published, actie_ocw, staf):
    response = api(staf).post("/api/werkagenda/voortgang/", {"actie": "1.1.1", "tekst": "x"},
                              format="json")
    assert response.status_code == 400


def test_progress_list_is_filterable(werkagenda, raadpleger):
    body = api(raadpleger).get("/api/werkagenda/voortgang/?ronde=najaar-2025&idem=true").json()
    assert body["count"] == 7


def test_the_schema_documents_the_werkagenda_endpoints(db, raadpleger):
    schema = api(raadpleger).get("/api/schema/?format=json").json()
    paths = set(schema["paths"])
    for path in ["/api/werkagenda/acties/", "/api/werkagenda/acties/{code}/",
                 "/api/werkagenda/prioriteiten/", "/api/werkagenda/doelstellingen/",
                 "/api/werkagenda/partijen/", "/api/werkagenda/rondes/",
                 "/api/werkagenda/rondes/{code}/publiceren/", "/api/werkagenda/voortgang/",
                 "/api/werkagenda/indicatoren/"]:
        assert path in paths


@pytest.fixture
def linked(werkagenda):
    """Two actions linked to programmes, sectors and regions (several each, to check order)."""
    first, second = Actie.objects.order_by("doelstelling__volgorde", "volgorde")[:2]
    first.opleidingen.set([OpleidingFactory(naam="Zorg", niveau=3),
                           OpleidingFactory(naam="Zorg", niveau=2),
                           OpleidingFactory(naam="Bouw")])
    first.bedrijfstakgroepen.set([BedrijfstakgroepFactory(volgorde=2, naam="A"),
                                  BedrijfstakgroepFactory(volgorde=1, naam="Z")])
    second.arbeidsmarktregios.set([ArbeidsmarktregioFactory(naam="Twente"),
                                   ArbeidsmarktregioFactory(naam="Achterhoek")])
    return first, second


def test_the_actions_api_answers_what_its_declared_fields_give(linked, raadpleger):
    """ActieSerializer builds its output directly, for speed: it must stay what DRF makes of
    the declared fields (the schema), field by field, in the same order."""
    declared = serializers.ActieSerializer()
    expected = [drf.ModelSerializer.to_representation(declared, actie)
                for actie in selectors.actie_list()]
    assert [e["opleidingen"] for e in expected[:1]] != [[]]  # the links are in the comparison
    body = api(raadpleger).get("/api/werkagenda/acties/", {"page_size": 100}).json()
    assert json.dumps(body["results"]) == json.dumps(expected)
    one = api(raadpleger).get(f"/api/werkagenda/acties/{linked[1].code}/").json()
    assert json.dumps(one) == json.dumps(expected[1])


def test_the_actions_api_reads_a_page_in_a_fixed_number_of_queries(linked, raadpleger):
    client = api(raadpleger)
    counts = []
    for size in (5, 100):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/werkagenda/acties/", {"page_size": size}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
