"""Services of drafts, swaps, responses, messages, documents, meetings and execution."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mbo_regie.errors import DomainError
from portfolio.models import Aanbod, IndicatorRun
from portfolio.proposals.models import AgendaItem, Overleg, Response, Signature, Status
from portfolio.proposals.services import consultations, conversation, drafts, lifecycle
from tests.factories import ArbeidsmarktregioFactory

from .conftest import MOTIVATIE, start_zorg

pytestmark = pytest.mark.django_db
NEXT_YEAR = datetime.date(2030, 8, 1)


# ---- drafts -------------------------------------------------------------------------------
def test_a_bestuurder_cannot_start_what_his_institution_already_offers(small, bestuurder):
    proposal = drafts.proposal_create(actor=bestuurder, soort="starten", titel="Entree")
    with pytest.raises(DomainError, match="al aangeboden"):
        drafts.change_add(proposal=proposal, actor=bestuurder, data={
            **start_zorg(small), "opleiding": small.entree})


def test_a_plain_proposal_cannot_change_another_institutions_offering(small, bestuurder):
    proposal = drafts.proposal_create(actor=bestuurder, soort="stoppen", titel="Stop TOP")
    with pytest.raises(DomainError, match="Kies een locatie van ROC van Amsterdam"):
        drafts.change_add(proposal=proposal, actor=bestuurder, data={
            "actie": "stop", "opleiding": small.zorg, "locatie": small.top_ams,
            "leerweg": "BOL", "ingangsdatum": NEXT_YEAR})


def test_the_action_must_fit_the_kind_of_proposal(small, bestuurder):
    proposal = drafts.proposal_create(actor=bestuurder, soort="stoppen", titel="Stop")
    with pytest.raises(DomainError, match="kan geen"):
        drafts.change_add(proposal=proposal, actor=bestuurder, data=start_zorg(small))


def test_expanding_needs_a_capacity_above_the_current_one(small, bestuurder2):
    proposal = drafts.proposal_create(actor=bestuurder2, soort="uitbreiden", titel="Meer zorg")
    data = {"actie": "expand", "opleiding": small.zorg, "locatie": small.top_ams,
            "leerweg": "BOL", "ingangsdatum": NEXT_YEAR, "capaciteit": 60}
    with pytest.raises(DomainError, match="boven de huidige 80"):
        drafts.change_add(proposal=proposal, actor=bestuurder2, data=data)
    change = drafts.change_add(proposal=proposal, actor=bestuurder2,
                               data={**data, "capaciteit": 120, "studenten": 90})
    assert change.aanbod == small.top_zorg
    assert proposal.draft().impact["deltas"]["studenten"] == 30


def test_the_same_change_cannot_be_added_twice(small, bestuurder):
    proposal = drafts.proposal_create(actor=bestuurder, soort="starten", titel="Zorg")
    drafts.change_add(proposal=proposal, actor=bestuurder, data=start_zorg(small))
    with pytest.raises(DomainError, match="staat al"):
        drafts.change_add(proposal=proposal, actor=bestuurder, data=start_zorg(small))


def test_a_published_version_cannot_be_edited(build, bestuurder):
    proposal = build(Status.INGEDIEND)
    with pytest.raises(DomainError, match="geen conceptversie"):
        drafts.proposal_update(proposal=proposal, actor=bestuurder, samenvatting="Anders.")
    change = proposal.latest_version().wijzigingen.get()
    drafts.version_draft_start(proposal=proposal, actor=bestuurder)
    with pytest.raises(DomainError, match="conceptversie"):
        drafts.change_remove(change=change, actor=bestuurder)


def test_a_new_version_copies_the_latest_one_and_can_be_discarded(build, bestuurder):
    proposal = build(Status.INGEDIEND)
    draft = drafts.version_draft_start(proposal=proposal, actor=bestuurder)
    assert draft.nummer == 2 and draft.wijzigingen.count() == 1
    assert draft.motivatie == proposal.latest_version().motivatie
    drafts.version_draft_discard(proposal=proposal, actor=bestuurder)
    assert proposal.draft() is None and proposal.latest_version().nummer == 1


# ---- swaps and joint proposals ------------------------------------------------------------
@pytest.fixture
def swap(small, bestuurder):
    """ROC van Amsterdam stops Entree, ROC TOP starts it: one indivisible swap."""
    proposal = drafts.proposal_create(actor=bestuurder, soort="uitruilen", titel="Uitruil",
                                      samenvatting="Entree gaat naar ROC TOP.")
    when = timezone.localdate()
    drafts.change_add(proposal=proposal, actor=bestuurder, data={
        "actie": "stop", "opleiding": small.entree, "locatie": small.roc_ams, "leerweg": "BOL",
        "ingangsdatum": when})
    drafts.change_add(proposal=proposal, actor=bestuurder, data={
        "actie": "start", "opleiding": small.entree, "locatie": small.top_ams, "leerweg": "BOL",
        "ingangsdatum": when, "studenten": 40})
    drafts.proposal_update(proposal=proposal, actor=bestuurder, motivatie=MOTIVATIE)
    return proposal


def test_a_swap_needs_the_partners_signature_before_submission(swap, bestuurder, bestuurder2):
    with pytest.raises(DomainError, match="Nog niet ondertekend door: ROC TOP"):
        lifecycle.proposal_submit(proposal=swap, actor=bestuurder)
    drafts.proposal_sign(proposal=swap, actor=bestuurder2)
    lifecycle.proposal_submit(proposal=swap, actor=bestuurder)
    signed = set(Signature.objects.filter(versie__proposal=swap)
                 .values_list("instelling__naam", flat=True))
    assert signed == {"ROC van Amsterdam", "ROC TOP"}


def test_editing_a_signed_draft_asks_for_a_new_signature(swap, bestuurder, bestuurder2):
    drafts.proposal_sign(proposal=swap, actor=bestuurder2)
    drafts.proposal_update(proposal=swap, actor=bestuurder, samenvatting="Gewijzigd.")
    assert not Signature.objects.filter(versie__proposal=swap).exists()


def test_only_a_partner_signs_and_only_once(swap, bestuurder2, commissie):
    with pytest.raises(DomainError, match="geen partner"):
        drafts.proposal_sign(proposal=swap, actor=commissie)
    drafts.proposal_sign(proposal=swap, actor=bestuurder2)
    with pytest.raises(DomainError, match="al ondertekend"):
        drafts.proposal_sign(proposal=swap, actor=bestuurder2)


def test_a_swap_is_exactly_one_stop_and_one_start_at_two_institutions(small, bestuurder):
    proposal = drafts.proposal_create(actor=bestuurder, soort="uitruilen", titel="Half")
    drafts.change_add(proposal=proposal, actor=bestuurder, data={
        "actie": "stop", "opleiding": small.entree, "locatie": small.roc_ams, "leerweg": "BOL",
        "ingangsdatum": NEXT_YEAR})
    problems = lifecycle.publication_problems(proposal, proposal.draft())
    assert any("precies één stop en één start" in p for p in problems)


def test_an_executed_swap_changes_both_offerings_at_once(swap, small, bestuurder, bestuurder2,
                                                          staf):
    drafts.proposal_sign(proposal=swap, actor=bestuurder2)
    lifecycle.proposal_submit(proposal=swap, actor=bestuurder)
    Response.objects.create(proposal=swap, instelling=small.top, soort="instemming", versie=1,
                            gegeven_door=bestuurder2)
    lifecycle.proposal_conclude(proposal=swap, actor=bestuurder)
    lifecycle.proposal_decide(proposal=swap, actor=bestuurder)
    lifecycle.proposal_execute(proposal=swap, actor=staf)
    small.roc_entree.refresh_from_db()
    assert small.roc_entree.status == Aanbod.Status.IN_AFBOUW
    started = Aanbod.objects.get(instelling=small.top, opleiding=small.entree)
    assert started.status == Aanbod.Status.ACTIEF and started.history.count() == 1
    assert IndicatorRun.objects.filter(trigger=IndicatorRun.Trigger.CHANGE).exists()


def test_a_refused_change_rolls_the_whole_execution_back(swap, small, bestuurder, bestuurder2,
                                                          staf):
    drafts.proposal_sign(proposal=swap, actor=bestuurder2)
    lifecycle.proposal_submit(proposal=swap, actor=bestuurder)
    Response.objects.create(proposal=swap, instelling=small.top, soort="instemming", versie=1,
                            gegeven_door=bestuurder2)
    lifecycle.proposal_conclude(proposal=swap, actor=bestuurder)
    lifecycle.proposal_decide(proposal=swap, actor=bestuurder)
    # Meanwhile ROC TOP started Entree itself: the swap's start is refused, so is its stop.
    Aanbod.objects.create(instelling=small.top, opleiding=small.entree, locatie=small.top_ams,
                          leerweg="BOL")
    with pytest.raises(DomainError, match="al aangeboden"):
        lifecycle.proposal_execute(proposal=swap, actor=staf)
    small.roc_entree.refresh_from_db()
    assert small.roc_entree.status == Aanbod.Status.ACTIEF
    swap.refresh_from_db()
    assert swap.status == Status.BESLOTEN
    assert lifecycle.proposals_execute_due() == []


def test_due_proposals_are_executed_by_the_daily_job(build, small):
    proposal = build(Status.BESLOTEN)
    assert lifecycle.proposals_execute_due() == [proposal.pk]
    proposal.refresh_from_db()
    assert proposal.status == Status.UITGEVOERD
    assert Aanbod.objects.get(instelling=small.roc, opleiding=small.zorg).startdatum == (
        timezone.localdate())


# ---- responses ----------------------------------------------------------------------------
def test_an_invited_institution_gives_one_response_and_may_change_it(build, bestuurder2):
    proposal = build(Status.INGEDIEND)
    conversation.response_save(proposal=proposal, actor=bestuurder2, soort="bezwaar",
                               redenen={"regionale_dekking": "Al aanbod in Amsterdam."})
    conversation.response_save(proposal=proposal, actor=bestuurder2, soort="zienswijze",
                               redenen={"doelmatigheid": "Samen uitvoeren?"})
    [response] = proposal.reacties.all()
    assert response.soort == "zienswijze" and response.history.count() == 2
    assert response.redenen == {"doelmatigheid": "Samen uitvoeren?"}


def test_a_bezwaar_needs_reasons_per_perspective(build, bestuurder2):
    proposal = build(Status.INGEDIEND)
    with pytest.raises(DomainError, match="redenen per kijkrichting"):
        conversation.response_save(proposal=proposal, actor=bestuurder2, soort="bezwaar")


def test_an_institution_that_is_not_invited_cannot_respond(build, commissie):
    proposal = build(Status.INGEDIEND)
    with pytest.raises(DomainError, match="uitgenodigde"):
        conversation.response_save(proposal=proposal, actor=commissie, soort="instemming")


def test_nobody_responds_after_the_deadline(build, bestuurder2):
    proposal = build(Status.INGEDIEND)
    proposal.consultatie_tot = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(DomainError, match="verstreken"):
        conversation.response_save(proposal=proposal, actor=bestuurder2, soort="instemming")


def test_a_new_version_extends_a_short_remaining_term(build, bestuurder):
    proposal = build(Status.INGEDIEND)
    proposal.consultatie_tot = timezone.localdate() + datetime.timedelta(days=2)
    drafts.version_draft_start(proposal=proposal, actor=bestuurder)
    lifecycle.proposal_revise(proposal=proposal, actor=bestuurder)
    assert proposal.consultatie_tot == timezone.localdate() + datetime.timedelta(days=14)


# ---- messages and documents ---------------------------------------------------------------
def test_a_reply_belongs_to_a_message_of_the_same_proposal(build, bestuurder, bestuurder2):
    proposal = build(Status.INGEDIEND)
    other = build(Status.INGEDIEND)
    root = conversation.message_post(proposal=proposal, actor=bestuurder2, tekst="Waarom hier?")
    reply = conversation.message_post(proposal=proposal, actor=bestuurder, tekst="Vraag.",
                                      parent=root)
    assert reply.parent == root and reply.instelling == bestuurder.instelling
    with pytest.raises(DomainError):
        conversation.message_post(proposal=other, actor=bestuurder, tekst="x", parent=root)
    with pytest.raises(DomainError, match="leeg"):
        conversation.message_post(proposal=proposal, actor=bestuurder, tekst="   ")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_valid_document_is_stored_under_a_safe_name(build, bestuurder, media):
    proposal = build(Status.INGEDIEND)
    upload = SimpleUploadedFile("../../etc/Onderbouwing zorg (v2).PDF", b"%PDF-1.7 inhoud")
    document = conversation.document_upload(proposal=proposal, actor=bestuurder, upload=upload)
    assert document.naam == "Onderbouwing_zorg_v2.pdf"
    assert document.bestand.name.startswith(f"voorstellen/{proposal.pk}/")
    assert (media / document.bestand.name).read_bytes() == b"%PDF-1.7 inhoud"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("script.exe", b"MZ", "bestandstypen"),
    ("nep.pdf", b"<html>", "past niet bij de extensie"),
    ("tabel.csv", b"a,b\x00\x01", "tekst"),
    ("leeg.txt", b"", "leeg"),
])
def test_an_invalid_document_is_refused(build, bestuurder, media, name, content, message):
    proposal = build(Status.INGEDIEND)
    with pytest.raises(DomainError, match=message):
        conversation.document_upload(proposal=proposal, actor=bestuurder,
                                     upload=SimpleUploadedFile(name, content))
    assert not proposal.documenten.exists()


def test_a_document_over_the_size_limit_is_refused(build, bestuurder, media, settings):
    settings.PROPOSALS_MAX_UPLOAD_MB = 1
    proposal = build(Status.INGEDIEND)
    big = SimpleUploadedFile("groot.txt", b"a" * (1024 * 1024 + 1))
    with pytest.raises(DomainError, match="hoogstens 1 MB"):
        conversation.document_upload(proposal=proposal, actor=bestuurder, upload=big)


# ---- consultations ------------------------------------------------------------------------
def test_a_meeting_has_an_agenda_of_submitted_proposals_with_outcomes(build, small):
    proposal = build(Status.INGEDIEND)
    overleg = consultations.overleg_save(fields={
        "soort": "regionaal", "titel": "Regionaal overleg Amsterdam", "datum": NEXT_YEAR,
        "arbeidsmarktregio": small.amsterdam.arbeidsmarktregio})
    item = consultations.agenda_item_add(overleg=overleg, proposal=proposal)
    with pytest.raises(DomainError, match="al op de agenda"):
        consultations.agenda_item_add(overleg=overleg, proposal=proposal)
    consultations.agenda_item_record_outcome(item=item, uitkomst="afgestemd",
                                             toelichting="Samen verder.")
    item.refresh_from_db()
    assert item.get_uitkomst_display() == "Afgestemd"
    with pytest.raises(DomainError):
        consultations.agenda_item_remove(item=item)


def test_a_concept_cannot_be_put_on_the_agenda(build, small):
    overleg = Overleg.objects.create(soort="sectoraal", titel="Btg ZWS", datum=NEXT_YEAR,
                                     btg=small.zorg.btg)
    with pytest.raises(DomainError, match="concept"):
        consultations.agenda_item_add(overleg=overleg, proposal=build(Status.CONCEPT))
    assert not AgendaItem.objects.exists()


def test_a_regional_meeting_needs_a_region_and_switching_kind_clears_the_other_scope(small):
    with pytest.raises(DomainError):
        consultations.overleg_save(fields={"soort": "regionaal", "titel": "x",
                                           "datum": NEXT_YEAR})
    overleg = consultations.overleg_save(fields={
        "soort": "regionaal", "titel": "x", "datum": NEXT_YEAR,
        "arbeidsmarktregio": ArbeidsmarktregioFactory()})
    overleg = consultations.overleg_save(overleg=overleg, fields={"soort": "sectoraal",
                                                                   "btg": small.zorg.btg})
    assert overleg.arbeidsmarktregio is None and overleg.btg == small.zorg.btg
