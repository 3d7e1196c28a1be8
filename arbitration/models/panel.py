"""The arbitration panel of a case and the register of declared interests."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portfolio.models import Arbeidsmarktregio, Instelling, Opleiding

from .cases import Case
from .display import cheap_choice_labels

USER = settings.AUTH_USER_MODEL


@cheap_choice_labels
class PanelMember(models.Model):
    """A seat on the panel: the independent chair, a commission member or an external expert."""

    class Rol(models.TextChoices):
        VOORZITTER = "voorzitter", _("Onafhankelijk voorzitter")
        LID = "lid", _("Lid (commissie governance)")
        EXPERT = "expert", _("Externe expert")

    class Status(models.TextChoices):
        BENOEMD = "benoemd", _("Benoemd")
        TERUGGETROKKEN = "teruggetrokken", _("Teruggetrokken (verschoning)")
        AFGEMELD = "afgemeld", _("Afgemeld door de staf")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="panel")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="panelzetels", verbose_name=_("gebruiker"))
    naam = models.CharField(_("naam"), max_length=200, blank=True,
                            help_text=_("Voor een externe expert zonder account."))
    expertise = models.CharField(_("expertise"), max_length=300, blank=True)
    rol = models.CharField(_("rol"), max_length=10, choices=Rol.choices)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices,
                              default=Status.BENOEMD)
    reden = models.TextField(_("reden"), blank=True)
    benoemd_door = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    benoemd_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "rol", "id"]
        verbose_name = _("panellid")
        verbose_name_plural = _("panelleden")
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], condition=Q(status="benoemd"),
                                    name="eenmaal_in_het_panel"),
            models.UniqueConstraint(fields=["case"],
                                    condition=Q(status="benoemd", rol="voorzitter"),
                                    name="een_voorzitter_per_panel"),
            models.CheckConstraint(condition=Q(rol="expert") | Q(user__isnull=False),
                                   name="panellid_heeft_account"),
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(naam=""),
                                   name="panellid_heeft_naam"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return str(self.user) if self.user_id else self.naam

    @property
    def active(self) -> bool:
        return self.status == self.Status.BENOEMD


class InterestDeclaration(models.Model):
    """An interest a commission member or chair declared: it excludes them where it applies."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="belangen",
                             verbose_name=_("gebruiker"))
    omschrijving = models.TextField(_("omschrijving"))
    instelling = models.ForeignKey(Instelling, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("instelling"))
    opleiding = models.ForeignKey(Opleiding, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("opleiding"))
    arbeidsmarktregio = models.ForeignKey(Arbeidsmarktregio, on_delete=models.PROTECT, null=True,
                                          blank=True, related_name="+",
                                          verbose_name=_("arbeidsmarktregio"))
    sinds = models.DateField(_("sinds"), default=timezone.localdate)
    tot = models.DateField(_("beëindigd op"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user", "-sinds", "id"]
        verbose_name = _("belang")
        verbose_name_plural = _("belangenregister")
        constraints = [
            models.CheckConstraint(
                condition=Q(instelling__isnull=False) | Q(opleiding__isnull=False)
                | Q(arbeidsmarktregio__isnull=False),
                name="belang_noemt_instelling_opleiding_of_regio"),
            models.CheckConstraint(condition=Q(tot__isnull=True) | Q(tot__gte=models.F("sinds")),
                                   name="belang_einde_na_begin"),
        ]

    def __str__(self):
        return self.omschrijving[:80]

    @property
    def active(self) -> bool:
        """Declared and not yet ended (the end date itself no longer counts)."""
        today = timezone.localdate()
        return self.sinds <= today and (self.tot is None or self.tot > today)
