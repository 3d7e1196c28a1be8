"""In-app notifications, their e-mails, and the "deadline approaching" reminders."""
import datetime
import logging
import threading

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .. import conf, notices, selectors
from ..models import IN_CONSULTATION, Notification, Proposal

logger = logging.getLogger(__name__)


def _mail_later(ids: list[int]) -> None:
    """Hand the mails to Celery; while the broker is down, send them from a thread here."""
    from kombu.exceptions import OperationalError

    from ..tasks import notifications_mail_task

    try:
        notifications_mail_task.apply_async((ids,), retry=False)
    except (OperationalError, OSError):
        logger.warning("Broker unavailable; %s notification mails sent in process", len(ids))
        threading.Thread(target=_mail_in_thread, args=(ids,), daemon=True).start()


def _mail_in_thread(ids: list[int]) -> None:
    from django.db import connection

    try:
        notifications_mail(ids=ids)
    except Exception:  # noqa: BLE001 - a thread has no caller to report to: log it
        logger.exception("Notification mails %s failed", ids)
    finally:
        connection.close()


def notify(*, users, soort: str, proposal: Proposal | None, message: str = "",
           params: dict | None = None, tekst: str = "", kenmerk: str = "", link: str = "",
           exclude=None, mail: bool = True) -> list[Notification]:
    """Create one notification per user and mail them after the transaction commits.

    ``message`` is a source text marked with ``gettext_noop`` and ``params`` its parameters
    (labels and dates through ``notices``): each reader sees it in their own language, while
    ``tekst`` keeps it in Dutch for the e-mail. A ``tekst`` without message is shown as is.
    """
    exclude_id = getattr(exclude, "pk", None)
    recipients = {u.pk: u for u in users if u.pk != exclude_id}
    with in_dutch():
        params = notices.stored(params)
        fields = {"soort": soort, "proposal": proposal, "msgid": message, "params": params,
                  "kenmerk": kenmerk, "link": link}
        if message:
            tekst = Notification(**fields).render()
    rows = Notification.objects.bulk_create([
        Notification(ontvanger_id=pk, tekst=tekst[:500], **fields) for pk in sorted(recipients)
    ])
    ids = [n.pk for n in rows]
    # Example proposals and cases notify in the portal only, never by e-mail.
    if ids and mail and not (proposal is not None and proposal.voorbeeld):
        # Mail only what was really committed; the worker gets ids, never objects.
        transaction.on_commit(lambda: _mail_later(ids))
    return rows


def notify_parties(*, proposal: Proposal, soort: str, message: str, params: dict | None = None,
                   exclude=None, staff: bool = False) -> list[Notification]:
    """Notify everyone acting for the proposer, its partners and the invited institutions."""
    users = list(selectors.acting_users(selectors.party_instelling_ids(proposal)))
    if staff:
        users += list(selectors.staff_users())
    return notify(users=users, soort=soort, proposal=proposal, message=message, params=params,
                  exclude=exclude)


def in_dutch():
    """Notifications are composed in the portal's default language, whoever triggers them."""
    return translation.override(settings.LANGUAGE_CODE)


def notifications_mail(*, ids: list[int]) -> int:
    """Send the e-mail of each notification not mailed yet; returns how many were sent."""
    sent = 0
    for n in (Notification.objects.filter(pk__in=ids, gemaild_op__isnull=True)
              .select_related("ontvanger", "proposal")):
        if not n.ontvanger.email:
            continue
        link = conf.portal_url() + (n.proposal.get_absolute_url() if n.proposal else "/")
        with in_dutch():
            subject = f"[MBO Regie] {n.get_soort_display()}"
            body = "\n\n".join([n.tekst, _("Bekijk het in het portaal: %(link)s") % {"link": link},
                                _("Dit bericht is automatisch verstuurd door MBO Regie.")])
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [n.ontvanger.email])
        # Compare-and-set, so a retried task never marks or sends twice.
        sent += Notification.objects.filter(pk=n.pk, gemaild_op__isnull=True).update(
            gemaild_op=timezone.now())
    return sent


def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark one notification as read (idempotent)."""
    if notification.gelezen_op is None:
        notification.gelezen_op = timezone.now()
        notification.save(update_fields=["gelezen_op"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    """Mark all of a user's notifications as read."""
    return Notification.objects.filter(ontvanger=user, gelezen_op__isnull=True).update(
        gelezen_op=timezone.now())


@transaction.atomic
def deadline_reminders_send(*, today=None) -> int:
    """Remind invited institutions that have not answered, a few days before the term ends.

    Sent once per term: ``herinnerd_voor`` remembers the deadline that was reminded, so a
    term extended by a new version gets its own reminder.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=conf.reminder_days())
    due = (Proposal.objects.select_for_update()
           .filter(status__in=IN_CONSULTATION, consultatie_tot__gte=today,
                   consultatie_tot__lte=horizon))
    count = 0
    for proposal in due:
        if proposal.herinnerd_voor == proposal.consultatie_tot:
            continue
        answered = set(proposal.reacties.values_list("instelling_id", flat=True))
        waiting = selectors.invitation_ids(proposal) - answered
        users = list(selectors.acting_users(waiting | {proposal.instelling_id}))
        count += len(notify(
            users=users, soort=Notification.Soort.TERMIJN, proposal=proposal,
            message=gettext_noop("De termijn om te reageren op '%(titel)s' loopt af op "
                                 "%(datum)s."),
            params={"titel": proposal.titel, "datum": notices.date(proposal.consultatie_tot)}))
        Proposal.objects.filter(pk=proposal.pk).update(herinnerd_voor=proposal.consultatie_tot)
    return count
