"""Opening a case and moving it up the ladder; settling, withdrawing, suspending, deadlines."""
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mbo_regie.accounts.predicates import is_staf
from mbo_regie.errors import DomainError
from portfolio.models import Aanbod, Arbeidsmarktregio, Instelling, Opleiding
from portfolio.proposals import notices
from portfolio.proposals.models import Proposal, Reactiesoort
from portfolio.proposals.models import Status as ProposalStatus

from .. import conf, selectors
from ..models import (
    ADVICE_KINDS,
    BEFORE_ARBITRATION,
    BOARD_KINDS,
    LADDER,
    SKIPPABLE_STEPS,
    Aanleiding,
    Case,
    CaseEvent,
    CaseParty,
    Mediation,
    MediationSession,
    ScopeTest,
    Stage,
    StepOutcome,
    StepRecord,
    Visibility,
    step_label,
)
from .common import (
    announce,
    event,
    lock,
    record_outcome,
    require_stage,
    require_text,
    transition,
)

# Leaving one of these steps upward records it as "ended without agreement".
ESCALATION_RECORDS = (Stage.DIALOOG, Stage.ADVIES, Stage.REACTIE_BESTUUR)


def _link(case: Case, *, opleidingen=(), aanbod=(), regios=()) -> None:
    """Link programmes, offerings and regions; offerings bring their programme and region."""
    aanbod = list(Aanbod.objects.filter(pk__in=[a.pk for a in aanbod])
                  .select_related("locatie__gemeente"))
    opleiding_ids = {o.pk for o in opleidingen} | {a.opleiding_id for a in aanbod}
    regio_ids = {r.pk for r in regios} | {a.locatie.gemeente.arbeidsmarktregio_id for a in aanbod}
    if not regio_ids:
        # Without named places, the parties' home regions are where the dispute plays.
        regio_ids = set(Instelling.objects.filter(pk__in=case.party_ids())
                        .exclude(home_gemeente=None)
                        .values_list("home_gemeente__arbeidsmarktregio_id", flat=True))
    case.aanbod.set(aanbod)
    case.opleidingen.set(Opleiding.objects.filter(pk__in=opleiding_ids))
    case.regios.set(Arbeidsmarktregio.objects.filter(pk__in=regio_ids))


def _create(*, actor, titel: str, omschrijving: str, aanleiding: str,
            partijen: list[tuple[Instelling, str]], voorbeeld: bool, **fields) -> Case:
    titel = require_text(titel, _("Geef de zaak een onderwerp."))
    omschrijving = require_text(omschrijving, _("Beschrijf waarover het geschil gaat."))
    if len({i.pk for i, _rol in partijen}) < 2:
        raise DomainError(_("Een zaak heeft minstens twee partijen."))
    case = Case.objects.create(titel=titel, omschrijving=omschrijving, aanleiding=aanleiding,
                               geopend_door=actor, voorbeeld=voorbeeld,
                               termijn=conf.step_deadline(Stage.DIALOOG, timezone.localdate()),
                               **fields)
    seen = set()
    for instelling, rol in partijen:
        if instelling.pk not in seen:
            CaseParty.objects.create(case=case, instelling=instelling, rol=rol)
            seen.add(instelling.pk)
    return case


def _opened(case: Case, actor) -> None:
    event(case, CaseEvent.Soort.STAP, actor=actor, new=case.stage,
          note=_("Zaak geopend: %(aanleiding)s.") % {"aanleiding": case.get_aanleiding_display()})
    announce(case, gettext_noop("Er is een geschilzaak geopend: '%(titel)s'. De eerste stap "
                                "is de dialoog tussen de instellingen."),
             {"titel": case.titel}, actor=actor)


