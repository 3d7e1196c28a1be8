"""Composing the arbitration panel: conflicts of interest, appointments, recusal, the register."""
import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mbo_regie.accounts.models import Rol
from mbo_regie.errors import DomainError
from portfolio.models import Aanbod

from .. import conf
from ..models import Case, CaseEvent, InterestDeclaration, PanelMember, Stage
from .common import announce, event, lock, require_stage, require_text


def conflicts_of(user, case: Case) -> list[str]:
    """Why this person may not sit on the case's panel (empty: no conflict of interest).

    Three rules: the person's institution is a party; it offers a disputed programme in an
    arbeidsmarktregio of the case; or the person declared an interest in a party, a disputed
    programme or a region of the case.
    """
    reasons = []
    party_ids = case.party_ids()
    opleiding_ids = set(case.opleidingen.values_list("pk", flat=True))
    regio_ids = set(case.regios.values_list("pk", flat=True))
    if user.instelling_id and user.instelling_id in party_ids:
        reasons.append(_("%(instelling)s is partij in deze zaak.")
                       % {"instelling": user.instelling})
    if user.instelling_id and opleiding_ids and regio_ids:
        offers = (Aanbod.objects.filter(instelling_id=user.instelling_id,
                                        opleiding_id__in=opleiding_ids,
                                        status=Aanbod.Status.ACTIEF,
                                        locatie__gemeente__arbeidsmarktregio_id__in=regio_ids)
                  .select_related("opleiding", "locatie__gemeente__arbeidsmarktregio")
                  .order_by("opleiding__naam", "id"))
        seen = set()
        for aanbod in offers:
            key = (aanbod.opleiding_id, aanbod.locatie.gemeente.arbeidsmarktregio_id)
            if key in seen:
                continue
            seen.add(key)
            reasons.append(_("%(instelling)s biedt %(opleiding)s aan in de arbeidsmarktregio "
                             "%(regio)s.") % {"instelling": user.instelling,
                                              "opleiding": aanbod.opleiding.naam,
                                              "regio": aanbod.locatie.gemeente.arbeidsmarktregio})
    today = timezone.localdate()
    declared = (InterestDeclaration.objects.filter(user=user, sinds__lte=today)
                .filter(Q(tot__isnull=True) | Q(tot__gt=today))
                .filter(Q(instelling_id__in=party_ids) | Q(opleiding_id__in=opleiding_ids)
                        | Q(arbeidsmarktregio_id__in=regio_ids)))
    for declaration in declared:
        reasons.append(_("Opgegeven belang: %(omschrijving)s")
                       % {"omschrijving": declaration.omschrijving})
    return reasons


def panel_problems(case: Case) -> list[str]:
    """What keeps the panel from ruling: its composition, or a conflict that arose since."""
    problems = []
    members = list(case.panel.filter(status=PanelMember.Status.BENOEMD).select_related(
        "user__instelling"))
    if not any(m.rol == PanelMember.Rol.VOORZITTER for m in members):
        problems.append(_("Het panel heeft nog geen onafhankelijk voorzitter."))
    leden = [m for m in members if m.rol == PanelMember.Rol.LID]
    if len(leden) < conf.min_panel_members():
        problems.append(_("Het panel heeft minstens %(n)s leden van de commissie governance "
                          "nodig.") % {"n": conf.min_panel_members()})
    for member in members:
        if member.user_id and conflicts_of(member.user, case):
            problems.append(_("%(naam)s heeft inmiddels een belangenconflict.")
                            % {"naam": member.display_name})
    return problems


@transaction.atomic
def panel_member_add(*, case: Case, actor, user, rol: str) -> PanelMember:
    """Staff appoint the chair or a commission member; a conflicted person is refused."""
    case = lock(case)
    require_stage(case, Stage.ARBITRAGE, what=_("Het panel samenstellen"))
    if rol == PanelMember.Rol.VOORZITTER and user.rol != Rol.VOORZITTER:
        raise DomainError(_("Alleen een onafhankelijk voorzitter kan het panel voorzitten."))
    if rol == PanelMember.Rol.LID and user.rol != Rol.COMMISSIE:
        raise DomainError(_("Panelleden komen uit de commissie governance."))
    if rol not in (PanelMember.Rol.VOORZITTER, PanelMember.Rol.LID):
        raise DomainError(_("Voeg een externe expert toe als expert."))
    _check_free(case, user)
    if rol == PanelMember.Rol.VOORZITTER and case.panel.filter(
            status=PanelMember.Status.BENOEMD, rol=PanelMember.Rol.VOORZITTER).exists():
        raise DomainError(_("Het panel heeft al een voorzitter."))
    member = PanelMember.objects.create(case=case, user=user, rol=rol, benoemd_door=actor)
    _appointed(case, member, actor)
    return member


