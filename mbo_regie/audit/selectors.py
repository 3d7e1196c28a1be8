"""Reading the audit log."""
from django.db.models import QuerySet

from .models import AuditEntry


def entry_list() -> QuerySet[AuditEntry]:
    """Every entry, newest first, with its user."""
    return AuditEntry.objects.select_related("user")