@transaction.atomic
def case_open(*, actor, titel: str, omschrijving: str, aanleiding: str, wederpartijen,
              melder: Instelling | None = None, opleidingen=(), aanbod=(), regios=(),
              voorbeeld: bool = False) -> Case:
    """Open a case on its own (e.g. active recruitment, late consultation) with two parties.

    A bestuurder opens it for the own institution; staff name the reporting institution.
    """
    if aanleiding not in Aanleiding.values or aanleiding == Aanleiding.VOORSTEL:
        raise DomainError(_("Een geschil over een voorstel wordt vanuit het voorstel geopend."))
    if not is_staf(actor):
        melder = getattr(actor, "instelling", None)
    if melder is None:
        raise DomainError(_("Kies de instelling die de zaak aanhangig maakt."))
    partijen = [(melder, CaseParty.Rol.MELDER)]
    partijen += [(i, CaseParty.Rol.WEDERPARTIJ) for i in wederpartijen if i.pk != melder.pk]
    case = _create(actor=actor, titel=titel, omschrijving=omschrijving, aanleiding=aanleiding,
                   partijen=partijen, voorbeeld=voorbeeld)
    _link(case, opleidingen=opleidingen, aanbod=aanbod, regios=regios)
    _opened(case, actor)
    return case


@transaction.atomic
def case_open_from_proposal(*, proposal: Proposal, actor, titel: str = "",
                            omschrijving: str = "", voorbeeld: bool = False) -> Case:
    """Open the case of a disputed proposal, carrying its impact analysis and conversation.

    Parties: the proposing institution and every institution that objected (or reported the
    dispute). Programmes, offerings and regions come from the proposal's changes.
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.GESCHIL:
        raise DomainError(_("Alleen een voorstel met status 'geschil' wordt een geschilzaak."))
    if Case.objects.filter(proposal=proposal).exists():
        raise DomainError(_("Voor dit voorstel is al een geschilzaak geopend."))
    dispute = proposal.geschillen.order_by("-gemeld_op", "-id").first()
    partijen = [(proposal.instelling, CaseParty.Rol.INDIENER)]
    for response in proposal.reacties.filter(soort=Reactiesoort.BEZWAAR).select_related(
            "instelling"):
        partijen.append((response.instelling, CaseParty.Rol.BEZWAARMAKER))
    if dispute and dispute.instelling and dispute.instelling_id != proposal.instelling_id:
        partijen.append((dispute.instelling, CaseParty.Rol.BEZWAARMAKER))
    case = _create(actor=actor, titel=titel.strip() or proposal.titel,
                   omschrijving=omschrijving.strip() or (dispute.reden if dispute else ""),
                   aanleiding=Aanleiding.VOORSTEL, partijen=partijen, voorbeeld=voorbeeld,
                   proposal=proposal, dispute=dispute,
                   dossier=selectors.proposal_dossier(proposal))
    version = proposal.latest_version()
    changes = list(version.wijzigingen.select_related("locatie__gemeente")) if version else []
    _link(case, opleidingen=[c.opleiding for c in changes],
          aanbod=[c.aanbod for c in changes if c.aanbod_id],
          regios=[c.locatie.gemeente.arbeidsmarktregio for c in changes])
    _opened(case, actor)
    return case


def _escalate(case: Case, name: str, *, actor, note: str, refusal: str) -> Case:
    """Leave the current step upward: it is recorded as ended without agreement."""
    note = require_text(note, _("Leg vast waarom de partijen er in deze stap niet uitkomen."))
    if case.stage in ESCALATION_RECORDS:
        record_outcome(case, case.stage, actor=actor, note=note)
    return transition(case, name, actor=actor, note=note, refusal=refusal)


@transaction.atomic
def case_request_advice(*, case: Case, actor, note: str) -> Case:
    """The parties ask the commissie governance for a conversation, advice or view."""
    case = lock(case)
    return _escalate(case, "request_advice", actor=actor, note=note,
                     refusal=_("Advies kan alleen vanuit de dialoog worden gevraagd."))


@transaction.atomic
def case_record_advice(*, case: Case, actor, soort: str, tekst: str) -> StepRecord:
    """Record the commission's conversation, advice or view (zienswijze)."""
    case = lock(case)
    require_stage(case, Stage.ADVIES, what=_("Een advies vastleggen"))
    if soort not in ADVICE_KINDS:
        raise DomainError(_("Kies een gesprek, advies of zienswijze."))
    tekst = require_text(tekst, _("Leg het advies of de zienswijze vast."))
    record = StepRecord.objects.create(case=case, stap=Stage.ADVIES, soort=soort, tekst=tekst,
                                       door=actor)
    event(case, CaseEvent.Soort.VASTLEGGING, actor=actor,
          note=f"{record.get_soort_display()}: {tekst}")
    announce(case, gettext_noop("De commissie governance heeft een %(soort)s gegeven."),
             {"soort": notices.label(record.get_soort_display, lower=True)}, actor=actor)
    return record


