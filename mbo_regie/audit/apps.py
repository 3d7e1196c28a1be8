from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "mbo_regie.audit"
    label = "audit"
    verbose_name = _("Auditlog")

    def ready(self):
        from . import permissions, receivers  # noqa: F401 - rules permission and signal receivers
