"""Tunable numbers of the proposal process; each can be set in settings (from the environment).

| setting | default | meaning |
|---|---|---|
| PROPOSALS_CONSULTATION_WEEKS | 6 | term for responses after submission |
| PROPOSALS_REVISION_DAYS | 14 | a new version keeps the consultation open at least this long |
| PROPOSALS_LATE_NOTICE_DAYS | 365 | announced less long before the effective date: "late" |
| PROPOSALS_REMINDER_DAYS | 7 | "deadline approaching" goes out this many days before the end |
| PROPOSALS_MAX_UPLOAD_MB | 10 | largest document that may be uploaded |
| PORTAL_URL | http://127.0.0.1:8000 | base of the links in e-mails |
"""
import datetime

from django.conf import settings


def consultation_term() -> datetime.timedelta:
    return datetime.timedelta(weeks=int(getattr(settings, "PROPOSALS_CONSULTATION_WEEKS", 6)))


def revision_term() -> datetime.timedelta:
    return datetime.timedelta(days=int(getattr(settings, "PROPOSALS_REVISION_DAYS", 14)))


def late_notice_days() -> int:
    return int(getattr(settings, "PROPOSALS_LATE_NOTICE_DAYS", 365))


def reminder_days() -> int:
    return int(getattr(settings, "PROPOSALS_REMINDER_DAYS", 7))


def max_upload_bytes() -> int:
    return int(getattr(settings, "PROPOSALS_MAX_UPLOAD_MB", 10)) * 1024 * 1024


def portal_url() -> str:
    return str(getattr(settings, "PORTAL_URL", "http://127.0.0.1:8000")).rstrip("/")
