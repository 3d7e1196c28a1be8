from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "portfolio.proposals"
    label = "proposals"
    verbose_name = _("Voorstellen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import permissions  # noqa: F401 - registers the rules permissions
