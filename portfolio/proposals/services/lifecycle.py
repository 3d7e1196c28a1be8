"""The status transitions of a proposal; each writes a history row in the same transaction."""
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_fsm import ConcurrentTransition, can_proceed

from mbo_regie.errors import DomainError, TransitionNotAllowed
from portfolio.indicator_services import indicator_run_request
from portfolio.models import IndicatorRun

from .. import conf, notices, selectors
from ..models import (
    Actie,
    Dispute,
    Invitation,
    Kijkrichting,
    Notification,
    Proposal,
    ProposalEvent,
    ProposalVersion,
    Signature,
    Soort,
    Status,
)
from .drafts import version_impact_compute
from .notifications import notify_parties
from .registry import change_apply

logger = logging.getLogger(__name__)


def _stale() -> str:
    return _("Iemand anders heeft de status van dit voorstel net gewijzigd. Laad de pagina "
             "opnieuw.")


def _lock(proposal: Proposal) -> None:
    """Lock the proposal row, so concurrent verbs (and responses) on it queue up here.

    Conditions such as "no bezwaar" are then checked against data nobody can change until
    this transaction ends; a request that waited and finds another status is refused.
    """
    current = (Proposal.objects.select_for_update().filter(pk=proposal.pk)
               .values_list("status", flat=True).first())
    if current != proposal.status:
        raise TransitionNotAllowed(_stale())


def _ensure(proposal: Proposal, method, refusal: str) -> None:
    """Refuse, in words, a transition that the status or its conditions do not allow."""
    _lock(proposal)
    if not can_proceed(method, check_conditions=False):
        raise TransitionNotAllowed(_("Dit kan niet bij een voorstel met status '%(status)s'.")
                                   % {"status": proposal.get_status_display()})
    if not can_proceed(method):
        raise TransitionNotAllowed(refusal)


def _transition(proposal: Proposal, method, *, actor, refusal: str, note: str = "",
                versie: int | None = None) -> Proposal:
    """Run one FSM transition, save compare-and-set, and write the history row."""
    _ensure(proposal, method, refusal)
    old = proposal.status
    method()
    try:
        proposal.save()
    except ConcurrentTransition:
        raise TransitionNotAllowed(_stale())
    ProposalEvent.objects.create(proposal=proposal, old=old, new=proposal.status, actor=actor,
                                 note=note, versie=versie)
    return proposal


def publication_problems(proposal: Proposal, version: ProposalVersion) -> list[str]:
    """Everything that keeps a version from being published, in words (empty: it may go)."""
    problems = []
    changes = list(version.wijzigingen.all())
    if not version.samenvatting.strip():
        problems.append(_("Vul een samenvatting in."))
    if not changes:
        problems.append(_("Voeg minstens één concrete wijziging toe."))
    missing = [label for code, label in Kijkrichting.choices
               if not (version.motivatie.get(code) or "").strip()]
    if missing:
        problems.append(_("Motiveer het voorstel vanuit elke kijkrichting; nog leeg: "
                          "%(lijst)s.") % {"lijst": ", ".join(str(m) for m in missing)})
    if proposal.soort == Soort.UITRUILEN and changes:
        stops = [c for c in changes if c.actie == Actie.STOP]
        starts = [c for c in changes if c.actie == Actie.START]
        if not (len(stops) == 1 and len(starts) == 1 and len(changes) == 2
                and stops[0].instelling_id != starts[0].instelling_id):
            problems.append(_("Een uitruil is precies één stop en één start bij twee "
                              "verschillende instellingen."))
    if proposal.soort == Soort.SAMEN_UITVOEREN and changes and len(
            selectors.involved_instelling_ids(version) | {proposal.instelling_id}) < 2:
        problems.append(_("Samen uitvoeren vraagt wijzigingen bij minstens twee instellingen."))
    unsigned = selectors.missing_signatures(proposal, version)
    if unsigned:
        problems.append(_("Nog niet ondertekend door: %(lijst)s.")
                        % {"lijst": ", ".join(i.naam for i in unsigned)})
    return problems


def _publishable(proposal: Proposal, refusal: str, method) -> ProposalVersion:
    """The draft, once the status allows publishing it and nothing is missing."""
    _ensure(proposal, method, refusal)
    draft = proposal.draft()
    problems = publication_problems(proposal, draft)
    if problems:
        raise DomainError(" ".join(problems), code="proposal_incomplete")
    return draft


