"""The proposal pages: render, post through the same services, show what waits for whom."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portfolio.proposals.models import Notification, Overleg, Proposal, Response, Status
from portfolio.proposals.services import consultations, conversation

from .conftest import MOTIVATIE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", list(Status))
def test_the_detail_page_renders_in_every_state(build, client_for, bestuurder, state):
    proposal = build(state)
    response = client_for(bestuurder).get(proposal.get_absolute_url())
    assert response.status_code == 200
    assert proposal.titel in response.content.decode()


def test_the_list_shows_submitted_proposals_and_own_concepts_only(build, client_for,
                                                                  bestuurder2):
    submitted = build(Status.INGEDIEND)
    concept = build(Status.CONCEPT)
    html = client_for(bestuurder2).get(reverse("proposals:list")).content.decode()
    assert submitted.get_absolute_url() in html
    assert concept.get_absolute_url() not in html


def test_a_bestuurder_creates_a_proposal_with_a_change_and_motivation_through_the_pages(
        small, client_for, bestuurder):
    client = client_for(bestuurder)
    response = client.post(reverse("proposals:create"), {
        "soort": "starten", "titel": "Zorg in Amsterdam", "samenvatting": "Nieuwe opleiding."})
    proposal = Proposal.objects.get()
    assert response["Location"] == proposal.get_absolute_url()
    response = client.post(reverse("proposals:change_add", args=[proposal.pk]), {
        "actie": "start", "opleiding": small.zorg.pk, "locatie": small.roc_ams.pk,
        "leerweg": "BOL", "ingangsdatum": "2030-08-01", "studenten": "30"})
    assert response.status_code == 302
    data = {"titel": "Zorg in Amsterdam", "samenvatting": "Nieuwe opleiding."}
    data.update({f"motivatie_{k}": v for k, v in MOTIVATIE.items()})
    assert client.post(reverse("proposals:edit", args=[proposal.pk]), data).status_code == 302
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Overlap in gemeente Amsterdam met instelling ROC TOP" in html
    assert "ROC TOP" in html and "Nog nodig voordat u kunt indienen" not in html
    client.post(reverse("proposals:transition", args=[proposal.pk, "indienen"]))
    proposal.refresh_from_db()
    assert proposal.status == Status.INGEDIEND


def test_a_change_form_error_is_shown_on_the_form(small, client_for, bestuurder, build):
    proposal = build(Status.CONCEPT)
    response = client_for(bestuurder).post(
        reverse("proposals:change_add", args=[proposal.pk]),
        {"actie": "start", "opleiding": small.entree.pk, "locatie": small.roc_ams.pk,
         "leerweg": "BOL", "ingangsdatum": "2030-08-01"})
    assert response.status_code == 200
    assert "wordt al aangeboden" in response.content.decode()


def test_the_invited_institution_responds_with_reasons_per_perspective(build, client_for,
                                                                       bestuurder2):
    proposal = build(Status.INGEDIEND)
    response = client_for(bestuurder2).post(reverse("proposals:respond", args=[proposal.pk]), {
        "soort": "bezwaar", "reden_regionale_dekking": "Wij bieden dit al aan in Amsterdam.",
        "toelichting": "Graag in gesprek."})
    assert response.status_code == 302
    response = Response.objects.get(proposal=proposal)
    assert response.redenen == {"regionale_dekking": "Wij bieden dit al aan in Amsterdam."}
    html = client_for(bestuurder2).get(proposal.get_absolute_url()).content.decode()
    assert "Wij bieden dit al aan in Amsterdam." in html and "Reactie aanpassen" in html


def test_messages_and_replies_are_posted_and_shown_as_a_thread(build, client_for, bestuurder,
                                                               bestuurder2):
    proposal = build(Status.INGEDIEND)
    url = reverse("proposals:message_post", args=[proposal.pk])
    client_for(bestuurder2).post(url, {"tekst": "Waarom niet samen?"})
    root = proposal.berichten.get()
    client_for(bestuurder).post(url, {"tekst": "Goed idee.", "parent": root.pk})
    reply = proposal.berichten.exclude(pk=root.pk).get()
    assert reply.parent == root
    html = client_for(bestuurder).get(proposal.get_absolute_url()).content.decode()
    assert html.index("Waarom niet samen?") < html.index("Goed idee.")


def test_documents_are_uploaded_and_served_only_to_readers(build, client_for, bestuurder,
                                                           bestuurder2, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    concept = build(Status.CONCEPT)
    client_for(bestuurder).post(reverse("proposals:document_upload", args=[concept.pk]),
                                {"bestand": SimpleUploadedFile("notitie.txt", b"Onderbouwing")})
    document = concept.documenten.get()
    url = document.get_absolute_url()
    response = client_for(bestuurder).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Onderbouwing"
    assert 'attachment; filename="notitie.txt"' in response["Content-Disposition"]
    assert client_for(bestuurder2).get(url).status_code == 404


def test_a_refused_upload_is_reported(build, client_for, bestuurder, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    proposal = build(Status.INGEDIEND)
    response = client_for(bestuurder).post(
        reverse("proposals:document_upload", args=[proposal.pk]),
        {"bestand": SimpleUploadedFile("virus.exe", b"MZ")}, follow=True)
    assert "bestandstypen" in response.content.decode()
    assert not proposal.documenten.exists()


def test_a_version_page_shows_the_diff_with_the_previous_version(build, client_for,
                                                                 bestuurder):
    proposal = build(Status.AANGEPAST)
    html = client_for(bestuurder).get(
        reverse("proposals:version", args=[proposal.pk, 2])).content.decode()
    assert "<ins>" in html and "kleinere" in html.lower()


def test_the_inbox_shows_what_waits_for_each_bestuurder(build, client_for, bestuurder,
                                                        bestuurder2):
    proposal = build(Status.INGEDIEND)
    html = client_for(bestuurder2).get(reverse("proposals:inbox")).content.decode()
    assert "Reageren namens uw instelling" in html and proposal.titel in html
    conversation.response_save(proposal=proposal, actor=bestuurder2, soort="instemming")
    html = client_for(bestuurder2).get(reverse("proposals:inbox")).content.decode()
    assert "Reageren namens uw instelling" not in html
    html = client_for(bestuurder).get(reverse("proposals:inbox")).content.decode()
    assert "Consultatie afronden" in html


def test_opening_a_notification_marks_it_read(build, client_for, bestuurder2):
    proposal = build(Status.INGEDIEND)
    notification = Notification.objects.get(ontvanger=bestuurder2)
    response = client_for(bestuurder2).post(reverse("proposals:notifications_read"),
                                            {"id": notification.pk, "open": "1"})
    assert response["Location"] == proposal.get_absolute_url()
    notification.refresh_from_db()
    assert notification.gelezen_op is not None


def test_staff_plan_a_meeting_and_record_outcomes(build, small, client_for, staf, raadpleger):
    proposal = build(Status.INGEDIEND)
    client = client_for(staf)
    client.post(reverse("proposals:overleg_create"), {
        "soort": "regionaal", "titel": "Regionaal overleg Amsterdam", "datum": "2030-03-01",
        "arbeidsmarktregio": small.amsterdam.arbeidsmarktregio.pk, "notulen": ""})
    overleg = Overleg.objects.get()
    client.post(reverse("proposals:agenda_add", args=[overleg.pk]), {"proposal": proposal.pk})
    item = overleg.agenda.get()
    client.post(reverse("proposals:agenda_outcome", args=[item.pk]),
                {"uitkomst": "aanpassen", "toelichting": "Kleiner starten."})
    html = client_for(raadpleger).get(overleg.get_absolute_url()).content.decode()
    assert proposal.titel in html and "Kleiner starten." in html
    assert "Voorstel agenderen" not in html
    assert client_for(raadpleger).get(reverse("proposals:overleg_list")).status_code == 200


def test_the_meeting_offers_only_proposals_of_its_region(build, small, client_for, staf):
    proposal = build(Status.INGEDIEND)
    far = consultations.overleg_save(fields={
        "soort": "regionaal", "titel": "Groningen", "datum": "2030-03-01",
        "arbeidsmarktregio": small.groningen.arbeidsmarktregio})
    response = client_for(staf).post(reverse("proposals:agenda_add", args=[far.pk]),
                                     {"proposal": proposal.pk}, follow=True)
    assert "Kies een ingediend voorstel" in response.content.decode()
    assert not far.agenda.exists()


def test_a_disputed_proposal_leads_staff_to_the_escalation_case(build, client_for, staf,
                                                                 bestuurder, bestuurder2):
    from arbitration.services.cases import case_open_from_proposal

    proposal = build(Status.GESCHIL)
    open_url = reverse("arbitration:case_open", args=[proposal.pk])
    assert open_url in client_for(staf).get(proposal.get_absolute_url()).content.decode()
    assert open_url not in client_for(bestuurder).get(proposal.get_absolute_url()).content.decode()

    case = case_open_from_proposal(proposal=proposal, actor=staf, titel="")
    for user in (staf, bestuurder, bestuurder2):
        html = client_for(user).get(proposal.get_absolute_url()).content.decode()
        assert case.get_absolute_url() in html
        assert open_url not in html
