"""The ladder: every allowed transition writes the step and a timeline row; every forbidden
one is refused with a reason and writes nothing."""
import datetime

import pytest
from django.utils import timezone

from arbitration.models import (
    BEFORE_RULING,
    LADDER,
    Case,
    CaseEvent,
    CaseParty,
    Stage,
    StepOutcome,
)
from arbitration.services import cases, deadlines
from mbo_regie.errors import DomainError, TransitionNotAllowed
from portfolio.proposals.models import Status as ProposalStatus
from tests.factories import AanbodFactory

from .factories import disputed_proposal

pytestmark = pytest.mark.django_db

ALL_STAGES = [*LADDER, Stage.VERGELIJK, Stage.INGETROKKEN]


def _steps(case) -> list[tuple[str, str]]:
    return list(case.events.filter(soort=CaseEvent.Soort.STAP).values_list("old", "new"))


# --- opening ----------------------------------------------------------------------------
def test_staff_open_the_case_of_a_disputed_proposal_with_its_impact_and_conversation(
        staf, bestuurder, bestuurder2, opleiding, locatie, locatie2, aanbod2):
    # The objector offers the programme in the same leerweg next door: a new overlap.
    AanbodFactory(instelling=bestuurder2.instelling, opleiding=opleiding, locatie=locatie2,
                  leerweg="BBL")
    proposal = disputed_proposal(proposer=bestuurder, objector=bestuurder2, opleiding=opleiding,
                                 locatie=locatie)
    case = cases.case_open_from_proposal(proposal=proposal, actor=staf)
    assert case.stage == Stage.DIALOOG
    assert case.proposal == proposal and case.dispute == proposal.geschillen.get()
    roles = dict(case.partijen.values_list("instelling_id", "rol"))
    assert roles == {bestuurder.instelling_id: CaseParty.Rol.INDIENER,
                     bestuurder2.instelling_id: CaseParty.Rol.BEZWAARMAKER}
    assert list(case.opleidingen.all()) == [opleiding]
    assert list(case.regios.all()) == [locatie.gemeente.arbeidsmarktregio]
    assert case.dossier["geschil"]["reden"] == "Geen overeenstemming."
    assert case.dossier["reacties"][0]["soort"] == "Bezwaar"
    assert case.dossier["berichten"][0]["tekst"] == "Kunnen we praten?"
    assert case.dossier["impact"]["overlap_nieuw"][0]["instelling"] == "ROC TOP"
    assert case.termijn == timezone.localdate() + datetime.timedelta(days=42)
    assert _steps(case) == [("", Stage.DIALOOG)]


def test_a_proposal_gets_one_case_and_only_when_disputed(staf, bestuurder, bestuurder2,
                                                         opleiding, locatie, aanbod2):
    proposal = disputed_proposal(proposer=bestuurder, objector=bestuurder2, opleiding=opleiding,
                                 locatie=locatie)
    cases.case_open_from_proposal(proposal=proposal, actor=staf)
    with pytest.raises(DomainError, match="al een geschilzaak"):
        cases.case_open_from_proposal(proposal=proposal, actor=staf)
    assert proposal.status == ProposalStatus.GESCHIL


def test_a_proposal_that_is_not_disputed_is_refused(staf, bestuurder):
    from portfolio.proposals.services.drafts import proposal_create

    proposal = proposal_create(actor=bestuurder, soort="starten", titel="Concept")
    with pytest.raises(DomainError, match="geschil"):
        cases.case_open_from_proposal(proposal=proposal, actor=staf)
    assert not Case.objects.exists()


def test_a_bestuurder_opens_a_case_for_the_own_institution_against_another(
        bestuurder, instelling, instelling2, aanbod):
    case = cases.case_open(actor=bestuurder, titel="Werving", aanleiding="werving",
                           omschrijving="Werving in onze regio.", wederpartijen=[instelling2],
                           melder=instelling2, aanbod=[aanbod])
    roles = dict(case.partijen.values_list("instelling_id", "rol"))
    # A bestuurder cannot name another reporter: the own institution reports.
    assert roles == {instelling.pk: "melder", instelling2.pk: "wederpartij"}
    assert list(case.opleidingen.all()) == [aanbod.opleiding]
    assert list(case.regios.all()) == [aanbod.locatie.gemeente.arbeidsmarktregio]


def test_a_case_needs_two_parties(bestuurder, instelling):
    with pytest.raises(DomainError, match="twee partijen"):
        cases.case_open(actor=bestuurder, titel="Alleen", aanleiding="overig",
                        omschrijving="Iets.", wederpartijen=[instelling])


