"""Deadlines of the ladder and of the ruling's orders: suspending, resuming and extending a
case (staff), and the reminders and overdue signals that run on beat."""
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mbo_regie.errors import DomainError
from portfolio.proposals import notices
from portfolio.proposals.models import Notification
from portfolio.proposals.selectors import acting_users
from portfolio.proposals.services.notifications import in_dutch

from .. import conf, selectors
from ..models import ENDED, Case, CaseEvent, Order, Stage, Visibility
from .common import announce, event, lock, require_text


def _dutch_note(message: str, params: dict) -> str:
    """The timeline note of a notice: in Dutch, as the portal writes its signals."""
    with in_dutch():
        return notices.text(message, params)


def _running_cases():
    """Cases whose step has a deadline that runs (not ended, not suspended)."""
    return (Case.objects.select_for_update().exclude(stage__in=ENDED)
            .filter(opgeschort_op__isnull=True, termijn__isnull=False))


@transaction.atomic
def deadline_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind those involved that a step's deadline is near; once per deadline."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=conf.reminder_days())
    count = 0
    for case in _running_cases().filter(termijn__gte=today, termijn__lte=horizon):
        if case.herinnerd_voor == case.termijn:
            continue
        message = gettext_noop("De termijn van de stap '%(stap)s' loopt af op %(datum)s.")
        params = {"stap": notices.label(case.get_stage_display),
                  "datum": notices.date(case.termijn)}
        event(case, CaseEvent.Soort.TERMIJN, note=_dutch_note(message, params))
        announce(case, message, params, panel=case.stage == Stage.ARBITRAGE,
                 bestuur=case.stage == Stage.SIGNAAL, soort=Notification.Soort.TERMIJN)
        Case.objects.filter(pk=case.pk).update(herinnerd_voor=case.termijn)
        count += 1
    return count


@transaction.atomic
def overdue_signals_send(*, today: datetime.date | None = None) -> dict[str, int]:
    """Signal staff (and those responsible) when a step or an order is past its deadline.

    Once per deadline: an extended deadline gets its own signal when it passes.
    """
    today = today or timezone.localdate()
    cases = 0
    for case in _running_cases().filter(termijn__lt=today):
        if case.verlopen_gemeld_voor == case.termijn:
            continue
        message = gettext_noop("De termijn van de stap '%(stap)s' is verstreken (%(datum)s).")
        params = {"stap": notices.label(case.get_stage_display),
                  "datum": notices.date(case.termijn)}
        event(case, CaseEvent.Soort.TERMIJN, note=_dutch_note(message, params))
        announce(case, message, params, users=selectors.staff_users(),
                 soort=Notification.Soort.TERMIJN)
        Case.objects.filter(pk=case.pk).update(verlopen_gemeld_voor=case.termijn)
        cases += 1
    orders = 0
    late = (Order.objects.select_for_update(of=("self",))
            .exclude(status=Order.Status.UITGEVOERD)
            .filter(termijn__lt=today, te_laat_gemeld_op__isnull=True,
                    ruling__case__stage=Stage.UITVOERING, ruling__case__opgeschort_op__isnull=True)
            .select_related("ruling__case", "instelling"))
    for order in late:
        case = order.ruling.case
        message = gettext_noop("De last '%(last)s' voor %(instelling)s is te laat (uiterlijk "
                               "%(datum)s).")
        params = {"last": order.omschrijving[:120], "instelling": str(order.instelling),
                  "datum": notices.date(order.termijn)}
        event(case, CaseEvent.Soort.LAST, note=_dutch_note(message, params),
              zichtbaarheid=Visibility.DOSSIER)
        users = [*selectors.staff_users(), *acting_users({order.instelling_id})]
        announce(case, message, params, users=users, soort=Notification.Soort.TERMIJN)
        Order.objects.filter(pk=order.pk).update(te_laat_gemeld_op=timezone.now())
        orders += 1
    return {"stappen": cases, "lasten": orders}


@transaction.atomic
def case_suspend(*, case: Case, actor, reden: str) -> Case:
    """Staff suspend a case: its deadline stops running until it is resumed."""
    case = lock(case)
    reden = require_text(reden, _("Geef de reden van de opschorting."))
    if case.ended:
        raise DomainError(_("Een beëindigde zaak kan niet worden opgeschort."))
    if case.suspended:
        raise DomainError(_("De zaak is al opgeschort."))
    case.opgeschort_op = timezone.now()
    case.opschort_reden = reden
    case.save(update_fields=["opgeschort_op", "opschort_reden"])
    event(case, CaseEvent.Soort.OPSCHORTING, actor=actor,
          note=_("Opgeschort: %(reden)s") % {"reden": reden})
    announce(case, gettext_noop("De zaak is opgeschort: %(reden)s"), {"reden": reden}, actor=actor)
    return case


@transaction.atomic
def case_resume(*, case: Case, actor, note: str = "") -> Case:
    """Resume a suspended case; its deadline moves by the days it was suspended."""
    case = lock(case)
    if not case.suspended:
        raise DomainError(_("De zaak is niet opgeschort."))
    # Calendar days: a suspension lifted the same day does not move the deadline.
    days = (timezone.localdate() - timezone.localdate(case.opgeschort_op)).days
    if case.termijn:
        case.termijn += datetime.timedelta(days=days)
    case.opgeschort_op = None
    case.opschort_reden = ""
    case.herinnerd_voor = case.verlopen_gemeld_voor = None
    case.save(update_fields=["opgeschort_op", "opschort_reden", "termijn", "herinnerd_voor",
                             "verlopen_gemeld_voor"])
    event(case, CaseEvent.Soort.OPSCHORTING, actor=actor,
          note=(_("Hervat; de termijn schuift %(dagen)s dagen op.") % {"dagen": days}
                + (f" {note.strip()}" if note.strip() else "")))
    return case


@transaction.atomic
def case_extend_deadline(*, case: Case, actor, termijn: datetime.date, reden: str) -> Case:
    """Staff give the current step more time, with a reason."""
    case = lock(case)
    reden = require_text(reden, _("Geef de reden van de verlenging."))
    if case.ended:
        raise DomainError(_("Een beëindigde zaak heeft geen termijn."))
    if termijn <= max(case.termijn or timezone.localdate(), timezone.localdate()):
        raise DomainError(_("Een verlenging ligt na de huidige termijn en na vandaag."))
    old = case.termijn
    case.termijn = termijn
    case.herinnerd_voor = case.verlopen_gemeld_voor = None
    case.save(update_fields=["termijn", "herinnerd_voor", "verlopen_gemeld_voor"])
    event(case, CaseEvent.Soort.TERMIJN, actor=actor,
          note=_("Termijn verlengd van %(oud)s tot %(nieuw)s: %(reden)s") % {
              "oud": old.isoformat() if old else "–", "nieuw": termijn.isoformat(),
              "reden": reden})
    return case