@transaction.atomic
def case_signal_board(*, case: Case, actor, note: str) -> Case:
    """Signal the bestuur of the MBO Raad that the institutions cannot agree."""
    case = lock(case)
    note = require_text(note, _("Beschrijf het signaal aan het bestuur."))
    case.signaal_op = timezone.now()
    StepRecord.objects.create(case=case, stap=Stage.SIGNAAL, soort=StepRecord.Soort.SIGNAAL,
                              tekst=note, door=actor)
    return _escalate(case, "signal_board", actor=actor, note=note,
                     refusal=_("Leg eerst het advies van de commissie governance vast."))


@transaction.atomic
def case_board_respond(*, case: Case, actor, soort: str, tekst: str) -> Case:
    """Record the bestuur's answer: a conversation, an advice, expertise or a mediator."""
    case = lock(case)
    if soort not in BOARD_KINDS:
        raise DomainError(_("Kies een gesprek, een advies, expertise of een bemiddelaar."))
    tekst = require_text(tekst, _("Leg de reactie van het bestuur vast."))
    StepRecord.objects.create(case=case, stap=Stage.REACTIE_BESTUUR, soort=soort, tekst=tekst,
                              door=actor)
    label = dict(StepRecord.Soort.choices)[soort]
    return transition(case, "board_respond", actor=actor, note=f"{label}: {tekst}",
                      refusal=_("Het bestuur reageert op een signaal."))


@transaction.atomic
def case_start_mediation(*, case: Case, actor, bemiddelaar: str, organisatie: str = "",
                         note: str = "") -> Case:
    """Appoint a mediator and start mediation (after the board step, or its approved skip)."""
    case = lock(case)
    bemiddelaar = require_text(bemiddelaar, _("Noem de bemiddelaar."))
    if hasattr(case, "bemiddeling"):
        raise DomainError(_("Voor deze zaak is al een bemiddelaar aangesteld."))
    Mediation.objects.create(case=case, bemiddelaar=bemiddelaar, organisatie=organisatie.strip(),
                             aangesteld_door=actor)
    note = note.strip() or _("Bemiddelaar aangesteld: %(naam)s.") % {"naam": bemiddelaar}
    return _escalate(case, "start_mediation", actor=actor, note=note,
                     refusal=_("Bemiddeling volgt op de reactie van het bestuur; sla de stap "
                               "van het bestuur alleen over met een door de staf goedgekeurde "
                               "reden."))


@transaction.atomic
def mediation_session_add(*, case: Case, actor, datum: datetime.date,
                          verslag: str) -> MediationSession:
    """Record a mediation session; its notes are for the parties and staff only."""
    case = lock(case)
    require_stage(case, Stage.BEMIDDELING, what=_("Een bemiddelingssessie vastleggen"))
    verslag = require_text(verslag, _("Geef een kort verslag van de sessie."))
    session = MediationSession.objects.create(mediation=case.bemiddeling, datum=datum,
                                              verslag=verslag, vastgelegd_door=actor)
    event(case, CaseEvent.Soort.VASTLEGGING, actor=actor, zichtbaarheid=Visibility.BEMIDDELING,
          note=_("Bemiddelingssessie van %(datum)s: %(verslag)s")
          % {"datum": datum.isoformat(), "verslag": verslag})
    return session