def _publish(proposal: Proposal, draft: ProposalVersion, actor) -> ProposalVersion:
    """Freeze the draft: a fresh impact snapshot, its signals, and the publication time."""
    version_impact_compute(version=draft)
    draft.gepubliceerd_op = timezone.now()
    draft.save(update_fields=["gepubliceerd_op"])
    if proposal.is_joint and getattr(actor, "instelling_id", None) == proposal.instelling_id:
        # Submitting is the proposer's own signature.
        Signature.objects.get_or_create(versie=draft, instelling_id=proposal.instelling_id,
                                        defaults={"ondertekend_door": actor})
    return draft


def _invite(proposal: Proposal, version: ProposalVersion) -> set[int]:
    """Invite every affected institution not invited yet; returns the new ones."""
    reasons = selectors.affected_reasons(proposal, version)
    already = {i.instelling_id: i for i in proposal.uitnodigingen.all()}
    new = set(reasons) - set(already)
    Invitation.objects.bulk_create([
        Invitation(proposal=proposal, instelling_id=pk, redenen=sorted(reasons[pk]),
                   versie=version.nummer) for pk in sorted(new)])
    for pk, invitation in already.items():
        merged = sorted(set(invitation.redenen) | reasons.get(pk, set()))
        if merged != invitation.redenen:
            Invitation.objects.filter(pk=invitation.pk).update(redenen=merged)
    return new


@transaction.atomic
def proposal_submit(*, proposal: Proposal, actor) -> Proposal:
    """Publish version 1, open the consultation (default 6 weeks) and invite those affected."""
    refusal = _("Er is geen conceptversie om in te dienen.")
    draft = _publishable(proposal, refusal, proposal.submit)
    proposal.ingediend_op = timezone.now()
    proposal.consultatie_tot = timezone.localdate() + conf.consultation_term()
    _transition(proposal, proposal.submit, actor=actor, versie=draft.nummer, refusal=refusal)
    version = _publish(proposal, draft, actor)
    _invite(proposal, version)
    notify_parties(
        proposal=proposal, soort=Notification.Soort.INGEDIEND,
        message=gettext_noop("%(instelling)s heeft het voorstel '%(titel)s' (%(soort)s) "
                             "ingediend. Reageren kan tot en met %(datum)s."),
        params={"instelling": proposal.instelling, "titel": proposal.titel,
                "soort": notices.label(proposal.get_soort_display),
                "datum": notices.date(proposal.consultatie_tot)},
        exclude=actor, staff=True)
    return proposal


@transaction.atomic
def proposal_revise(*, proposal: Proposal, actor) -> Proposal:
    """Publish the draft as a new version; the consultation runs at least two more weeks."""
    refusal = _("Er is geen conceptversie om te publiceren.")
    draft = _publishable(proposal, refusal, proposal.revise)
    floor = timezone.localdate() + conf.revision_term()
    if proposal.consultatie_tot is None or proposal.consultatie_tot < floor:
        proposal.consultatie_tot = floor
    # A new term means a new reminder.
    proposal.herinnerd_voor = None
    _transition(proposal, proposal.revise, actor=actor, versie=draft.nummer,
                note=draft.toelichting_wijziging, refusal=refusal)
    version = _publish(proposal, draft, actor)
    _invite(proposal, version)
    notify_parties(
        proposal=proposal, soort=Notification.Soort.NIEUWE_VERSIE,
        message=gettext_noop("Er is een nieuwe versie (%(nummer)s) van '%(titel)s'. Reageren "
                             "of uw reactie aanpassen kan tot en met %(datum)s."),
        params={"nummer": version.nummer, "titel": proposal.titel,
                "datum": notices.date(proposal.consultatie_tot)},
        exclude=actor)
    return proposal


