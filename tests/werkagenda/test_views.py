"""Pages: thin tests per verb (success, permissions, wrong method, domain error)."""
import io

import pytest
from openpyxl import load_workbook

from werkagenda.models import Rapportageronde, Voortgang

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [
    "/werkagenda/", "/werkagenda/?partij=ocw&status=vertraagd&ronde=najaar-2025",
    "/werkagenda/acties/2.3.6/", "/werkagenda/dashboard/", "/werkagenda/partijen/",
    "/werkagenda/partijen/ocw/", "/werkagenda/rondes/", "/werkagenda/rondes/zomer-2024/",
    "/werkagenda/rondes/vergelijken/",
])
def test_every_member_reads_the_pages(werkagenda, client_for, raadpleger, url):
    assert client_for(raadpleger).get(url).status_code == 200


def test_the_tree_shows_priorities_objectives_and_actions(werkagenda, client_for, raadpleger):
    html = client_for(raadpleger).get("/werkagenda/").content.decode()
    assert "Prioriteit 3: Kwaliteit, onderzoek en innovatie" in html
    assert "Doelstelling 3.4" in html and 'href="/werkagenda/acties/3.4.10/"' in html
    assert "Bij iedere bekostigde mbo-school neemt de investering" in html  # 2.1's own text


def test_the_filters_narrow_the_tree(werkagenda, client_for, raadpleger):
    client = client_for(raadpleger)
    html = client.get("/werkagenda/?partij=nuffic").content.decode()
    assert "1 actie" in html and "/werkagenda/acties/1.1.9/" in html
    html = client.get("/werkagenda/?status=vertraagd&ronde=zomer-2024").content.decode()
    assert "/werkagenda/acties/2.1.9/" in html and "/werkagenda/acties/1.1.1/" not in html
    html = client.get("/werkagenda/?q=studentenkaart&doelstelling=1.1").content.decode()
    assert "/werkagenda/acties/1.1.5/" in html and "/werkagenda/acties/1.1.4/" not in html


def test_the_action_page_shows_idem_as_carried_over(werkagenda, client_for, raadpleger):
    html = client_for(raadpleger).get("/werkagenda/acties/1.1.1/").content.decode()
    assert "Ongewijzigd, overgenomen uit zomer 2024" in html
    assert "Met de Kamerbrief over het vervolgonderwijs als waaier" in html


def test_the_dashboard_has_a_chart_and_a_table_with_the_same_counts(werkagenda, client_for,
                                                                    raadpleger):
    html = client_for(raadpleger).get("/werkagenda/dashboard/?ronde=zomer-2024").content.decode()
    assert "<svg" in html and "<table" in html
    assert html.count("<rect") >= 3
    assert "Aandeel mbo-studenten in de BBL" in html  # indicators


def test_the_party_page_lists_what_ocw_owns(werkagenda, client_for, raadpleger):
    html = client_for(raadpleger).get("/werkagenda/partijen/ocw/").content.decode()
    assert "Wat voert OCW uit?" in html and "/werkagenda/acties/1.1.2/" in html
    assert "/werkagenda/acties/1.2.1/" not in html  # mbo-scholen and studenten only


def test_csv_export_follows_the_filters(werkagenda, client_for, raadpleger):
    response = client_for(raadpleger).get("/werkagenda/?doelstelling=1.5&format=csv")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Code,Prioriteit,Doelstelling,Wat")
    assert [line.split(",")[0] for line in lines[1:]] == ["1.5.1", "1.5.2"]


def test_xlsx_export_has_one_row_per_action(werkagenda, client_for, raadpleger):
    response = client_for(raadpleger).get("/werkagenda/?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 79
    assert sheet["A2"].value == "1.1.1" and sheet["K1"].value == "Status zomer 2024"


def test_an_owner_updates_progress_in_the_open_round(open_ronde, actie_ocw, ocw_bestuurder,
                                                     client_for):
    response = client_for(ocw_bestuurder).post(
        "/werkagenda/acties/1.1.1/voortgang/", {"tekst": "Het programma loopt door."})
    assert response.status_code == 302
    v = Voortgang.objects.get(actie=actie_ocw, ronde=open_ronde)
    assert (v.tekst, v.bijgewerkt_door) == ("Het programma loopt door.", ocw_bestuurder)


@pytest.mark.parametrize("actor", ["bestuurder2", "raadpleger"])
def test_others_may_not_update_progress(open_ronde, actie_ocw, client_for, actor, request):
    user = request.getfixturevalue(actor)
    response = client_for(user).post("/werkagenda/acties/1.1.1/voortgang/", {"tekst": "x"})
    assert response.status_code == 403
    assert not Voortgang.objects.filter(ronde=open_ronde).exists()


def test_updating_needs_post(open_ronde, staf, client_for):
    assert client_for(staf).get("/werkagenda/acties/1.1.1/voortgang/").status_code == 405


def test_a_published_round_refuses_updates_with_a_message(published, actie_ocw, staf,
                                                          client_for):
    response = client_for(staf).post("/werkagenda/acties/1.1.1/voortgang/", {"tekst": "x"},
                                     follow=True)
    assert "Er is geen open rapportageronde." in response.content.decode()


def test_rounds_not_yet_updated_are_listed(open_ronde, actie_ocw, actie_job, staf, client_for):
    html = client_for(staf).get("/werkagenda/rondes/najaar-2025/").content.decode()
    assert "2 van 2 acties nog niet bijgewerkt" in html


def test_staff_open_and_publish_a_round(actie_ocw, staf, client_for):
    client = client_for(staf)
    response = client.post("/werkagenda/rondes/openen/", {"naam": "voorjaar 2026",
                                                          "code": "voorjaar-2026"})
    assert response.status_code == 302
    assert Rapportageronde.objects.get(code="voorjaar-2026").is_open
    client.post("/werkagenda/rondes/voorjaar-2026/publiceren/")
    assert not Rapportageronde.objects.get(code="voorjaar-2026").is_open
    response = client.post("/werkagenda/rondes/voorjaar-2026/publiceren/", follow=True)
    assert "al gepubliceerd" in response.content.decode()


def test_a_bestuurder_cannot_open_a_round(actie_ocw, bestuurder, client_for):
    response = client_for(bestuurder).post("/werkagenda/rondes/openen/",
                                           {"naam": "x", "code": "x"})
    assert response.status_code == 403


def test_the_diff_shows_what_changed_between_rounds(werkagenda, client_for, raadpleger):
    html = client_for(raadpleger).get(
        "/werkagenda/rondes/vergelijken/?van=zomer-2024&naar=najaar-2025&alleen_veranderd=on"
    ).content.decode()
    assert "/werkagenda/acties/1.1.3/" in html  # op schema → vertraagd
    assert "/werkagenda/acties/1.1.1/" not in html  # Idem.


def test_staff_link_an_action_to_a_region(actie_ocw, staf, client_for):
    from portfolio.models import Arbeidsmarktregio
    Arbeidsmarktregio.objects.create(code="AM01", naam="Groningen")
    response = client_for(staf).post("/werkagenda/acties/1.1.1/koppelingen/",
                                     {"arbeidsmarktregios": ["AM01"]})
    assert response.status_code == 302
    assert list(actie_ocw.arbeidsmarktregios.values_list("code", flat=True)) == ["AM01"]


def test_a_bestuurder_cannot_edit_links(actie_ocw, bestuurder, client_for):
    assert client_for(bestuurder).get("/werkagenda/acties/1.1.1/koppelingen/").status_code == 403
