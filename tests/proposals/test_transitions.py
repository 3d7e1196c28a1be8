"""Every allowed and every forbidden status transition of a proposal, through its service."""
import pytest

from mbo_regie.errors import DomainError, TransitionNotAllowed
from portfolio.proposals.models import Proposal, ProposalEvent, Status
from portfolio.proposals.services import conversation, drafts, lifecycle

pytestmark = pytest.mark.django_db

S = Status
ALLOWED = {
    "submit": ({S.CONCEPT}, S.INGEDIEND),
    "revise": ({S.INGEDIEND, S.AANGEPAST}, S.AANGEPAST),
    "conclude": ({S.INGEDIEND, S.AANGEPAST}, S.AFGESTEMD),
    "dispute": ({S.INGEDIEND, S.AANGEPAST}, S.GESCHIL),
    "withdraw": ({S.CONCEPT, S.INGEDIEND, S.AANGEPAST, S.AFGESTEMD, S.GESCHIL}, S.INGETROKKEN),
    "decide": ({S.AFGESTEMD, S.GESCHIL}, S.BESLOTEN),
    "execute": ({S.BESLOTEN}, S.UITGEVOERD),
}


def _call(verb, proposal, actor):
    calls = {
        "submit": lambda: lifecycle.proposal_submit(proposal=proposal, actor=actor),
        "revise": lambda: lifecycle.proposal_revise(proposal=proposal, actor=actor),
        "conclude": lambda: lifecycle.proposal_conclude(proposal=proposal, actor=actor),
        "dispute": lambda: lifecycle.proposal_dispute(proposal=proposal, actor=actor,
                                                      reden="Geen vergelijk."),
        "withdraw": lambda: lifecycle.proposal_withdraw(proposal=proposal, actor=actor),
        "decide": lambda: lifecycle.proposal_decide(proposal=proposal, actor=actor,
                                                    besluit="Uitkomst vastgelegd."),
        "execute": lambda: lifecycle.proposal_execute(proposal=proposal, actor=actor),
    }
    return calls[verb]()


def _prepare(verb, proposal, bestuurder, bestuurder2):
    """Meet the verb's conditions, so only the status decides."""
    if verb == "revise":
        drafts.version_draft_start(proposal=proposal, actor=bestuurder)
    if verb in ("conclude", "dispute"):
        soort = "instemming" if verb == "conclude" else "bezwaar"
        conversation.response_save(proposal=proposal, actor=bestuurder2, soort=soort,
                                   redenen={"doelmatigheid": "Zie toelichting."})


ALLOWED_CASES = [(verb, state) for verb, (sources, _t) in ALLOWED.items() for state in sources]
FORBIDDEN_CASES = [(verb, state) for verb, (sources, _t) in ALLOWED.items()
                   for state in set(Status) - sources]


@pytest.mark.parametrize(("verb", "state"), ALLOWED_CASES)
def test_an_allowed_transition_moves_the_status_and_writes_a_history_row(
        build, bestuurder, bestuurder2, staf, verb, state):
    proposal = build(state)
    _prepare(verb, proposal, bestuurder, bestuurder2)
    events = ProposalEvent.objects.filter(proposal=proposal).count()
    _call(verb, proposal, staf)
    proposal.refresh_from_db()
    assert proposal.status == ALLOWED[verb][1]
    assert ProposalEvent.objects.filter(proposal=proposal).count() == events + 1
    last = proposal.events.last()
    assert (last.old, last.new, last.actor) == (state, ALLOWED[verb][1], staf)


@pytest.mark.parametrize(("verb", "state"), FORBIDDEN_CASES)
def test_a_forbidden_transition_is_refused_without_a_history_row(build, staf, verb, state):
    proposal = build(Status.INGEDIEND)
    # Put the proposal in the from-state directly: the refusal must come from the status alone.
    Proposal.objects.filter(pk=proposal.pk).update(status=state)
    proposal.refresh_from_db()
    events = ProposalEvent.objects.filter(proposal=proposal).count()
    with pytest.raises(TransitionNotAllowed):
        _call(verb, proposal, staf)
    proposal.refresh_from_db()
    assert proposal.status == state
    assert ProposalEvent.objects.filter(proposal=proposal).count() == events


