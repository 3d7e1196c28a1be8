from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WerkagendaConfig(AppConfig):
    name = "werkagenda"
    verbose_name = _("Werkagenda mbo")

    def ready(self):
        from . import permissions  # noqa: F401 - registers the rules permissions
