from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence, so nobody adds, changes or deletes a row here."""

    list_display = ("at", "kind", "username", "ip", "method", "path", "object_type",
                    "object_id", "source", "target")
    list_filter = ("kind", "object_type")
    search_fields = ("username", "path", "object_id")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
