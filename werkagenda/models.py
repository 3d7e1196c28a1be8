"""The Werkagenda mbo registry: priorities, objectives, actions with their owners (parties),
reporting rounds with progress per action, and indicators."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords


class Prioriteit(models.Model):
    nummer = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    naam = models.CharField(_("naam"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["nummer"]
        verbose_name = _("prioriteit")
        verbose_name_plural = _("prioriteiten")

    def __str__(self):
        return f"{_('Prioriteit')} {self.nummer}: {self.naam}"


class Doelstelling(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True, help_text=_("Bijv. 1.1"))
    prioriteit = models.ForeignKey(Prioriteit, on_delete=models.PROTECT,
                                   related_name="doelstellingen", verbose_name=_("prioriteit"))
    tekst = models.TextField(_("tekst"), blank=True,
                             help_text=_("De eigen tekst van de doelstelling, als het rapport die "
                                         "heeft."))
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["volgorde", "code"]
        verbose_name = _("doelstelling")
        verbose_name_plural = _("doelstellingen")

    def __str__(self):
        return f"{_('Doelstelling')} {self.code}"


class Partij(models.Model):
    """An owner named in the Wie column, normalised (OCW, MBO Raad, JOB, mbo-scholen, ...)."""

    class Soort(models.TextChoices):
        OVERHEID = "overheid", _("Overheid")
        SECTOR = "sector", _("Sectororganisatie")
        SCHOOL = "school", _("Onderwijsinstellingen")
        WERKGEVERS = "werkgevers", _("Werkgevers")
        WERKNEMERS = "werknemers", _("Werknemers en docenten")
        STUDENTEN = "studenten", _("Studenten")
        OVERIG = "overig", _("Overig")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    naam = models.CharField(_("naam"), max_length=100)
    volledige_naam = models.CharField(_("volledige naam"), max_length=200, blank=True)
    soort = models.CharField(_("soort"), max_length=12, choices=Soort.choices,
                             default=Soort.OVERIG)
    voor_bestuurders = models.BooleanField(
        _("bestuurders vertegenwoordigen deze partij"), default=False,
        help_text=_("Elke bestuurder van een instelling mag de voortgang van acties van deze "
                    "partij bijwerken (bijv. 'mbo-scholen')."))
    leden = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Partijlid",
                                   related_name="werkagenda_partijen", blank=True,
                                   verbose_name=_("leden"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["naam"]
        verbose_name = _("partij")
        verbose_name_plural = _("partijen")

    def __str__(self):
        return self.naam


class Partijlid(models.Model):
    """A portal user who speaks for a party and so may update its actions' progress."""

    partij = models.ForeignKey(Partij, on_delete=models.CASCADE, verbose_name=_("partij"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             verbose_name=_("gebruiker"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partijlid")
        verbose_name_plural = _("partijleden")
        constraints = [models.UniqueConstraint(fields=["partij", "user"],
                                               name="partijlid_uniek")]

    def __str__(self):
        return f"{self.user} – {self.partij}"


class Actie(models.Model):
    """One row of the Werkagenda: what, who (original wording and parties), when."""

    code = models.CharField(_("code"), max_length=12, unique=True, help_text=_("Bijv. 1.1.3"))
    doelstelling = models.ForeignKey(Doelstelling, on_delete=models.PROTECT,
                                     related_name="acties", verbose_name=_("doelstelling"))
    volgorde = models.PositiveSmallIntegerField(_("volgorde"))
    wat = models.TextField(_("wat"))
    wie_origineel = models.TextField(_("wie (zoals in het rapport)"), blank=True)
    partijen = models.ManyToManyField(Partij, through="ActiePartij", related_name="acties",
                                      verbose_name=_("partijen"))
    wanneer = models.TextField(_("wanneer (zoals in het rapport)"), blank=True)
    startjaar = models.PositiveSmallIntegerField(_("startjaar"), null=True, blank=True)
    eindjaar = models.PositiveSmallIntegerField(_("eindjaar"), null=True, blank=True)
    doorlopend = models.BooleanField(_("doorlopend"), default=False)
    bronregel = models.PositiveIntegerField(_("regel in de bron"), null=True, blank=True)
    opleidingen = models.ManyToManyField("portfolio.Opleiding", blank=True,
                                         related_name="werkagenda_acties",
                                         verbose_name=_("opleidingen"))
    bedrijfstakgroepen = models.ManyToManyField("portfolio.Bedrijfstakgroep", blank=True,
                                                related_name="werkagenda_acties",
                                                verbose_name=_("bedrijfstakgroepen"))
    arbeidsmarktregios = models.ManyToManyField("portfolio.Arbeidsmarktregio", blank=True,
                                                related_name="werkagenda_acties",
                                                verbose_name=_("arbeidsmarktregio's"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["doelstelling__volgorde", "volgorde"]
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        constraints = [
            models.CheckConstraint(
                condition=Q(startjaar__isnull=True) | Q(eindjaar__isnull=True)
                | Q(eindjaar__gte=models.F("startjaar")),
                name="actie_eindjaar_na_startjaar"),
        ]

    def __str__(self):
        return f"{self.code} {self.wat[:60]}"


class ActiePartij(models.Model):
    actie = models.ForeignKey(Actie, on_delete=models.CASCADE, related_name="actiepartijen")
    partij = models.ForeignKey(Partij, on_delete=models.PROTECT, related_name="actiepartijen")
    primair = models.BooleanField(_("primair"), default=False)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["volgorde"]
        verbose_name = _("partij van een actie")
        verbose_name_plural = _("partijen van acties")
        constraints = [models.UniqueConstraint(fields=["actie", "partij"],
                                               name="actiepartij_uniek")]

    def __str__(self):
        return f"{self.actie.code}: {self.partij}"


class Categorie(models.TextChoices):
    """Status category of a progress text."""

    OP_SCHEMA = "op_schema", _("Op schema")
    VERTRAAGD = "vertraagd", _("Vertraagd")
    AFGEROND = "afgerond", _("Afgerond")
    NIET_GESTART = "niet_gestart", _("Niet gestart")
    ONBEKEND = "onbekend", _("Onbekend")


class Rapportageronde(ConcurrentTransitionMixin, models.Model):
    """A reporting round ("zomer 2024"). Open rounds take updates; published rounds are locked."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        GEPUBLICEERD = "gepubliceerd", _("Gepubliceerd")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    naam = models.CharField(_("naam"), max_length=100)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), unique=True)
    kolom = models.CharField(_("kolom in het rapport"), max_length=100, blank=True)
    status = FSMField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN,
                      protected=True)
    geopend_op = models.DateTimeField(_("geopend op"), auto_now_add=True)
    gepubliceerd_op = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)

    class Meta:
        ordering = ["volgorde"]
        verbose_name = _("rapportageronde")
        verbose_name_plural = _("rapportagerondes")
        constraints = [
            # Only one round takes updates at a time.
            models.UniqueConstraint(fields=["status"], condition=Q(status="open"),
                                    name="een_open_ronde"),
            models.CheckConstraint(
                condition=Q(status="open") | Q(gepubliceerd_op__isnull=False),
                name="gepubliceerde_ronde_heeft_datum"),
        ]

    def __str__(self):
        return self.naam

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @transition(field=status, source=Status.OPEN, target=Status.GEPUBLICEERD)
    def publiceer(self):
        """Publishing locks the round: its progress texts no longer change."""


class Rondegebeurtenis(models.Model):
    """One row per state change of a round (who, when, from, to)."""

    ronde = models.ForeignKey(Rapportageronde, on_delete=models.CASCADE,
                              related_name="gebeurtenissen", verbose_name=_("ronde"))
    oud = models.CharField(_("oude status"), max_length=12, blank=True)
    nieuw = models.CharField(_("nieuwe status"), max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, verbose_name=_("door"))
    tijd = models.DateTimeField(_("tijd"), auto_now_add=True)
    notitie = models.TextField(_("notitie"), blank=True)

    class Meta:
        ordering = ["tijd", "id"]
        verbose_name = _("rondegebeurtenis")
        verbose_name_plural = _("rondegebeurtenissen")

    def __str__(self):
        return f"{self.ronde}: {self.oud or '–'} → {self.nieuw}"


class Voortgang(models.Model):
    """The progress of one action in one round: the text, and a status category."""

    class Bron(models.TextChoices):
        AFGELEID = "afgeleid", _("Afgeleid uit de tekst")
        HANDMATIG = "handmatig", _("Handmatig gekozen")
        OVERGENOMEN = "overgenomen", _("Overgenomen uit de vorige ronde")

    actie = models.ForeignKey(Actie, on_delete=models.CASCADE, related_name="voortgang",
                              verbose_name=_("actie"))
    ronde = models.ForeignKey(Rapportageronde, on_delete=models.PROTECT,
                              related_name="voortgang", verbose_name=_("ronde"))
    tekst = models.TextField(_("tekst"), blank=True)
    idem = models.BooleanField(_("ongewijzigd (Idem.)"), default=False,
                               help_text=_("Ongewijzigd ten opzichte van de vorige ronde."))
    categorie = models.CharField(_("status"), max_length=12, choices=Categorie.choices,
                                 default=Categorie.ONBEKEND)
    categorie_bron = models.CharField(_("herkomst status"), max_length=12, choices=Bron.choices,
                                      default=Bron.AFGELEID)
    bijgewerkt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                        null=True, blank=True, related_name="+",
                                        verbose_name=_("bijgewerkt door"))
    bijgewerkt_op = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["ronde__volgorde"]
        verbose_name = _("voortgang")
        verbose_name_plural = _("voortgang")
        constraints = [models.UniqueConstraint(fields=["actie", "ronde"],
                                               name="voortgang_per_ronde")]

    def __str__(self):
        return f"{self.actie.code} – {self.ronde}"


class Indicator(models.Model):
    """A figure the Werkagenda steers on, with baseline, target and measurements."""

    class Richting(models.TextChoices):
        STIJGEN = "stijgen", _("Hoger is beter")
        DALEN = "dalen", _("Lager is beter")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    naam = models.CharField(_("naam"), max_length=200)
    doelstelling = models.ForeignKey(Doelstelling, on_delete=models.PROTECT,
                                     related_name="indicatoren", verbose_name=_("doelstelling"))
    eenheid = models.CharField(_("eenheid"), max_length=20)
    richting = models.CharField(_("richting"), max_length=8, choices=Richting.choices)
    basis_waarde = models.DecimalField(_("basiswaarde"), max_digits=12, decimal_places=2,
                                       null=True, blank=True)
    basis_jaar = models.PositiveSmallIntegerField(_("basisjaar"), null=True, blank=True)
    basis_toelichting = models.CharField(_("toelichting basis"), max_length=300, blank=True)
    streef_waarde = models.DecimalField(_("streefwaarde"), max_digits=12, decimal_places=2,
                                        null=True, blank=True)
    streef_jaar = models.PositiveSmallIntegerField(_("streefjaar"), null=True, blank=True)
    streef_toelichting = models.CharField(_("toelichting streefwaarde"), max_length=300,
                                          blank=True)
    bron = models.CharField(_("bron"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["doelstelling__volgorde", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")

    def __str__(self):
        return self.naam


class Meting(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="metingen",
                                  verbose_name=_("indicator"))
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    waarde = models.DecimalField(_("waarde"), max_digits=12, decimal_places=2)
    toelichting = models.CharField(_("toelichting"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["jaar"]
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        constraints = [models.UniqueConstraint(fields=["indicator", "jaar"],
                                               name="meting_per_jaar")]

    def __str__(self):
        return f"{self.indicator}: {self.jaar}"
