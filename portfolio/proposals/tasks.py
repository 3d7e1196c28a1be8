"""Celery entry points of the proposals app: ids in, one service call, nothing else.

Beat schedules (the lead's settings): ``proposals.send_deadline_reminders`` and
``proposals.execute_due``, both once a day (e.g. 06:00).
"""
from celery import shared_task

from .services import lifecycle, notifications


@shared_task(name="proposals.mail_notifications")
def notifications_mail_task(ids: list[int]) -> int:
    """Send the e-mails of these notifications."""
    return notifications.notifications_mail(ids=ids)


@shared_task(name="proposals.send_deadline_reminders")
def deadline_reminders_task() -> int:
    """Daily: remind institutions whose response term ends soon."""
    return notifications.deadline_reminders_send()


@shared_task(name="proposals.execute_due")
def execute_due_task() -> list[int]:
    """Daily: apply decided proposals whose effective date has come."""
    return lifecycle.proposals_execute_due()