@transaction.atomic
def mediation_conclude(*, case: Case, actor, uitkomst: str, toelichting: str) -> Case:
    """Record the outcome of mediation: without agreement (arbitration may follow) or settled."""
    case = lock(case)
    require_stage(case, Stage.BEMIDDELING, what=_("De bemiddeling afronden"))
    toelichting = require_text(toelichting, _("Licht de uitkomst van de bemiddeling toe."))
    mediation = case.bemiddeling
    if uitkomst not in (Mediation.Result.ZONDER_VERGELIJK, Mediation.Result.VERGELIJK):
        raise DomainError(_("Kies 'zonder vergelijk' of 'vergelijk bereikt'."))
    if mediation.uitkomst != Mediation.Result.LOPEND:
        raise DomainError(_("De bemiddeling is al afgerond."))
    mediation.uitkomst = uitkomst
    mediation.uitkomst_toelichting = toelichting
    mediation.afgerond_op = timezone.now()
    mediation.save()
    if uitkomst == Mediation.Result.VERGELIJK:
        return _settle(case, actor=actor, voorwaarden=toelichting)
    record_outcome(case, Stage.BEMIDDELING, actor=actor, note=toelichting)
    event(case, CaseEvent.Soort.VASTLEGGING, actor=actor,
          note=_("Bemiddeling zonder vergelijk afgerond: %(t)s") % {"t": toelichting})
    announce(case, gettext_noop("De bemiddeling is zonder vergelijk afgerond. Een partij kan "
                                "nu arbitrage vragen."), actor=actor)
    return case


@transaction.atomic
def step_skip_request(*, case: Case, actor, stap: str, reden: str) -> StepOutcome:
    """Ask to skip a step of the ladder; only a reason approved by staff lets it count.

    When staff ask, their request is the approval.
    """
    case = lock(case)
    if stap not in SKIPPABLE_STEPS:
        raise DomainError(_("Deze stap kan niet worden overgeslagen."))
    reden = require_text(reden, _("Geef de reden om deze stap over te slaan."))
    if case.ended or LADDER.index(case.stage) >= LADDER.index(stap) or (
            stap == Stage.REACTIE_BESTUUR and case.stage == Stage.SIGNAAL):
        raise DomainError(_("De stap '%(stap)s' is al bereikt of voorbij.")
                          % {"stap": step_label(stap)})
    if case.uitkomsten.filter(stap=stap).exists():
        raise DomainError(_("Voor de stap '%(stap)s' is al iets vastgelegd.")
                          % {"stap": step_label(stap)})
    approved = is_staf(actor)
    outcome = StepOutcome.objects.create(
        case=case, stap=stap, uitkomst=StepOutcome.Result.OVERGESLAGEN, toelichting=reden,
        vastgelegd_door=actor, goedgekeurd_door=actor if approved else None,
        goedgekeurd_op=timezone.now() if approved else None)
    if approved:
        note = _("Stap '%(stap)s' overgeslagen (door de staf): %(reden)s")
    else:
        note = _("Verzoek om de stap '%(stap)s' over te slaan: %(reden)s")
    event(case, CaseEvent.Soort.VASTLEGGING, actor=actor,
          note=note % {"stap": step_label(stap), "reden": reden})
    return outcome


@transaction.atomic
def step_skip_decide(*, case: Case, actor, stap: str, approve: bool, note: str = "") -> Case:
    """Staff approve or reject a request to skip a step; both are recorded."""
    case = lock(case)
    outcome = case.uitkomsten.filter(stap=stap, uitkomst=StepOutcome.Result.OVERGESLAGEN,
                                     goedgekeurd_op__isnull=True).first()
    if outcome is None:
        raise DomainError(_("Er ligt geen verzoek om deze stap over te slaan."))
    if approve:
        outcome.goedgekeurd_door = actor
        outcome.goedgekeurd_op = timezone.now()
        outcome.save(update_fields=["goedgekeurd_door", "goedgekeurd_op"])
        message = gettext_noop("Overslaan van de stap '%(stap)s' goedgekeurd.")
    else:
        outcome.delete()
        message = gettext_noop("Overslaan van de stap '%(stap)s' afgewezen.")
    params = {"stap": step_label(stap)}
    event(case, CaseEvent.Soort.VASTLEGGING, actor=actor,
          note=f"{_(message) % params} {note}".strip())
    announce(case, message, {"stap": notices.label(lambda: step_label(stap))}, actor=actor)
    return case