def test_a_dispute_about_a_proposal_is_opened_from_the_proposal(bestuurder, instelling2):
    with pytest.raises(DomainError, match="vanuit het voorstel"):
        cases.case_open(actor=bestuurder, titel="X", aanleiding="voorstel", omschrijving="X",
                        wederpartijen=[instelling2])


# --- the happy path: each allowed transition ---------------------------------------------
def test_every_step_of_the_ladder_is_a_transition_with_a_timeline_row(journey):
    case = journey.at(Stage.GESLOTEN)
    assert _steps(case) == [("", Stage.DIALOOG)] + list(zip(LADDER, LADDER[1:], strict=False))
    assert case.beeindigd_op is not None and case.termijn is None
    events = case.events.filter(soort=CaseEvent.Soort.STAP).exclude(old="")
    assert all(e.actor_id for e in events)
    results = dict(case.uitkomsten.values_list("stap", "uitkomst"))
    assert results == {Stage.DIALOOG: "zonder_vergelijk", Stage.ADVIES: "zonder_vergelijk",
                       Stage.REACTIE_BESTUUR: "zonder_vergelijk",
                       Stage.BEMIDDELING: "zonder_vergelijk"}


@pytest.mark.parametrize("stage", LADDER[:-1])
def test_entering_a_step_sets_its_default_deadline(journey, stage, settings):
    settings.ARBITRATION_STEP_DAYS = {"advies": 10}
    case = journey.at(stage)
    from arbitration import conf

    days = conf.step_days(stage)
    if stage == Stage.UITVOERING:
        # Execution runs until the latest order deadline.
        assert case.termijn == case.uitspraak.lasten.get().termijn
    else:
        assert case.termijn == timezone.localdate() + datetime.timedelta(days=days)
    if stage == Stage.ADVIES:
        assert days == 10


def test_the_board_may_skip_the_advice_of_the_commission(journey):
    case = journey.open()
    case = cases.case_signal_board(case=case, actor=journey.partij, note="Direct naar bestuur.")
    assert case.stage == Stage.SIGNAAL and case.signaal_op is not None
    assert _steps(case)[-1] == (Stage.DIALOOG, Stage.SIGNAAL)


def test_signalling_the_board_after_advice_needs_the_advice_recorded(journey):
    case = journey.at(Stage.ADVIES)
    with pytest.raises(TransitionNotAllowed, match="advies van de commissie"):
        cases.case_signal_board(case=case, actor=journey.partij, note="Meteen door.")
    case.refresh_from_db()
    assert case.stage == Stage.ADVIES and case.signaal_op is None


# --- arbitration: the last step -------------------------------------------------------------
def test_arbitration_requested_before_mediation_failed_is_refused_with_the_reason(journey):
    case = journey.at(Stage.BEMIDDELING)
    cases.scope_test_record(case=case, actor=journey.staf, concurrentie=True, dekkend=True,
                            toelichting="In reikwijdte.")
    before = case.events.count()
    with pytest.raises(TransitionNotAllowed, match="Bemiddeling"):
        cases.case_request_arbitration(case=case, actor=journey.partij, note="Nu arbitrage.")
    case.refresh_from_db()
    assert case.stage == Stage.BEMIDDELING and case.arbitrage_verzocht_op is None
    assert case.events.count() == before


def test_arbitration_needs_the_scope_test_of_staff(journey):
    case = journey.at(Stage.BEMIDDELING)
    cases.mediation_conclude(case=case, actor=journey.staf, uitkomst="zonder_vergelijk",
                             toelichting="Mislukt.")
    with pytest.raises(TransitionNotAllowed, match="reikwijdte nog niet getoetst"):
        cases.case_request_arbitration(case=case, actor=journey.partij, note="Arbitrage.")
    cases.scope_test_record(case=case, actor=journey.staf, concurrentie=False,
                            toelichting="Geen concurrentie; een inhoudelijk verschil.")
    with pytest.raises(TransitionNotAllowed, match="buiten de reikwijdte"):
        cases.case_request_arbitration(case=case, actor=journey.partij, note="Arbitrage.")


def test_only_a_party_can_submit_the_case_to_arbitration(journey):
    case = journey.at(Stage.BEMIDDELING)
    journey.prepare_arbitration(case)
    with pytest.raises(DomainError, match="Alleen een partij"):
        cases.case_request_arbitration(case=case, actor=journey.staf, note="Namens de staf.")
    case = cases.case_request_arbitration(case=case, actor=journey.wederpartij, note="Graag.")
    assert case.stage == Stage.ARBITRAGE
    assert case.arbitrage_verzocht_door == journey.wederpartij.instelling


