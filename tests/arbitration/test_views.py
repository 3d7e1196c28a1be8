"""Pages: who sees which case, one success and one refusal per kind of act, the case file,
the printable file and the public casuïstiek."""
import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from arbitration.models import LADDER, Case, CaseDocument, Stage
from arbitration.services import cases, hearing, publication
from portfolio.proposals.models import Proposal

from .factories import disputed_proposal

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def dialogue(journey):
    return journey.open()


# --- who sees a case ----------------------------------------------------------------------
@pytest.mark.parametrize(("who", "status"), [
    ("staf", 200), ("bestuurder", 200), ("bestuurder2", 200), ("buitenstaander", 404),
    ("raadpleger", 404), ("bestuur", 404), ("lid1", 404),
])
def test_a_case_is_visible_to_staff_and_its_parties_only(dialogue, client_for, request, who,
                                                         status):
    user = request.getfixturevalue(who)
    response = client_for(user).get(dialogue.get_absolute_url())
    assert response.status_code == status


def test_the_bestuur_sees_a_case_once_it_was_signalled(journey, client_for):
    case = journey.at(Stage.SIGNAAL)
    response = client_for(journey.bestuur).get(case.get_absolute_url())
    assert response.status_code == 200
    assert "Reactie van het bestuur vastleggen" in response.content.decode()


def test_panel_members_see_the_cases_assigned_to_them(journey, client_for):
    case = journey.at(Stage.ARBITRAGE)
    assert client_for(journey.leden[0]).get(case.get_absolute_url()).status_code == 404
    journey.compose_panel(case)
    assert client_for(journey.leden[0]).get(case.get_absolute_url()).status_code == 200


