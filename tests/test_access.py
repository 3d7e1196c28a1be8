"""Deny by default: login for pages, authentication for the API, read-only for raadplegers."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from .factories import AanbodFactory, LocatieFactory, OpleidingFactory

pytestmark = pytest.mark.django_db

PAGES = ["home", "portfolio:gemeente_list", "portfolio:regio_list", "portfolio:provincie_list",
         "portfolio:instelling_list", "portfolio:locatie_list", "portfolio:opleiding_list",
         "portfolio:aanbod_list"]


@pytest.mark.parametrize("name", PAGES)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert f"next={url}" in response["Location"].replace("%2F", "/")


def test_the_login_page_and_health_are_public(client):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("health")).status_code == 200


def test_an_anonymous_api_client_gets_401_or_403_in_json():
    response = APIClient().get("/api/gemeenten/")
    assert response.status_code in (401, 403)
    assert response.json()["type"] == "client_error"


def test_an_unknown_api_path_answers_json_404(client, raadpleger):
    client.force_login(raadpleger)
    response = client.get("/api/bestaat-niet/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def _aanbod_payload():
    locatie = LocatieFactory()
    return {"instelling": locatie.instelling.brin, "opleiding": OpleidingFactory().crebo,
            "locatie": locatie.pk, "leerweg": "BBL", "status": "gepland"}


def test_a_raadpleger_cannot_write_an_offering(raadpleger):
    api = APIClient()
    api.force_authenticate(raadpleger)
    response = api.post("/api/aanbod/", _aanbod_payload(), format="json")
    assert response.status_code == 403
    from portfolio.models import Aanbod
    assert Aanbod.objects.count() == 0


def test_a_bestuurder_cannot_write_an_offering_through_the_registry_api(bestuurder):
    api = APIClient()
    api.force_authenticate(bestuurder)
    assert api.post("/api/aanbod/", _aanbod_payload(), format="json").status_code == 403


def test_staff_create_and_change_an_offering_with_history(staf):
    api = APIClient()
    api.force_authenticate(staf)
    response = api.post("/api/aanbod/", _aanbod_payload(), format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = api.patch(f"/api/aanbod/{pk}/", {"status": "actief", "capaciteit": 60},
                         format="json")
    assert response.status_code == 200
    from portfolio.models import Aanbod
    aanbod = Aanbod.objects.get(pk=pk)
    assert aanbod.capaciteit == 60
    assert aanbod.history.count() == 2
    assert aanbod.history.first().history_user == staf


def test_offering_writes_return_field_errors(staf):
    api = APIClient()
    api.force_authenticate(staf)
    payload = _aanbod_payload()
    payload["locatie"] = LocatieFactory().pk  # another institution's location
    payload["leerweg"] = "XYZ"
    response = api.post("/api/aanbod/", payload, format="json")
    assert response.status_code == 400
    attrs = {e["attr"] for e in response.json()["errors"]}
    assert "leerweg" in attrs


def test_offerings_cannot_be_deleted(staf):
    api = APIClient()
    api.force_authenticate(staf)
    aanbod = AanbodFactory()
    assert api.delete(f"/api/aanbod/{aanbod.pk}/").status_code == 405


def test_a_token_is_issued_for_valid_credentials_and_works(bestuurder):
    api = APIClient()
    response = api.post("/api/auth/token/", {"username": "bestuurder",
                                             "password": "geheim-wachtwoord-123"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/instellingen/").status_code == 200


def test_a_token_is_refused_for_a_wrong_password(bestuurder):
    response = APIClient().post("/api/auth/token/", {"username": "bestuurder",
                                                     "password": "fout"}, format="json")
    assert response.status_code == 400


def test_the_language_switch_works_before_logging_in(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert client.cookies["django_language"].value == "en"
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="en"' in page