def test_a_skipped_step_counts_only_once_staff_approved_its_reason(journey):
    case = journey.at(Stage.REACTIE_BESTUUR)
    cases.scope_test_record(case=case, actor=journey.staf, concurrentie=True, relevant=True,
                            toelichting="In reikwijdte.")
    outcome = cases.step_skip_request(case=case, actor=journey.partij, stap=Stage.BEMIDDELING,
                                      reden="De wederpartij weigert bemiddeling.")
    assert outcome.pending
    with pytest.raises(TransitionNotAllowed, match="Bemiddeling"):
        cases.case_request_arbitration(case=case, actor=journey.partij, note="Arbitrage.")
    cases.step_skip_decide(case=case, actor=journey.staf, stap=Stage.BEMIDDELING, approve=True)
    case = cases.case_request_arbitration(case=case, actor=journey.partij, note="Arbitrage.")
    assert case.stage == Stage.ARBITRAGE
    skipped = case.uitkomsten.get(stap=Stage.BEMIDDELING)
    assert skipped.uitkomst == StepOutcome.Result.OVERGESLAGEN
    assert skipped.goedgekeurd_door == journey.staf
    assert case.events.filter(note__contains="goedgekeurd").exists()


def test_a_rejected_skip_is_recorded_and_removed(journey):
    case = journey.open()
    cases.step_skip_request(case=case, actor=journey.partij, stap=Stage.REACTIE_BESTUUR,
                            reden="Haast.")
    cases.step_skip_decide(case=case, actor=journey.staf, stap=Stage.REACTIE_BESTUUR,
                           approve=False, note="Eerst het bestuur.")
    assert not case.uitkomsten.exists()
    assert case.events.filter(note__contains="afgewezen").exists()


def test_staff_skipping_a_step_is_its_own_approval(journey):
    case = journey.open()
    cases.step_skip_request(case=case, actor=journey.staf, stap=Stage.REACTIE_BESTUUR,
                            reden="Het bestuur heeft al gesproken.")
    case = cases.case_start_mediation(case=case, actor=journey.staf, bemiddelaar="Mr. X",
                                      note="Meteen bemiddelen.")
    assert case.stage == Stage.BEMIDDELING
    assert case.step_passed(Stage.DIALOOG) and case.step_passed(Stage.REACTIE_BESTUUR)


def test_mediation_without_the_board_step_is_refused(journey):
    case = journey.open()
    with pytest.raises(TransitionNotAllowed, match="reactie van het bestuur"):
        cases.case_start_mediation(case=case, actor=journey.staf, bemiddelaar="Mr. X")
    assert not hasattr(Case.objects.get(pk=case.pk), "bemiddeling")


def test_a_step_already_reached_cannot_be_skipped(journey):
    case = journey.at(Stage.BEMIDDELING)
    with pytest.raises(DomainError, match="al bereikt"):
        cases.step_skip_request(case=case, actor=journey.partij, stap=Stage.BEMIDDELING,
                                reden="Te laat.")


def test_from_dialogue_straight_to_arbitration_with_both_skips_approved(journey):
    case = journey.open()
    for stap in (Stage.REACTIE_BESTUUR, Stage.BEMIDDELING):
        cases.step_skip_request(case=case, actor=journey.staf, stap=stap, reden="Spoed.")
    cases.scope_test_record(case=case, actor=journey.staf, concurrentie=True, dekkend=True,
                            toelichting="In reikwijdte.")
    case = cases.case_request_arbitration(case=case, actor=journey.partij, note="Dialoog faalt.")
    assert case.stage == Stage.ARBITRAGE
    assert case.uitkomsten.get(stap=Stage.DIALOOG).uitkomst == "zonder_vergelijk"


# --- every forbidden transition -----------------------------------------------------------
def _verbs(j):
    return {
        "request_advice": lambda c: cases.case_request_advice(case=c, actor=j.partij, note="x"),
        "signal_board": lambda c: cases.case_signal_board(case=c, actor=j.partij, note="x"),
        "board_respond": lambda c: cases.case_board_respond(case=c, actor=j.bestuur,
                                                            soort="gesprek", tekst="x"),
        "start_mediation": lambda c: cases.case_start_mediation(case=c, actor=j.staf,
                                                                bemiddelaar="Mr. Y"),
        "request_arbitration": lambda c: cases.case_request_arbitration(case=c, actor=j.partij,
                                                                        note="x"),
        "settle": lambda c: cases.case_settle(case=c, actor=j.partij, voorwaarden="x"),
        "withdraw": lambda c: cases.case_withdraw(case=c, actor=j.partij, reden="x"),
    }