def _check_free(case: Case, user) -> None:
    if case.panel.filter(user=user, status=PanelMember.Status.BENOEMD).exists():
        raise DomainError(_("%(naam)s zit al in het panel.") % {"naam": user})
    reasons = conflicts_of(user, case)
    if reasons:
        raise DomainError(_("%(naam)s is uitgesloten wegens een belangenconflict: %(redenen)s")
                          % {"naam": user, "redenen": " ".join(reasons)},
                          code="conflict_of_interest")


def _appointed(case: Case, member: PanelMember, actor) -> None:
    event(case, CaseEvent.Soort.PANEL, actor=actor,
          note=_("%(naam)s benoemd als %(rol)s.") % {"naam": member.display_name,
                                                    "rol": member.get_rol_display().lower()})
    if member.user_id:
        announce(case, gettext_noop("U bent benoemd in het arbitragepanel van '%(titel)s'."),
                 {"titel": case.titel}, users=[member.user], actor=actor)


@transaction.atomic
def panel_expert_add(*, case: Case, actor, naam: str = "", expertise: str = "",
                     user=None) -> PanelMember:
    """Add an external expert to the panel (with or without an account)."""
    case = lock(case)
    require_stage(case, Stage.ARBITRAGE, what=_("Een expert toevoegen"))
    expertise = require_text(expertise, _("Beschrijf de expertise."))
    if user is None:
        naam = require_text(naam, _("Noem de expert."))
    else:
        _check_free(case, user)
    member = PanelMember.objects.create(case=case, user=user, naam=naam.strip(),
                                        expertise=expertise, rol=PanelMember.Rol.EXPERT,
                                        benoemd_door=actor)
    _appointed(case, member, actor)
    return member


@transaction.atomic
def panel_member_recuse(*, case: Case, actor, reden: str) -> PanelMember:
    """A panel member recuses themselves (verschoning), with a reason."""
    case = lock(case)
    reden = require_text(reden, _("Geef de reden van uw verschoning."))
    member = case.panel.filter(user=actor, status=PanelMember.Status.BENOEMD).first()
    if member is None:
        raise DomainError(_("U zit niet in het panel van deze zaak."))
    if case.stage != Stage.ARBITRAGE:
        raise DomainError(_("Verschonen kan tot de uitspraak."))
    member.status = PanelMember.Status.TERUGGETROKKEN
    member.reden = reden
    member.save(update_fields=["status", "reden", "gewijzigd_op"])
    event(case, CaseEvent.Soort.PANEL, actor=actor,
          note=_("%(naam)s heeft zich verschoond: %(reden)s")
          % {"naam": member.display_name, "reden": reden})
    announce(case, gettext_noop("%(naam)s heeft zich verschoond; vul het panel aan."),
             {"naam": member.display_name}, users=_staff(), actor=actor)
    return member


@transaction.atomic
def panel_member_remove(*, case: Case, actor, member: PanelMember, reden: str) -> PanelMember:
    """Staff take someone off the panel, with a reason."""
    case = lock(case)
    require_stage(case, Stage.ARBITRAGE, what=_("Het panel wijzigen"))
    reden = require_text(reden, _("Geef de reden."))
    if member.case_id != case.pk or member.status != PanelMember.Status.BENOEMD:
        raise DomainError(_("Deze persoon zit niet (meer) in het panel."))
    member.status = PanelMember.Status.AFGEMELD
    member.reden = reden
    member.save(update_fields=["status", "reden", "gewijzigd_op"])
    event(case, CaseEvent.Soort.PANEL, actor=actor,
          note=_("%(naam)s afgemeld: %(reden)s") % {"naam": member.display_name, "reden": reden})
    return member


def _staff():
    from .. import selectors

    return selectors.staff_users()


@transaction.atomic
def interest_declare(*, actor, omschrijving: str, instelling=None, opleiding=None,
                     arbeidsmarktregio=None, sinds: datetime.date | None = None
                     ) -> InterestDeclaration:
    """Declare an interest in the register; it excludes the person from panels it touches."""
    omschrijving = require_text(omschrijving, _("Beschrijf het belang."))
    if instelling is None and opleiding is None and arbeidsmarktregio is None:
        raise DomainError(_("Noem de instelling, opleiding of arbeidsmarktregio waarin u een "
                            "belang heeft."))
    return InterestDeclaration.objects.create(
        user=actor, omschrijving=omschrijving, instelling=instelling, opleiding=opleiding,
        arbeidsmarktregio=arbeidsmarktregio, sinds=sinds or timezone.localdate())


@transaction.atomic
def interest_end(*, declaration: InterestDeclaration, actor) -> InterestDeclaration:
    """End a declared interest as of today (the history keeps the record)."""
    if declaration.user_id != actor.pk:
        raise DomainError(_("U kunt alleen uw eigen belangen beëindigen."))
    if not declaration.active:
        raise DomainError(_("Dit belang is al beëindigd."))
    declaration.tot = max(timezone.localdate(), declaration.sinds)
    declaration.save(update_fields=["tot"])
    return declaration