@transaction.atomic
def scope_test_record(*, case: Case, actor, concurrentie: bool, toelichting: str,
                      dekkend: bool = False, toegankelijk: bool = False,
                      onderscheidend: bool = False, relevant: bool = False) -> ScopeTest:
    """Staff record whether the dispute is within the scope of arbitration."""
    case = lock(case)
    require_stage(case, *BEFORE_ARBITRATION, what=_("De toets op de reikwijdte"))
    toelichting = require_text(toelichting, _("Onderbouw de toets op de reikwijdte."))
    test, _created = ScopeTest.objects.update_or_create(case=case, defaults={
        "concurrentie": concurrentie, "dekkend": dekkend, "toegankelijk": toegankelijk,
        "onderscheidend": onderscheidend, "relevant": relevant, "toelichting": toelichting,
        "vastgesteld_door": actor})
    verdict = (_("binnen de reikwijdte van arbitrage") if test.binnen_reikwijdte
               else _("buiten de reikwijdte van arbitrage"))
    event(case, CaseEvent.Soort.VASTLEGGING, actor=actor,
          note=_("Toets reikwijdte: %(oordeel)s. %(toelichting)s")
          % {"oordeel": verdict, "toelichting": toelichting})
    return test


def arbitration_blockers(case: Case) -> list[str]:
    """Everything that keeps a case from arbitration, in words (empty: it may go)."""
    problems = []
    missing = case.missing_steps()
    if missing:
        problems.append(_("Arbitrage is de laatste stap: eerst moeten deze stappen zonder "
                          "vergelijk zijn doorlopen (of met goedgekeurde reden overgeslagen): "
                          "%(stappen)s.") % {"stappen": ", ".join(step_label(s) for s in missing)})
    test = getattr(case, "reikwijdte", None)
    if test is None:
        problems.append(_("De staf heeft de reikwijdte nog niet getoetst."))
    elif not test.binnen_reikwijdte:
        problems.append(_("Volgens de toets van de staf valt dit geschil buiten de reikwijdte "
                          "van arbitrage."))
    return problems


@transaction.atomic
def case_request_arbitration(*, case: Case, actor, note: str) -> Case:
    """A party submits the case to the arbitragecommissie: the last step of the ladder."""
    case = lock(case)
    instelling_id = getattr(actor, "instelling_id", None)
    if instelling_id not in case.party_ids():
        raise DomainError(_("Alleen een partij kan de zaak aan de arbitragecommissie "
                            "voorleggen."))
    note = require_text(note, _("Licht het verzoek om arbitrage toe."))
    if case.stage in ESCALATION_RECORDS:
        record_outcome(case, case.stage, actor=actor, note=note)
    case.arbitrage_verzocht_door_id = instelling_id
    case.arbitrage_verzocht_op = timezone.now()
    blockers = arbitration_blockers(case)
    case = transition(case, "open_arbitration", actor=actor, note=note,
                      refusal=" ".join(blockers) or _("Arbitrage is nu niet mogelijk."))
    announce(case, gettext_noop("Arbitrage is gevraagd; de staf stelt het panel samen."),
             users=selectors.staff_users(), actor=actor)
    return case


def _settle(case: Case, *, actor, voorwaarden: str) -> Case:
    case.vergelijk_voorwaarden = require_text(
        voorwaarden, _("Leg de voorwaarden van het vergelijk vast."))
    return transition(case, "settle", actor=actor, note=case.vergelijk_voorwaarden,
                      refusal=_("Een vergelijk kan alleen vóór de uitspraak."))


@transaction.atomic
def case_settle(*, case: Case, actor, voorwaarden: str) -> Case:
    """The parties reached agreement: the case ends, with its terms, at any step before ruling."""
    return _settle(lock(case), actor=actor, voorwaarden=voorwaarden)


@transaction.atomic
def case_withdraw(*, case: Case, actor, reden: str) -> Case:
    """Withdraw the case at any step before the ruling."""
    case = lock(case)
    reden = require_text(reden, _("Geef de reden van de intrekking."))
    return transition(case, "withdraw", actor=actor, note=reden,
                      refusal=_("Na de uitspraak kan een zaak niet meer worden ingetrokken."))
