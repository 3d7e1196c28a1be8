"""The binding ruling, its orders and addenda; the published summary and the lessons learned.

A signed ruling never changes: the model refuses the save, the queryset refuses ``update()``
and a database trigger (migration 0002) refuses any UPDATE of a signed row. Corrections are
dated addenda, which are immutable too.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mbo_regie.errors import DomainError
from portfolio.models import (
    Aanbod,
    Arbeidsmarktregio,
    Bedrijfstakgroep,
    Instelling,
    Leerweg,
    Locatie,
    Opleiding,
)
from portfolio.proposals.models import Kijkrichting

from .cases import Case
from .display import cheap_choice_labels

USER = settings.AUTH_USER_MODEL


class RulingImmutable(DomainError):
    """A signed ruling (or an addendum, or an order of a signed ruling) cannot be changed."""

    def __init__(self, message=None):
        super().__init__(message or _("Een ondertekende uitspraak kan niet meer worden "
                                      "gewijzigd; een correctie kan alleen als addendum."),
                         code="ruling_signed")


class Criterium(models.TextChoices):
    """The four criteria of a good portfolio."""

    DEKKEND = "dekkend", _("Dekkend")
    TOEGANKELIJK = "toegankelijk", _("Toegankelijk")
    ONDERSCHEIDEND = "onderscheidend", _("Onderscheidend")
    RELEVANT = "relevant", _("Relevant")


# The grounds of a ruling: one text per criterion and per perspective. Perspectives carry a
# prefix: "onderscheidend" is both a criterion and (in short) a perspective.
GROUNDS = [*Criterium.choices, *((f"kr_{code}", label) for code, label in Kijkrichting.choices)]
REQUIRED_GROUNDS = tuple(Criterium.values)


class Uitkomst(models.TextChoices):
    TOEGEWEZEN = "toegewezen", _("Verzoek toegewezen")
    DEELS = "deels", _("Verzoek deels toegewezen")
    AFGEWEZEN = "afgewezen", _("Verzoek afgewezen")


class RulingQuerySet(models.QuerySet):
    def update(self, **kwargs):
        # Bulk updates bypass save(); refuse them for signed rulings too.
        if self.filter(ondertekend_op__isnull=False).exists():
            raise RulingImmutable()
        return super().update(**kwargs)


@cheap_choice_labels
class Ruling(models.Model):
    """The panel's binding ruling: decision, grounds per criterion and perspective, orders."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="uitspraak")
    beslissing = models.TextField(_("beslissing"), blank=True)
    uitkomst = models.CharField(_("uitkomst"), max_length=12, choices=Uitkomst.choices,
                                blank=True)
    gronden = models.JSONField(_("gronden per criterium en kijkrichting"), default=dict,
                               blank=True)
    opgesteld_door = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True,
                                       related_name="+")
    bijgewerkt_op = models.DateTimeField(auto_now=True)
    ondertekend_door = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+", verbose_name=_("ondertekend door"))
    ondertekend_op = models.DateTimeField(_("ondertekend"), null=True, blank=True)

    objects = RulingQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitspraak")
        verbose_name_plural = _("uitspraken")
        constraints = [models.CheckConstraint(
            condition=Q(ondertekend_op__isnull=True)
            | (Q(ondertekend_door__isnull=False) & ~Q(beslissing="") & ~Q(uitkomst="")),
            name="ondertekende_uitspraak_is_volledig")]

    def __str__(self):
        return f"{_('Uitspraak')} {self.case.kenmerk}"

    def save(self, *args, **kwargs):
        if self.pk and type(self).objects.filter(pk=self.pk,
                                                 ondertekend_op__isnull=False).exists():
            raise RulingImmutable()
        super().save(*args, **kwargs)

    @property
    def signed(self) -> bool:
        return self.ondertekend_op is not None

    def grounds_items(self) -> list[tuple[str, str, str]]:
        """(code, label, text) for the four criteria and the seven perspectives."""
        return [(code, label, self.gronden.get(code, "")) for code, label in GROUNDS]


