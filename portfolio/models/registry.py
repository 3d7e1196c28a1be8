"""Portfolio registries: geography, institutions, programmes and the offerings that link them."""
import re

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Bron(models.TextChoices):
    """Where a row came from; synthetic rows are labelled wherever they are shown."""

    REFERENTIE = "referentie", _("Referentiedata")
    SYNTHETISCH = "synthetisch", _("Synthetisch")
    DUO = "duo", _("DUO-import")
    PORTAAL = "portaal", _("Ingevoerd in het portaal")


class Provincie(models.Model):
    code = models.CharField(_("code"), max_length=4, unique=True)
    naam = models.CharField(_("naam"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["naam"]
        verbose_name = _("provincie")
        verbose_name_plural = _("provincies")

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse("portfolio:provincie_detail", args=[self.code])


class Arbeidsmarktregio(models.Model):
    code = models.CharField(_("code"), max_length=4, unique=True)
    naam = models.CharField(_("naam"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["naam"]
        verbose_name = _("arbeidsmarktregio")
        verbose_name_plural = _("arbeidsmarktregio's")

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse("portfolio:regio_detail", args=[self.code])


class Gemeente(models.Model):
    class Krimp(models.TextChoices):
        GEEN = "", _("Geen")
        KRIMPREGIO = "krimpregio", _("Krimpregio")
        ANTICIPEERREGIO = "anticipeerregio", _("Anticipeerregio")

    code = models.CharField(
        _("CBS-code"), max_length=6, unique=True,
        validators=[RegexValidator(r"^GM\d{4}$", _("Een CBS-code is GM gevolgd door 4 cijfers."))],
    )
    naam = models.CharField(_("naam"), max_length=100)
    provincie = models.ForeignKey(Provincie, on_delete=models.PROTECT, related_name="gemeenten",
                                  verbose_name=_("provincie"))
    arbeidsmarktregio = models.ForeignKey(
        Arbeidsmarktregio, on_delete=models.PROTECT, related_name="gemeenten",
        verbose_name=_("arbeidsmarktregio"),
    )
    lat = models.FloatField(_("breedtegraad"))
    lon = models.FloatField(_("lengtegraad"))
    inwoners = models.PositiveIntegerField(_("inwoners"), default=0)
    jongeren = models.PositiveIntegerField(_("jongeren (15–24)"), null=True, blank=True)
    oppervlakte_land_ha = models.PositiveIntegerField(_("oppervlakte land (ha)"), default=0)
    krimp_status = models.CharField(_("krimp"), max_length=20, choices=Krimp.choices, blank=True,
                                    default=Krimp.GEEN)
    svg_path = models.TextField(_("kaartvorm (SVG-pad)"), blank=True)
    history = HistoricalRecords(excluded_fields=["svg_path"])

    class Meta:
        ordering = ["naam"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse("portfolio:gemeente_detail", args=[self.code])

    @property
    def svg_bbox(self) -> str:
        """viewBox around this gemeente's shape (paths use absolute x y pairs)."""
        nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", self.svg_path)]
        if len(nums) < 2:
            return "0 0 1 1"
        xs, ys = nums[0::2], nums[1::2]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        pad = max(w, h) * 0.05 + 0.5
        return f"{min(xs) - pad:.1f} {min(ys) - pad:.1f} {w + 2 * pad:.1f} {h + 2 * pad:.1f}"

    @property
    def krimp(self) -> bool:
        """Krimpregio's count as shrinking; anticipeerregio's are shown but not counted."""
        return self.krimp_status == self.Krimp.KRIMPREGIO


class Bedrijfstakgroep(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)
    naam = models.CharField(_("naam"), max_length=100)
    sectorkamer_code = models.CharField(_("SBB-sectorkamer"), max_length=2, unique=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["volgorde", "naam"]
        verbose_name = _("bedrijfstakgroep")
        verbose_name_plural = _("bedrijfstakgroepen")

    def __str__(self):
        return self.naam


class Instelling(models.Model):
    class Type(models.TextChoices):
        ROC = "ROC", _("ROC")
        AOC = "AOC", _("AOC")
        VAK = "VAK", _("Vakinstelling")

    brin = models.CharField(
        _("BRIN"), max_length=4, unique=True,
        validators=[RegexValidator(r"^\d{2}[A-Z]{2}$", _("Een BRIN is 2 cijfers en 2 letters."))],
    )
    naam = models.CharField(_("naam"), max_length=200)
    type = models.CharField(_("type"), max_length=3, choices=Type.choices, default=Type.ROC)
    denominatie = models.CharField(_("identiteit / denominatie"), max_length=100, blank=True)
    home_gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, null=True, blank=True, related_name="instellingen",
        verbose_name=_("hoofdvestiging in gemeente"),
    )
    lid = models.BooleanField(_("lid MBO Raad"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["naam"]
        verbose_name = _("instelling")
        verbose_name_plural = _("instellingen")

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse("portfolio:instelling_detail", args=[self.brin])


class Locatie(models.Model):
    instelling = models.ForeignKey(Instelling, on_delete=models.CASCADE, related_name="locaties",
                                   verbose_name=_("instelling"))
    code = models.CharField(_("code"), max_length=40,
                            help_text=_("Onderwijslocatiecode (DUO) of eigen sleutel."))
    naam = models.CharField(_("naam"), max_length=200)
    adres = models.CharField(_("adres"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    plaats = models.CharField(_("plaats"), max_length=100, blank=True)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="locaties",
                                 verbose_name=_("gemeente"))
    lat = models.FloatField(_("breedtegraad"))
    lon = models.FloatField(_("lengtegraad"))
    bron = models.CharField(_("bron"), max_length=12, choices=Bron.choices, default=Bron.PORTAAL)
    history = HistoricalRecords()

    class Meta:
        ordering = ["instelling__naam", "naam"]
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")
        constraints = [
            models.UniqueConstraint(fields=["instelling", "code"], name="locatie_code_uniek"),
        ]

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse("portfolio:locatie_detail", args=[self.pk])

    @property
    def synthetisch(self) -> bool:
        return self.bron == Bron.SYNTHETISCH


class Opgave(models.TextChoices):
    """Societal challenges a programme contributes to."""

    WONINGBOUW = "woningbouw", _("Woningbouw")
    ZORG = "zorg", _("Zorg")
    ONDERWIJS = "onderwijs", _("Onderwijs")
    KLIMAAT_ENERGIE = "klimaat_energie", _("Klimaat en energie")
    VEILIGHEID = "veiligheid", _("Veiligheid")
    KINDEROPVANG = "kinderopvang", _("Kinderopvang")
    DIGITALE_TRANSITIE = "digitale_transitie", _("Digitale transitie")


class Leerweg(models.TextChoices):
    BOL = "BOL", _("BOL (beroepsopleidende leerweg)")
    BBL = "BBL", _("BBL (beroepsbegeleidende leerweg)")


class Opleiding(models.Model):
    class Niveau(models.IntegerChoices):
        ENTREE = 1, _("Entree (niveau 1)")
        BASIS = 2, _("Niveau 2 – basisberoepsopleiding")
        VAK = 3, _("Niveau 3 – vakopleiding")
        MIDDENKADER = 4, _("Niveau 4 – middenkader-/specialistenopleiding")

    crebo = models.CharField(_("crebo"), max_length=5, unique=True,
                             validators=[RegexValidator(r"^\d{5}$", _("Een crebo is 5 cijfers."))])
    naam = models.CharField(_("naam"), max_length=200)
    niveau = models.PositiveSmallIntegerField(
        _("niveau"), choices=Niveau.choices,
        validators=[MinValueValidator(1), MaxValueValidator(4)])
    leerwegen = models.CharField(_("leerwegen"), max_length=20, default="BOL,BBL")
    sectorkamer_code = models.CharField(_("sectorkamer"), max_length=2)
    sectorkamer_naam = models.CharField(_("sectorkamer (naam)"), max_length=100)
    btg = models.ForeignKey(Bedrijfstakgroep, on_delete=models.PROTECT, related_name="opleidingen",
                            verbose_name=_("bedrijfstakgroep"))
    dossier_code = models.CharField(_("dossier"), max_length=5, blank=True)
    dossier_naam = models.CharField(_("dossier (naam)"), max_length=200, blank=True)
    hoofdgroep_code = models.CharField(_("hoofdgroep"), max_length=5, blank=True)
    hoofdgroep_naam = models.CharField(_("hoofdgroep (naam)"), max_length=200, blank=True)
    subgroep_code = models.CharField(_("subgroep"), max_length=5, blank=True)
    subgroep_naam = models.CharField(_("subgroep (naam)"), max_length=200, blank=True)
    specialistisch = models.BooleanField(_("specialistisch"), default=False)
    opgaven = models.CharField(_("maatschappelijke opgaven"), max_length=200, blank=True,
                               help_text=_("Komma-gescheiden codes van maatschappelijke opgaven."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["naam", "niveau"]
        # The list pages sort by name (offerings by programme name): page without a full sort.
        indexes = [models.Index(fields=["naam", "niveau"], name="opleiding_naam_niveau")]
        verbose_name = _("opleiding")
        verbose_name_plural = _("opleidingen")

    def __str__(self):
        return f"{self.naam} ({self.crebo}, niveau {self.niveau})"

    def get_absolute_url(self):
        return reverse("portfolio:opleiding_detail", args=[self.crebo])

    @property
    def opgaven_labels(self) -> list[str]:
        labels = dict(Opgave.choices)
        return [str(labels.get(code, code)) for code in self.opgaven.split(",") if code]

    @property
    def leerwegen_lijst(self) -> list[str]:
        return [lw for lw in self.leerwegen.split(",") if lw]


class Aanbod(models.Model):
    """An offering: institution × programme × location × leerweg."""

    class Status(models.TextChoices):
        GEPLAND = "gepland", _("Gepland")
        ACTIEF = "actief", _("Actief")
        IN_AFBOUW = "in_afbouw", _("In afbouw")
        GESTOPT = "gestopt", _("Gestopt")

    instelling = models.ForeignKey(Instelling, on_delete=models.PROTECT, related_name="aanbod",
                                   verbose_name=_("instelling"))
    opleiding = models.ForeignKey(Opleiding, on_delete=models.PROTECT, related_name="aanbod",
                                  verbose_name=_("opleiding"))
    locatie = models.ForeignKey(Locatie, on_delete=models.PROTECT, related_name="aanbod",
                                verbose_name=_("locatie"))
    leerweg = models.CharField(_("leerweg"), max_length=3, choices=Leerweg.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.ACTIEF)
    startdatum = models.DateField(_("startdatum"), null=True, blank=True)
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    capaciteit = models.PositiveIntegerField(_("capaciteit (studenten)"), null=True, blank=True)
    profiel = models.TextField(_("onderscheidend profiel"), blank=True)
    capaciteit_onderbouwing = models.TextField(_("onderbouwing capaciteit"), blank=True)
    bron = models.CharField(_("bron"), max_length=12, choices=Bron.choices, default=Bron.PORTAAL)
    history = HistoricalRecords()

    class Meta:
        ordering = ["opleiding__naam", "instelling__naam"]
        verbose_name = _("aanbod")
        verbose_name_plural = _("aanbod")
        constraints = [
            models.UniqueConstraint(fields=["instelling", "opleiding", "locatie", "leerweg"],
                                    name="aanbod_uniek"),
            models.CheckConstraint(
                condition=models.Q(einddatum__isnull=True) | models.Q(startdatum__isnull=True)
                | models.Q(einddatum__gte=models.F("startdatum")),
                name="aanbod_einde_na_start",
            ),
        ]
        # The lists count active offerings per institution and per programme in a subquery:
        # these composite indexes answer it without scanning every offering.
        indexes = [models.Index(fields=["status"]), models.Index(fields=["leerweg"]),
                   models.Index(fields=["instelling", "status"], name="aanbod_instelling_status"),
                   models.Index(fields=["opleiding", "status"], name="aanbod_opleiding_status")]

    def __str__(self):
        return f"{self.opleiding.naam} – {self.instelling} ({self.locatie}, {self.leerweg})"

    def get_absolute_url(self):
        return reverse("portfolio:aanbod_detail", args=[self.pk])

    @property
    def synthetisch(self) -> bool:
        return self.bron == Bron.SYNTHETISCH

    @property
    def onderbouwd(self) -> bool:
        """A capacity or distinctiveness justification is recorded (agreement 1)."""
        return bool(self.profiel.strip() or self.capaciteit_onderbouwing.strip())


class Inschrijving(models.Model):
    """Enrolment: students of an offering in a school year (the year it starts)."""

    aanbod = models.ForeignKey(Aanbod, on_delete=models.CASCADE,
                               related_name="inschrijvingen", verbose_name=_("aanbod"))
    jaar = models.PositiveSmallIntegerField(_("jaar"),
                                            validators=[MinValueValidator(2000),
                                                        MaxValueValidator(2100)])
    studenten = models.PositiveIntegerField(_("studenten"))
    bron = models.CharField(_("bron"), max_length=12, choices=Bron.choices, default=Bron.PORTAAL)
    history = HistoricalRecords()

    class Meta:
        ordering = ["aanbod", "jaar"]
        # latest_year() runs on most pages: MAX(jaar) from the index, not a table scan.
        indexes = [models.Index(fields=["jaar"], name="inschrijving_jaar")]
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        constraints = [
            models.UniqueConstraint(fields=["aanbod", "jaar"], name="inschrijving_uniek"),
        ]

    def __str__(self):
        return f"{self.aanbod_id} {self.jaar}: {self.studenten}"