def test_an_anonymous_visitor_is_sent_to_login(dialogue, client):
    response = client.get(dialogue.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_case_list_shows_only_the_users_cases(dialogue, client_for, buitenstaander, staf):
    assert dialogue.titel in client_for(staf).get(reverse("arbitration:case_list")).content \
        .decode()
    page = client_for(buitenstaander).get(reverse("arbitration:case_list")).content.decode()
    assert dialogue.titel not in page


# --- acts -----------------------------------------------------------------------------
def _post(client, case, verb, data):
    url = reverse("arbitration:case_action", args=[case.pk, verb])
    return client.post(url, {f"{verb}-{k}": v for k, v in data.items()})


def test_a_party_asks_the_commission_for_advice_from_the_case_page(dialogue, client_for,
                                                                   bestuurder):
    response = _post(client_for(bestuurder), dialogue, "advies-vragen",
                     {"toelichting": "We komen er niet uit."})
    assert response.status_code == 302 and response["Location"] == dialogue.get_absolute_url()
    dialogue.refresh_from_db()
    assert dialogue.stage == Stage.ADVIES
    assert _messages(response) == ["Advies is gevraagd aan de commissie governance."]


def test_a_refusal_of_the_ladder_is_shown_as_an_error_message(journey, client_for):
    case = journey.at(Stage.BEMIDDELING)
    response = _post(client_for(journey.partij), case, "arbitrage-vragen",
                     {"toelichting": "Nu graag."})
    assert response.status_code == 302
    assert "Bemiddeling" in _messages(response)[0]
    case.refresh_from_db()
    assert case.stage == Stage.BEMIDDELING


def test_a_party_may_not_use_a_staff_verb(dialogue, client_for, bestuurder):
    response = _post(client_for(bestuurder), dialogue, "opschorten", {"reden": "Pauze."})
    assert response.status_code == 403
    dialogue.refresh_from_db()
    assert not dialogue.suspended


def test_the_signalled_bestuur_may_read_but_not_escalate(journey, client_for):
    case = journey.at(Stage.SIGNAAL)
    response = _post(client_for(journey.bestuur), case, "vergelijk", {"voorwaarden": "x"})
    assert response.status_code == 403


def test_acts_are_posted_not_fetched(dialogue, client_for, bestuurder):
    url = reverse("arbitration:case_action", args=[dialogue.pk, "advies-vragen"])
    assert client_for(bestuurder).get(url).status_code == 405


def test_an_unknown_act_does_not_exist(dialogue, client_for, staf):
    url = reverse("arbitration:case_action", args=[dialogue.pk, "verbranden"])
    assert client_for(staf).post(url).status_code == 404


def test_an_invalid_form_is_reported_and_changes_nothing(dialogue, client_for, bestuurder):
    response = _post(client_for(bestuurder), dialogue, "advies-vragen", {"toelichting": ""})
    assert "Toelichting" in _messages(response)[0]
    dialogue.refresh_from_db()
    assert dialogue.stage == Stage.DIALOOG


# --- every page renders at every step ------------------------------------------------------
@pytest.mark.parametrize("stage", [*LADDER, Stage.VERGELIJK])
def test_the_case_pages_render_for_staff_at_every_step(journey, client_for, stage):
    case = journey.at(stage)
    client = client_for(journey.staf)
    for name in ("case_detail", "case_print", "case_ruling", "case_panel", "case_publish"):
        response = client.get(reverse(f"arbitration:{name}", args=[case.pk]))
        assert response.status_code == 200, name
    detail = client.get(case.get_absolute_url()).content.decode()
    assert case.get_stage_display() in detail


def test_the_case_page_offers_the_next_steps_to_a_party(dialogue, client_for, bestuurder):
    page = client_for(bestuurder).get(dialogue.get_absolute_url()).content.decode()
    assert 'id="verb-advies-vragen"' in page and 'id="verb-signaal-bestuur"' in page
    assert 'id="verb-opschorten"' not in page


def test_the_printable_file_holds_the_proposal_the_ruling_and_the_timeline(
        journey, client_for, opleiding, locatie):
    proposal = disputed_proposal(proposer=journey.partij, objector=journey.wederpartij,
                                 opleiding=opleiding, locatie=locatie)
    case = cases.case_open_from_proposal(proposal=proposal, actor=journey.staf)
    case = journey.to(case, Stage.UITSPRAAK)
    page = client_for(journey.wederpartij).get(
        reverse("arbitration:case_print", args=[case.pk])).content.decode()
    for text in ("Geen overeenstemming.", "Kunnen we praten?", "Dit leidt tot overlap.",
                 "De start gaat niet door.", "Onderbouwing dekkend.", "Stem de werving af.",
                 "Tijdlijn", "css/arbitration.css"):
        assert text in page, text
    # The print rules live in the stylesheet (the CSP allows no inline <style>).
    assert "@media print" in (settings.BASE_DIR / "static/css/arbitration.css").read_text()


def test_a_party_does_not_see_the_draft_ruling(journey, client_for):
    case = journey.at(Stage.ARBITRAGE)
    journey.compose_panel(case)
    journey.draft_ruling(case)
    party_page = client_for(journey.partij).get(
        reverse("arbitration:case_ruling", args=[case.pk])).content.decode()
    assert "De start gaat niet door." not in party_page
    panel_page = client_for(journey.leden[0]).get(
        reverse("arbitration:case_ruling", args=[case.pk])).content.decode()
    assert "De start gaat niet door." in panel_page


def test_staff_compose_the_panel_and_see_why_a_candidate_is_excluded(journey, client_for,
                                                                    instelling):
    from mbo_regie.accounts.models import Rol
    from tests.factories import UserFactory

    case = journey.at(Stage.ARBITRAGE)
    UserFactory(username="partijlid", rol=Rol.COMMISSIE, instelling=instelling,
                first_name="Party", last_name="Lid")
    page = client_for(journey.staf).get(reverse("arbitration:case_panel", args=[case.pk]))
    assert "ROC van Amsterdam is partij in deze zaak." in page.content.decode()
    response = _post(client_for(journey.staf), case, "panellid",
                     {"gebruiker": journey.leden[0].pk, "rol": "lid"})
    assert response.status_code == 302
    assert case.panel.filter(user=journey.leden[0]).exists()
    assert client_for(journey.partij).get(
        reverse("arbitration:case_panel", args=[case.pk])).status_code == 403


# --- documents and who reads them ---------------------------------------------------------
def _upload(name="standpunt.txt"):
    return SimpleUploadedFile(name, b"Ons standpunt.", content_type="text/plain")


def test_a_party_submits_a_position_with_a_validated_document(journey, client_for):
    case = journey.at(Stage.ARBITRAGE)
    url = reverse("arbitration:case_action", args=[case.pk, "stuk"])
    response = client_for(journey.partij).post(url, {
        "stuk-soort": "standpunt", "stuk-titel": "Standpunt", "stuk-bestand": _upload()})
    assert response.status_code == 302, _messages(response)
    document = CaseDocument.objects.get(case=case)
    assert document.instelling == journey.partij.instelling
    download = client_for(journey.wederpartij).get(document.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"Ons standpunt."
    fake = SimpleUploadedFile("bewijs.pdf", b"geen pdf", content_type="application/pdf")
    response = client_for(journey.partij).post(url, {
        "stuk-soort": "bewijs", "stuk-titel": "Bewijs", "stuk-bestand": fake})
    assert "past niet bij de extensie" in _messages(response)[0]


def test_mediation_and_deliberation_documents_are_only_for_those_involved(journey, client_for):
    case = journey.at(Stage.BEMIDDELING)
    mediation = hearing.document_add(case=case, actor=journey.partij, soort="bemiddeling",
                                     titel="Notitie bemiddeling", upload=_upload("b.txt"))
    case = journey.to(case, Stage.ARBITRAGE)
    journey.compose_panel(case)
    deliberation = hearing.document_add(case=case, actor=journey.leden[0],
                                        soort="beraadslaging", titel="Beraad",
                                        upload=_upload("c.txt"))
    party, member = client_for(journey.partij), client_for(journey.leden[0])
    assert party.get(mediation.get_absolute_url()).status_code == 200
    assert member.get(mediation.get_absolute_url()).status_code == 404
    assert member.get(deliberation.get_absolute_url()).status_code == 200
    assert party.get(deliberation.get_absolute_url()).status_code == 404
    assert "Beraad" not in party.get(case.get_absolute_url()).content.decode()
    assert "Notitie bemiddeling" not in member.get(case.get_absolute_url()).content.decode()


# --- opening cases from the pages ------------------------------------------------------------
def test_staff_open_a_case_from_the_list_of_disputed_proposals(journey, client_for, opleiding,
                                                               locatie):
    proposal = disputed_proposal(proposer=journey.partij, objector=journey.wederpartij,
                                 opleiding=opleiding, locatie=locatie)
    client = client_for(journey.staf)
    listing = client.get(reverse("arbitration:disputed_proposals")).content.decode()
    open_url = reverse("arbitration:case_open", args=[proposal.pk])
    assert open_url in listing
    assert client.get(open_url).status_code == 200
    response = client.post(open_url, {"titel": "Geschil over de start"})
    case = Case.objects.get(proposal=proposal)
    assert response["Location"] == case.get_absolute_url()
    assert case.titel == "Geschil over de start"
    assert open_url not in client.get(reverse("arbitration:disputed_proposals")).content \
        .decode()
    assert client_for(journey.partij).get(open_url).status_code == 403
    assert Proposal.objects.get(pk=proposal.pk).status == "geschil"


def test_a_bestuurder_opens_a_case_on_its_own(client_for, bestuurder, instelling2, opleiding):
    response = client_for(bestuurder).post(reverse("arbitration:case_create"), {
        "titel": "Werving in Zaandam", "aanleiding": "werving", "omschrijving": "Folders.",
        "wederpartijen": [instelling2.pk], "crebos": opleiding.crebo})
    case = Case.objects.get()
    assert response["Location"] == case.get_absolute_url()
    assert case.party_ids() == {bestuurder.instelling_id, instelling2.pk}


def test_a_raadpleger_cannot_open_a_case(client_for, raadpleger):
    assert client_for(raadpleger).get(reverse("arbitration:case_create")).status_code == 403


# --- the public casuïstiek and the register of interests ------------------------------------
def test_the_casuistiek_is_public_and_searchable(journey, client):
    case = journey.at(Stage.UITSPRAAK)
    published = publication.case_publish(case=case, actor=journey.staf, titel="Werving in de regio",
                                         samenvatting="Instelling B wierf actief.", dekkend=True,
                                         arbeidsmarktregio=case.regios.get())
    page = client.get(reverse("arbitration:library"))
    assert page.status_code == 200 and "Werving in de regio" in page.content.decode()
    hit = client.get(reverse("arbitration:library"), {"criterium": "dekkend",
                                                      "uitkomst": "toegewezen"})
    assert "Werving in de regio" in hit.content.decode()
    miss = client.get(reverse("arbitration:library"), {"criterium": "relevant"})
    assert "Werving in de regio" not in miss.content.decode()
    detail = client.get(published.get_absolute_url())
    assert detail.status_code == 200 and "Instelling B wierf actief." in detail.content.decode()


def test_commission_members_keep_their_register_of_interests(client_for, lid1, instelling,
                                                             bestuurder):
    client = client_for(lid1)
    response = client.post(reverse("arbitration:interests"), {
        "omschrijving": "Lid RvT", "instelling": instelling.pk})
    assert response.status_code == 302
    declaration = lid1.belangen.get()
    client.post(reverse("arbitration:interest_end", args=[declaration.pk]))
    declaration.refresh_from_db()
    assert declaration.tot == timezone.localdate()
    assert client_for(bestuurder).get(reverse("arbitration:interests")).status_code == 403


def test_the_case_page_speaks_english_when_chosen(dialogue, client_for, bestuurder, settings):
    client = client_for(bestuurder)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(dialogue.get_absolute_url()).content.decode()
    for text in ("The ladder", "Ask the governance committee for advice", "Timeline",
                 "Dialogue between the institutions", "Active recruitment of students"):
        assert text in page, text
    assert "De ladder" not in page


def test_a_superuser_of_staff_gets_no_party_or_chair_acts(journey, client_for):
    from mbo_regie.accounts.models import Rol
    from tests.factories import UserFactory

    admin = UserFactory(username="beheer", rol=Rol.STAF, is_staff=True, is_superuser=True)
    case = journey.at(Stage.BEMIDDELING)
    page = client_for(admin).get(case.get_absolute_url()).content.decode()
    assert 'id="verb-bemiddeling-afronden"' in page
    assert 'id="verb-arbitrage-vragen"' not in page
    response = _post(client_for(admin), case, "arbitrage-vragen", {"toelichting": "Namens."})
    assert response.status_code == 403
