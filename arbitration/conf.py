"""Tunable numbers of the escalation ladder; each can be overridden in settings.

| setting | default | meaning |
|---|---|---|
| ARBITRATION_STEP_DAYS | see ``STEP_DAYS`` | days each step may take before it is overdue |
| ARBITRATION_REMINDER_DAYS | 7 | a reminder goes out this many days before a deadline |
| ARBITRATION_MIN_PANEL_MEMBERS | 2 | commission members needed next to the chair |
| ARBITRATION_MAX_UPLOAD_MB | 10 | largest document that may be added to a case |
"""
import datetime

from django.conf import settings

# Default term per step, in days. "uitvoering" has none: each order carries its own deadline.
STEP_DAYS = {
    "dialoog": 42,
    "advies": 42,
    "signaal": 21,
    "reactie_bestuur": 42,
    "bemiddeling": 56,
    "arbitrage": 84,
    "uitspraak": 14,
    "evaluatie": 42,
}


def step_days(stage: str) -> int | None:
    """The term of a step in days, or None when the step has no term of its own."""
    days = {**STEP_DAYS, **getattr(settings, "ARBITRATION_STEP_DAYS", {})}
    value = days.get(stage)
    return None if value is None else int(value)


def step_deadline(stage: str, start: datetime.date) -> datetime.date | None:
    """The deadline of a step that starts on ``start``."""
    days = step_days(stage)
    return None if days is None else start + datetime.timedelta(days=days)


def reminder_days() -> int:
    return int(getattr(settings, "ARBITRATION_REMINDER_DAYS", 7))


def min_panel_members() -> int:
    return int(getattr(settings, "ARBITRATION_MIN_PANEL_MEMBERS", 2))


def max_upload_bytes() -> int:
    return int(getattr(settings, "ARBITRATION_MAX_UPLOAD_MB", 10)) * 1024 * 1024


def portal_url() -> str:
    """Base of the links in notifications (the same setting the proposals use)."""
    return str(getattr(settings, "PORTAL_URL", "http://127.0.0.1:8000")).rstrip("/")