def test_conclude_is_refused_while_a_bezwaar_stands(build, bestuurder, bestuurder2):
    proposal = build(Status.INGEDIEND)
    conversation.response_save(proposal=proposal, actor=bestuurder2, soort="bezwaar",
                               redenen={"regionale_dekking": "Dubbel aanbod."})
    with pytest.raises(TransitionNotAllowed, match="bezwaar"):
        lifecycle.proposal_conclude(proposal=proposal, actor=bestuurder)
    assert Proposal.objects.get(pk=proposal.pk).status == Status.INGEDIEND


def test_conclude_is_refused_before_the_deadline_while_someone_has_not_answered(
        build, bestuurder):
    proposal = build(Status.INGEDIEND)
    with pytest.raises(TransitionNotAllowed, match="termijn"):
        lifecycle.proposal_conclude(proposal=proposal, actor=bestuurder)


def test_conclude_is_allowed_after_the_deadline_without_answers(build, bestuurder):
    proposal = build(Status.INGEDIEND)
    Proposal.objects.filter(pk=proposal.pk).update(consultatie_tot="2020-01-01")
    proposal.refresh_from_db()
    lifecycle.proposal_conclude(proposal=proposal, actor=bestuurder)
    assert proposal.status == Status.AFGESTEMD


def test_a_dispute_needs_a_bezwaar(build, bestuurder):
    proposal = build(Status.INGEDIEND)
    with pytest.raises(TransitionNotAllowed, match="bezwaar"):
        lifecycle.proposal_dispute(proposal=proposal, actor=bestuurder, reden="Oneens.")


def test_a_dispute_is_recorded_for_the_escalation(build):
    proposal = build(Status.GESCHIL)
    [dispute] = proposal.geschillen.all()
    assert dispute.reden == "Geen vergelijk." and dispute.instelling.naam == "ROC TOP"


def test_a_decision_after_a_dispute_needs_the_outcome(build, staf):
    proposal = build(Status.GESCHIL)
    with pytest.raises(DomainError, match="uitkomst"):
        lifecycle.proposal_decide(proposal=proposal, actor=staf, besluit=" ")
    assert Proposal.objects.get(pk=proposal.pk).status == Status.GESCHIL


def test_execution_waits_for_the_effective_date(build, small, staf, bestuurder, bestuurder2):
    proposal = build(Status.INGEDIEND)  # takes effect in 2030
    conversation.response_save(proposal=proposal, actor=bestuurder2, soort="instemming")
    lifecycle.proposal_conclude(proposal=proposal, actor=bestuurder)
    lifecycle.proposal_decide(proposal=proposal, actor=bestuurder)
    with pytest.raises(TransitionNotAllowed, match="ingangsdatum"):
        lifecycle.proposal_execute(proposal=proposal, actor=staf)
    assert not small.roc.aanbod.filter(opleiding=small.zorg).exists()


def test_submission_lists_everything_that_is_missing(small, bestuurder):
    proposal = drafts.proposal_create(actor=bestuurder, soort="starten", titel="Leeg")
    with pytest.raises(DomainError) as excinfo:
        lifecycle.proposal_submit(proposal=proposal, actor=bestuurder)
    message = excinfo.value.message
    assert "samenvatting" in message and "concrete wijziging" in message
    assert "kijkrichting" in message
    assert Proposal.objects.get(pk=proposal.pk).status == Status.CONCEPT
    assert not ProposalEvent.objects.filter(proposal=proposal).exists()


def test_a_stale_copy_cannot_overwrite_a_transition(build, bestuurder, staf):
    proposal = build(Status.INGEDIEND)
    stale = Proposal.objects.get(pk=proposal.pk)
    lifecycle.proposal_withdraw(proposal=proposal, actor=bestuurder)
    with pytest.raises(TransitionNotAllowed, match="Iemand anders"):
        lifecycle.proposal_withdraw(proposal=stale, actor=staf)
    assert Proposal.objects.get(pk=proposal.pk).status == Status.INGETROKKEN
    assert ProposalEvent.objects.filter(proposal=proposal, new=Status.INGETROKKEN).count() == 1
