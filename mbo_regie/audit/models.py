"""One row per security-relevant event; rows are only ever added."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", _("Ingelogd")
        LOGIN_FAILED = "login_mislukt", _("Inloggen mislukt")
        LOGIN_LOCKED = "login_geblokkeerd", _("Inloggen geblokkeerd (te veel pogingen)")
        LOGOUT = "logout", _("Uitgelogd")
        DENIED = "geweigerd", _("Toegang geweigerd")
        TRANSITION = "overgang", _("Statusovergang")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, db_index=True)
    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("gebruiker"), null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="+")
    # The name as typed (failed logins have no user) or of the user at the time.
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    method = models.CharField(_("methode"), max_length=10, blank=True)
    path = models.CharField(_("pad"), max_length=500, blank=True)
    status_code = models.PositiveSmallIntegerField(_("statuscode"), null=True, blank=True)
    # State changes: which object moved from where to where, by which transition.
    object_type = models.CharField(_("objecttype"), max_length=100, blank=True)
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    transition = models.CharField(_("overgang"), max_length=100, blank=True)
    source = models.CharField(_("van"), max_length=50, blank=True)
    target = models.CharField(_("naar"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username}".strip()

    @property
    def summary(self) -> str:
        """What happened, in one line for the list page."""
        if self.kind == self.Kind.TRANSITION:
            return (f"{self.object_type} #{self.object_id}: {self.source} → {self.target}"
                    f" ({self.transition})")
        if self.kind == self.Kind.DENIED:
            return f"{self.method} {self.path} → {self.status_code}"
        return f"{self.method} {self.path}".strip()
