"""Celery entry points of the arbitration app: one service call each, nothing else.

Beat schedule (the lead's settings): ``arbitration.send_deadline_reminders`` and
``arbitration.signal_overdue``, both once a day (e.g. 06:10 and 06:20).
"""
from celery import shared_task

from .services import deadlines


@shared_task(name="arbitration.send_deadline_reminders")
def deadline_reminders_task() -> int:
    """Daily: remind those involved that the deadline of a step is near."""
    return deadlines.deadline_reminders_send()


@shared_task(name="arbitration.signal_overdue")
def overdue_signals_task() -> dict:
    """Daily: signal staff about steps and orders past their deadline."""
    return deadlines.overdue_signals_send()