class RulingAddendum(models.Model):
    """A dated correction of a signed ruling, signed by the chair; never changed afterwards."""

    ruling = models.ForeignKey(Ruling, on_delete=models.CASCADE, related_name="addenda")
    nummer = models.PositiveSmallIntegerField(_("nummer"))
    tekst = models.TextField(_("correctie"))
    reden = models.TextField(_("reden"))
    ondertekend_door = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    ondertekend_op = models.DateTimeField(_("datum"), default=timezone.now)

    class Meta:
        ordering = ["ruling", "nummer"]
        verbose_name = _("addendum")
        verbose_name_plural = _("addenda")
        constraints = [models.UniqueConstraint(fields=["ruling", "nummer"],
                                               name="addendum_nummer_uniek")]

    def save(self, *args, **kwargs):
        if self.pk and type(self).objects.filter(pk=self.pk).exists():
            raise RulingImmutable(_("Een addendum kan niet meer worden gewijzigd."))
        super().save(*args, **kwargs)


@cheap_choice_labels
class Order(models.Model):
    """An order of the ruling: an obligation, or a change of an offering in the registry."""

    class Soort(models.TextChoices):
        VERPLICHTING = "verplichting", _("Verplichting")
        STARTEN = "starten", _("Opleiding starten")
        STOPPEN = "stoppen", _("Opleiding stoppen")
        WIJZIGEN = "wijzigen", _("Aanbod wijzigen (capaciteit of profiel)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        GEMELD = "gemeld", _("Gereed gemeld")
        UITGEVOERD = "uitgevoerd", _("Uitgevoerd en geverifieerd")

    # What the ruling says; fixed once the ruling is signed.
    CONTENT_FIELDS = ("ruling_id", "volgorde", "soort", "omschrijving", "instelling_id",
                      "termijn", "aanbod_id", "opleiding_id", "locatie_id", "leerweg",
                      "ingangsdatum", "capaciteit", "profiel")

    ruling = models.ForeignKey(Ruling, on_delete=models.CASCADE, related_name="lasten")
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    soort = models.CharField(_("soort"), max_length=12, choices=Soort.choices)
    omschrijving = models.TextField(_("omschrijving"))
    instelling = models.ForeignKey(Instelling, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("verantwoordelijke instelling"))
    termijn = models.DateField(_("uiterlijk"))
    aanbod = models.ForeignKey(Aanbod, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("aanbod"))
    opleiding = models.ForeignKey(Opleiding, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("opleiding"))
    locatie = models.ForeignKey(Locatie, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("locatie"))
    leerweg = models.CharField(_("leerweg"), max_length=3, choices=Leerweg.choices, blank=True)
    ingangsdatum = models.DateField(_("ingangsdatum"), null=True, blank=True)
    capaciteit = models.PositiveIntegerField(_("capaciteit"), null=True, blank=True)
    profiel = models.TextField(_("onderscheidend profiel"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    bewijs = models.TextField(_("bewijs van uitvoering"), blank=True)
    gemeld_door = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    gemeld_op = models.DateTimeField(null=True, blank=True)
    verificatie = models.TextField(_("verificatie door de staf"), blank=True)
    geverifieerd_door = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="+")
    geverifieerd_op = models.DateTimeField(null=True, blank=True)
    toegepast_aanbod = models.ForeignKey(Aanbod, on_delete=models.PROTECT, null=True,
                                         blank=True, related_name="+",
                                         verbose_name=_("gewijzigd aanbod in het register"))
    te_laat_gemeld_op = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["ruling", "volgorde", "id"]
        verbose_name = _("last")
        verbose_name_plural = _("lasten")
        constraints = [
            models.CheckConstraint(
                condition=~Q(soort="starten") | Q(opleiding__isnull=False, locatie__isnull=False,
                                                   ingangsdatum__isnull=False) & ~Q(leerweg=""),
                name="last_starten_volledig"),
            models.CheckConstraint(
                condition=~Q(soort="stoppen") | Q(aanbod__isnull=False,
                                                   ingangsdatum__isnull=False),
                name="last_stoppen_volledig"),
            models.CheckConstraint(condition=~Q(soort="wijzigen") | Q(aanbod__isnull=False),
                                   name="last_wijzigen_volledig"),
        ]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.omschrijving[:60]}"

    def save(self, *args, **kwargs):
        signed = Ruling.objects.filter(pk=self.ruling_id, ondertekend_op__isnull=False).exists()
        if signed:
            if self.pk is None:
                raise RulingImmutable()
            old = type(self).objects.filter(pk=self.pk).values(*self.CONTENT_FIELDS).first()
            if old and any(old[f] != getattr(self, f) for f in self.CONTENT_FIELDS):
                raise RulingImmutable()
        super().save(*args, **kwargs)

    @property
    def changes_registry(self) -> bool:
        return self.soort != self.Soort.VERPLICHTING

    @property
    def is_late(self) -> bool:
        return self.status != self.Status.UITGEVOERD and self.termijn < timezone.localdate()

    @property
    def state_label(self) -> str:
        """Open / done / late, as the execution overview shows it."""
        if self.is_late:
            return str(_("Te laat"))
        return self.get_status_display()


@cheap_choice_labels
class PublishedCase(models.Model):
    """The anonymised summary of a ruling in the public casuïstiek library."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="publicatie")
    titel = models.CharField(_("titel"), max_length=200)
    samenvatting = models.TextField(_("geanonimiseerde samenvatting"))
    uitkomst = models.CharField(_("uitkomst"), max_length=12, choices=Uitkomst.choices)
    dekkend = models.BooleanField(_("dekkend"), default=False)
    toegankelijk = models.BooleanField(_("toegankelijk"), default=False)
    onderscheidend = models.BooleanField(_("onderscheidend"), default=False)
    relevant = models.BooleanField(_("relevant"), default=False)
    btg = models.ForeignKey(Bedrijfstakgroep, on_delete=models.PROTECT, null=True, blank=True,
                            related_name="+", verbose_name=_("bedrijfstakgroep"))
    arbeidsmarktregio = models.ForeignKey(Arbeidsmarktregio, on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="+",
                                          verbose_name=_("arbeidsmarktregio"))
    jaar = models.PositiveSmallIntegerField(_("jaar van de uitspraak"))
    voorbeeld = models.BooleanField(_("voorbeeld"), default=False)
    gepubliceerd_door = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True,
                                          related_name="+")
    gepubliceerd_op = models.DateTimeField(_("gepubliceerd"), auto_now_add=True)

    class Meta:
        ordering = ["-gepubliceerd_op", "-id"]
        verbose_name = _("gepubliceerde casus")
        verbose_name_plural = _("casuïstiek")

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse("arbitration:library_detail", args=[self.pk])

    @property
    def criteria_labels(self) -> list[str]:
        return [str(label) for code, label in Criterium.choices if getattr(self, code)]


@cheap_choice_labels
class Lesson(models.Model):
    """A lesson learned in the joint evaluation, from a party, the panel or staff."""

    class Bron(models.TextChoices):
        PARTIJ = "partij", _("Partij")
        COMMISSIE = "commissie", _("Panel")
        STAF = "staf", _("Staf MBO Raad")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="leerpunten")
    bron = models.CharField(_("van"), max_length=10, choices=Bron.choices)
    instelling = models.ForeignKey(Instelling, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    tekst = models.TextField(_("leerpunt"))
    openbaar = models.BooleanField(
        _("openbaar in de lerende aanpak"), default=False,
        help_text=_("Openbare leerpunten verschijnen, zonder namen, naast de casuïstiek."))
    door = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "op", "id"]
        verbose_name = _("leerpunt")
        verbose_name_plural = _("leerpunten")