def _outcome(proposal: Proposal, actor, message: str, staff: bool = False) -> None:
    """Tell the parties the outcome; ``message`` (gettext_noop) names the proposal as titel."""
    notify_parties(proposal=proposal, soort=Notification.Soort.UITKOMST, message=message,
                   params={"titel": proposal.titel}, exclude=actor, staff=staff)


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, actor, note: str = "") -> Proposal:
    """The proposer withdraws the proposal; nothing changes in the registry."""
    was_published = proposal.status != Status.CONCEPT
    _transition(proposal, proposal.withdraw, actor=actor, note=note,
                refusal=_("Dit voorstel kan niet meer worden ingetrokken."))
    if was_published:
        _outcome(proposal, actor, gettext_noop("Het voorstel '%(titel)s' is ingetrokken."))
    return proposal


@transaction.atomic
def proposal_conclude(*, proposal: Proposal, actor, note: str = "") -> Proposal:
    """Close the consultation as agreed: the term is over (or all answered) and no bezwaar."""
    _transition(proposal, proposal.conclude, actor=actor, note=note,
                refusal=_("Afstemmen kan pas als alle betrokkenen hebben gereageerd of de "
                          "termijn voorbij is, en er geen bezwaar meer openstaat."))
    _outcome(proposal, actor, gettext_noop("Het voorstel '%(titel)s' is afgestemd."))
    return proposal


@transaction.atomic
def proposal_dispute(*, proposal: Proposal, actor, reden: str) -> Dispute:
    """Record that a bezwaar could not be resolved; the escalation ladder takes over."""
    if not reden.strip():
        raise DomainError(_("Beschrijf waarover de instellingen het niet eens worden."))
    _transition(proposal, proposal.dispute, actor=actor, note=reden,
                refusal=_("Een geschil kan alleen worden gemeld als er een bezwaar is."))
    dispute = Dispute.objects.create(proposal=proposal, reden=reden.strip(), gemeld_door=actor,
                                     instelling_id=getattr(actor, "instelling_id", None))
    _outcome(proposal, actor, gettext_noop(
        "Over het voorstel '%(titel)s' is een geschil gemeld; de escalatieladder (gesprek, "
        "commissie governance, bestuur MBO Raad) begint."), staff=True)
    return dispute


@transaction.atomic
def proposal_decide(*, proposal: Proposal, actor, besluit: str = "") -> Proposal:
    """Decide the change: after agreement, or with the outcome of the escalation."""
    if proposal.status == Status.GESCHIL and not besluit.strip():
        raise DomainError(_("Leg vast wat de uitkomst van de escalatie is."))
    proposal.besluit = besluit.strip()
    proposal.besloten_op = timezone.now()
    _transition(proposal, proposal.decide, actor=actor, note=besluit,
                refusal=_("Besluiten kan pas na afstemming of na de uitkomst van een geschil."))
    _outcome(proposal, actor, gettext_noop("Over het voorstel '%(titel)s' is besloten; de "
                                           "wijzigingen gaan in op de ingangsdatum."))
    return proposal


@transaction.atomic
def proposal_execute(*, proposal: Proposal, actor=None) -> Proposal:
    """Apply all changes of the decided version to the registry at once (a swap is one act)."""
    refusal = _("De ingangsdatum van alle wijzigingen is nog niet bereikt.")
    _ensure(proposal, proposal.execute, refusal)
    version = proposal.latest_version()
    for change in selectors.version_changes(version):
        change_apply(change=change)
    proposal.uitgevoerd_op = timezone.now()
    _transition(proposal, proposal.execute, actor=actor, versie=version.nummer, refusal=refusal)
    _outcome(proposal, actor, gettext_noop("De wijzigingen van '%(titel)s' zijn doorgevoerd "
                                           "in het register."))
    # The registry changed: the indicators recompute (debounced, after the commit).
    indicator_run_request(trigger=IndicatorRun.Trigger.CHANGE,
                          user=actor if getattr(actor, "pk", None) else None)
    return proposal


def proposals_execute_due() -> list[int]:
    """Execute every decided proposal whose effective date has come; one transaction each."""
    done = []
    for proposal in Proposal.objects.filter(status=Status.BESLOTEN).order_by("id"):
        if not proposal.effective_date_reached():
            continue
        try:
            proposal_execute(proposal=proposal, actor=None)
        except DomainError as exc:
            # One refused proposal (e.g. its offering changed meanwhile) must not block others.
            logger.warning("Voorstel %s niet uitgevoerd: %s", proposal.pk, exc.message)
            continue
        done.append(proposal.pk)
    return done
