"""Shared steps of the arbitration services: locking a case, the timeline, transitions, notices."""
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_fsm import ConcurrentTransition, can_proceed

from mbo_regie.accounts.models import Rol, User
from mbo_regie.errors import DomainError, TransitionNotAllowed
from portfolio.proposals import notices
from portfolio.proposals.models import Notification
from portfolio.proposals.selectors import acting_users
from portfolio.proposals.services.notifications import notify

from .. import conf
from ..models import ENDED, Case, CaseEvent, PanelMember, Stage, StepOutcome, Visibility

logger = logging.getLogger("arbitration")

# Ending a case is always possible, also while it is suspended.
ALLOWED_WHILE_SUSPENDED = ("settle", "withdraw")


def lock(case: Case) -> Case:
    """Reload the case FOR UPDATE: concurrent requests on one case queue up here.

    The caller continues with the returned, fresh instance; a second request that waited
    sees the state the first one left.
    """
    return Case.objects.select_for_update().get(pk=case.pk)


def event(case: Case, soort: str, *, actor=None, note: str = "", old: str = "", new: str = "",
          zichtbaarheid: str = Visibility.DOSSIER) -> CaseEvent:
    """Write one timeline entry."""
    return CaseEvent.objects.create(case=case, soort=soort, actor=actor, note=note, old=old,
                                    new=new, zichtbaarheid=zichtbaarheid)


def require_stage(case: Case, *stages: str, what: str) -> None:
    """Refuse, in words, an act that only belongs to some steps of the ladder."""
    if case.stage not in stages:
        raise DomainError(_("%(wat)s kan niet in de stap '%(stap)s'.")
                          % {"wat": what, "stap": case.get_stage_display()})


def require_text(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message)
    return value


def transition(case: Case, name: str, *, actor, refusal: str, note: str = "") -> Case:
    """Run one FSM transition on a locked case, save compare-and-set, write the timeline row.

    Entering a step sets its deadline from the configured defaults; an ending clears it.
    """
    method = getattr(case, name)
    if not can_proceed(method, check_conditions=False):
        raise TransitionNotAllowed(_("Dit kan niet in de stap '%(stap)s'.")
                                   % {"stap": case.get_stage_display()})
    if case.suspended and name not in ALLOWED_WHILE_SUSPENDED:
        raise TransitionNotAllowed(_("De zaak is opgeschort; de staf moet haar eerst hervatten."))
    if not can_proceed(method):
        raise TransitionNotAllowed(refusal)
    old = case.stage
    method()
    case.termijn = None if case.stage in ENDED else conf.step_deadline(case.stage,
                                                                       timezone.localdate())
    case.herinnerd_voor = case.verlopen_gemeld_voor = None
    if case.stage in ENDED:
        case.beeindigd_op = timezone.now()
    try:
        case.save()
    except ConcurrentTransition:
        raise TransitionNotAllowed(_("Iemand anders heeft deze zaak net verder gebracht. Laad "
                                     "de pagina opnieuw."))
    event(case, CaseEvent.Soort.STAP, actor=actor, note=note, old=old, new=case.stage)
    announce(case, gettext_noop("De zaak '%(titel)s' is nu in de stap '%(stap)s'."),
             {"titel": case.titel, "stap": notices.label(case.get_stage_display)},
             actor=actor, panel=True, bestuur=case.stage == Stage.SIGNAAL)
    return case


def record_outcome(case: Case, stap: str, *, actor, note: str) -> StepOutcome:
    """Record that a step ended without agreement (replacing a pending skip of that step)."""
    outcome, _created = StepOutcome.objects.update_or_create(
        case=case, stap=stap,
        defaults={"uitkomst": StepOutcome.Result.ZONDER_VERGELIJK, "toelichting": note,
                  "vastgelegd_door": actor, "goedgekeurd_door": None, "goedgekeurd_op": None})
    return outcome


def involved_users(case: Case, *, panel: bool = False, bestuur: bool = False) -> list:
    """Everyone acting for a party, staff, and optionally the panel and the bestuur."""
    users = list(acting_users(case.party_ids()))
    users += list(User.objects.filter(rol=Rol.STAF, is_active=True))
    if panel:
        users += [m.user for m in case.panel.filter(status=PanelMember.Status.BENOEMD,
                                                    user__isnull=False).select_related("user")]
    if bestuur:
        users += list(User.objects.filter(rol=Rol.BESTUUR, is_active=True))
    return users


def announce(case: Case, message: str, params: dict | None = None, *, actor=None,
             panel: bool = False, bestuur: bool = False, users=None,
             soort: str = Notification.Soort.UITKOMST) -> None:
    """Notify those involved (in-app and by mail, via the portal's notifications).

    ``message`` is a source text marked with ``gettext_noop`` and ``params`` its parameters
    (labels and dates through ``portfolio.proposals.notices``): each reader sees it in their
    own language, the e-mail says it in Dutch.
    """
    recipients = users if users is not None else involved_users(case, panel=panel,
                                                                bestuur=bestuur)
    # The notification has no case link of its own: reference and link frame the text.
    # Example cases notify in the portal only, never by e-mail (as example proposals).
    notify(users=recipients, soort=soort, proposal=None, message=message, params=params,
           kenmerk=case.kenmerk, link=conf.portal_url() + case.get_absolute_url(),
           exclude=actor, mail=not case.voorbeeld)


def refuse_logged(case: Case, *, actor, note: str, error: DomainError) -> None:
    """Log a refused change of something immutable, then raise.

    The timeline row is committed on its own, so the caller's rollback cannot erase it.
    """
    logger.warning("Geweigerde wijziging in %s door %s: %s", case.kenmerk, actor, note)
    with transaction.atomic():
        event(case, CaseEvent.Soort.GEWEIGERD, actor=actor, note=note,
              zichtbaarheid=Visibility.BERAADSLAGING)
    raise error
