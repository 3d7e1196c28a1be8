"""Regional and sectoral consultation meetings and their agenda."""
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portfolio.models import Arbeidsmarktregio, Bedrijfstakgroep

from .proposals import Proposal


class Overleg(models.Model):
    """A regional (per arbeidsmarktregio) or sectoral (per btg) consultation meeting."""

    class Soort(models.TextChoices):
        REGIONAAL = "regionaal", _("Regionaal overleg")
        SECTORAAL = "sectoraal", _("Sectoraal overleg (btg)")

    soort = models.CharField(_("soort"), max_length=10, choices=Soort.choices)
    titel = models.CharField(_("titel"), max_length=200)
    datum = models.DateField(_("datum"))
    arbeidsmarktregio = models.ForeignKey(Arbeidsmarktregio, on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="+",
                                          verbose_name=_("arbeidsmarktregio"))
    btg = models.ForeignKey(Bedrijfstakgroep, on_delete=models.PROTECT, null=True, blank=True,
                            related_name="+", verbose_name=_("bedrijfstakgroep"))
    notulen = models.TextField(_("notulen"), blank=True)
    voorbeeld = models.BooleanField(_("voorbeeld"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-datum", "-id"]
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        constraints = [models.CheckConstraint(
            condition=Q(soort="regionaal", arbeidsmarktregio__isnull=False, btg__isnull=True)
            | Q(soort="sectoraal", btg__isnull=False, arbeidsmarktregio__isnull=True),
            name="overleg_regio_of_btg",
        )]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse("proposals:overleg_detail", args=[self.pk])


class AgendaItem(models.Model):
    """A proposal on the agenda of a consultation, with the outcome recorded there."""

    class Uitkomst(models.TextChoices):
        OPEN = "open", _("Nog te bespreken")
        AFGESTEMD = "afgestemd", _("Afgestemd")
        AANPASSEN = "aanpassen", _("Voorstel aanpassen")
        AANGEHOUDEN = "aangehouden", _("Aangehouden")
        GESCHIL = "geschil", _("Geen overeenstemming")
        KENNISGENOMEN = "kennisgenomen", _("Voor kennisgeving")

    overleg = models.ForeignKey(Overleg, on_delete=models.CASCADE, related_name="agenda")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="agendapunten",
                                 verbose_name=_("voorstel"))
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    uitkomst = models.CharField(_("uitkomst"), max_length=14, choices=Uitkomst.choices,
                                default=Uitkomst.OPEN)
    toelichting = models.TextField(_("toelichting uitkomst"), blank=True)

    class Meta:
        ordering = ["overleg", "volgorde", "id"]
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        constraints = [models.UniqueConstraint(fields=["overleg", "proposal"],
                                               name="voorstel_eenmaal_op_agenda")]