ALLOWED = {
    "request_advice": {Stage.DIALOOG},
    "signal_board": {Stage.DIALOOG, Stage.ADVIES},
    "board_respond": {Stage.SIGNAAL},
    "start_mediation": {Stage.REACTIE_BESTUUR},
    "request_arbitration": set(),  # refused everywhere until the ladder is exhausted
    "settle": set(BEFORE_RULING),
    "withdraw": set(BEFORE_RULING),
}
FORBIDDEN = [(verb, stage) for verb, ok in ALLOWED.items() for stage in ALL_STAGES
             if stage not in ok]


@pytest.mark.parametrize(("verb", "stage"), FORBIDDEN)
def test_a_forbidden_transition_is_refused_and_writes_nothing(journey, verb, stage):
    case = journey.at(stage)
    before = (case.events.count(), case.uitkomsten.count())
    with pytest.raises(DomainError):
        _verbs(journey)[verb](case)
    case.refresh_from_db()
    assert case.stage == stage
    assert (case.events.count(), case.uitkomsten.count()) == before


@pytest.mark.parametrize("stage", sorted(BEFORE_RULING))
@pytest.mark.parametrize("ending", ["settle", "withdraw"])
def test_settling_or_withdrawing_ends_a_case_at_any_step_before_the_ruling(journey, stage,
                                                                           ending):
    case = journey.at(stage)
    case = _verbs(journey)[ending](case)
    target = Stage.VERGELIJK if ending == "settle" else Stage.INGETROKKEN
    assert case.stage == target and case.termijn is None
    assert _steps(case)[-1] == (stage, target)


def test_a_settlement_needs_its_terms(journey):
    case = journey.open()
    with pytest.raises(DomainError, match="voorwaarden"):
        cases.case_settle(case=case, actor=journey.partij, voorwaarden="  ")


def test_mediation_that_reaches_agreement_settles_the_case(journey):
    case = journey.at(Stage.BEMIDDELING)
    case = cases.mediation_conclude(case=case, actor=journey.staf, uitkomst="vergelijk",
                                    toelichting="Elk een eigen profiel.")
    assert case.stage == Stage.VERGELIJK
    assert case.vergelijk_voorwaarden == "Elk een eigen profiel."


# --- suspension and deadlines ------------------------------------------------------------
def test_a_suspended_case_does_not_move_until_resumed_and_its_deadline_shifts(journey):
    case = journey.open()
    deadlines.case_suspend(case=case, actor=journey.staf, reden="Wachten op cijfers.")
    with pytest.raises(TransitionNotAllowed, match="opgeschort"):
        cases.case_request_advice(case=case, actor=journey.partij, note="x")
    case = Case.objects.get(pk=case.pk)
    deadline = case.termijn
    Case.objects.filter(pk=case.pk).update(
        opgeschort_op=timezone.now() - datetime.timedelta(days=5))
    case = deadlines.case_resume(case=case, actor=journey.staf)
    assert not case.suspended
    assert case.termijn == deadline + datetime.timedelta(days=5)
    assert cases.case_request_advice(case=case, actor=journey.partij, note="x").stage == \
        Stage.ADVIES
    notes = list(case.events.filter(soort="opschorting").values_list("note", flat=True))
    assert notes[0].startswith("Opgeschort") and "5 dagen" in notes[1]


def test_a_suspended_case_can_still_be_settled(journey):
    case = journey.open()
    deadlines.case_suspend(case=case, actor=journey.staf, reden="Pauze.")
    assert cases.case_settle(case=case, actor=journey.partij, voorwaarden="Akkoord.").stage == \
        Stage.VERGELIJK


def test_staff_extend_a_deadline_with_a_reason_only_to_a_later_date(journey):
    case = journey.open()
    with pytest.raises(DomainError, match="na de huidige termijn"):
        deadlines.case_extend_deadline(case=case, actor=journey.staf, termijn=case.termijn,
                                       reden="Meer tijd.")
    later = case.termijn + datetime.timedelta(days=14)
    case = deadlines.case_extend_deadline(case=case, actor=journey.staf, termijn=later,
                                          reden="Vakantie.")
    assert case.termijn == later
    assert case.events.filter(soort="termijn", note__contains="Vakantie").exists()


def test_an_ended_case_cannot_be_suspended(journey):
    case = journey.at(Stage.INGETROKKEN)
    with pytest.raises(DomainError, match="beëindigde"):
        deadlines.case_suspend(case=case, actor=journey.staf, reden="x")
