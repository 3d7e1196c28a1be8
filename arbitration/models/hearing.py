"""The case file: documents (positions, evidence, mediation, deliberation), hearings, questions."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portfolio.models import Instelling

from .cases import BEFORE_RULING, Case, Stage, Visibility
from .display import cheap_choice_labels

USER = settings.AUTH_USER_MODEL


def _upload_to(instance, filename):
    # One folder per case; the service made the name safe and unique.
    return f"geschillen/{instance.case_id}/{filename}"


@cheap_choice_labels
class CaseDocument(models.Model):
    """A document in the case file; who may read it follows from its kind."""

    class Soort(models.TextChoices):
        STANDPUNT = "standpunt", _("Standpunt")
        BEWIJS = "bewijs", _("Bewijsstuk")
        BEMIDDELING = "bemiddeling", _("Bemiddelingsstuk")
        BERAADSLAGING = "beraadslaging", _("Beraadslaging van het panel")
        OVERIG = "overig", _("Overig stuk")

    VISIBILITY = {
        Soort.STANDPUNT: Visibility.DOSSIER,
        Soort.BEWIJS: Visibility.DOSSIER,
        Soort.OVERIG: Visibility.DOSSIER,
        Soort.BEMIDDELING: Visibility.BEMIDDELING,
        Soort.BERAADSLAGING: Visibility.BERAADSLAGING,
    }

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documenten")
    soort = models.CharField(_("soort"), max_length=13, choices=Soort.choices)
    titel = models.CharField(_("titel"), max_length=200)
    tekst = models.TextField(_("tekst"), blank=True)
    bestand = models.FileField(_("bestand"), upload_to=_upload_to, max_length=300, blank=True)
    naam = models.CharField(_("bestandsnaam"), max_length=150, blank=True)
    grootte = models.PositiveIntegerField(_("grootte (bytes)"), default=0)
    instelling = models.ForeignKey(Instelling, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("namens"))
    toegevoegd_door = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    toegevoegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "toegevoegd_op", "id"]
        verbose_name = _("stuk")
        verbose_name_plural = _("stukken")
        constraints = [models.CheckConstraint(condition=~Q(tekst="") | ~Q(bestand=""),
                                              name="stuk_heeft_tekst_of_bestand")]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse("arbitration:document", args=[self.case_id, self.pk])

    @property
    def zichtbaarheid(self) -> str:
        return self.VISIBILITY[self.soort]


class Hearing(models.Model):
    """A hearing set by the panel; the report is added afterwards."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hoorzittingen")
    datum = models.DateTimeField(_("datum en tijd"))
    plaats = models.CharField(_("plaats"), max_length=200)
    toelichting = models.TextField(_("toelichting"), blank=True)
    verslag = models.TextField(_("verslag"), blank=True)
    vastgesteld_door = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True,
                                         related_name="+")

    class Meta:
        ordering = ["case", "datum", "id"]
        verbose_name = _("hoorzitting")
        verbose_name_plural = _("hoorzittingen")

    def __str__(self):
        return f"{self.datum:%Y-%m-%d %H:%M} {self.plaats}"


class Question(models.Model):
    """A question of the panel to one party (or all parties) and its answer."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="vragen")
    aan = models.ForeignKey(Instelling, on_delete=models.PROTECT, null=True, blank=True,
                            related_name="+", verbose_name=_("gericht aan"),
                            help_text=_("Leeg: aan alle partijen."))
    vraag = models.TextField(_("vraag"))
    gesteld_door = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    gesteld_op = models.DateTimeField(auto_now_add=True)
    antwoord = models.TextField(_("antwoord"), blank=True)
    beantwoord_door = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+")
    beantwoord_namens = models.ForeignKey(Instelling, on_delete=models.PROTECT, null=True,
                                          blank=True, related_name="+")
    beantwoord_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "gesteld_op", "id"]
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")

    def __str__(self):
        return self.vraag[:80]

    @property
    def answered(self) -> bool:
        return self.beantwoord_op is not None


# When each kind of document belongs in the file (other documents: any time before closing).
DOCUMENT_STAGES = {
    CaseDocument.Soort.STANDPUNT: tuple(BEFORE_RULING),
    CaseDocument.Soort.BEWIJS: tuple(BEFORE_RULING),
    CaseDocument.Soort.BEMIDDELING: (Stage.BEMIDDELING,),
    CaseDocument.Soort.BERAADSLAGING: (Stage.ARBITRAGE, Stage.UITSPRAAK, Stage.UITVOERING,
                                       Stage.EVALUATIE),
}
