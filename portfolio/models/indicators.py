"""Indicator runs: status, parameters and stored result tables of each recompute."""
import json
import zlib

import pandas as pd
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition


class IndicatorRun(ConcurrentTransitionMixin, models.Model):
    """One recompute of the portfolio indicators; results are kept as snapshots."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    class Trigger(models.TextChoices):
        CHANGE = "change", _("Wijziging in het register")
        NIGHTLY = "nightly", _("Nachtelijke run")
        MANUAL = "manual", _("Handmatig gestart")

    status = FSMField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED,
                      protected=True)
    trigger = models.CharField(_("aanleiding"), max_length=10, choices=Trigger.choices,
                               default=Trigger.MANUAL)
    requested_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+", verbose_name=_("gestart door"))
    progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    params = models.JSONField(_("parameters"), default=dict)
    fingerprint = models.CharField(_("vingerafdruk invoer"), max_length=64, blank=True)
    synthetisch = models.BooleanField(_("op synthetische gegevens"), default=False)
    created_on = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    started_on = models.DateTimeField(_("gestart"), null=True, blank=True)
    finished_on = models.DateTimeField(_("klaar"), null=True, blank=True)
    heartbeat_on = models.DateTimeField(
        _("laatste teken van leven"), null=True, blank=True,
        help_text=_("De worker schrijft dit zolang de berekening loopt; blijft het uit, dan "
                    "wordt de run als afgebroken hersteld."))
    timings = models.JSONField(_("tijden (s)"), default=dict)
    counts = models.JSONField(_("aantallen"), default=dict)
    summary = models.JSONField(_("kerncijfers"), default=dict)
    error = models.TextField(_("foutmelding"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)

    class Meta:
        ordering = ["-created_on", "-id"]
        verbose_name = _("indicatorrun")
        verbose_name_plural = _("indicatorruns")

    def __str__(self):
        return f"#{self.pk} {self.get_status_display()}"

    @transition(field=status, source=Status.QUEUED, target=Status.RUNNING)
    def start(self):
        """A worker picked the run up."""

    @transition(field=status, source=Status.RUNNING, target=Status.DONE)
    def finish(self):
        """Results are stored."""

    @transition(field=status, source=[Status.QUEUED, Status.RUNNING], target=Status.FAILED)
    def fail(self):
        """The run stopped with an error (or was abandoned by a dead worker)."""

    @transition(field=status, source=[Status.FAILED, Status.RUNNING], target=Status.QUEUED)
    def requeue(self):
        """Retry after a failure or a lost worker."""


class IndicatorRunEvent(models.Model):
    """History row for every status change of an indicator run."""

    run = models.ForeignKey(IndicatorRun, on_delete=models.CASCADE, related_name="events")
    old = models.CharField(max_length=10)
    new = models.CharField(max_length=10)
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class IndicatorTable(models.Model):
    """One result table of a run (optionally one part of it), stored compressed.

    Tables are kept as zlib-compressed pandas "split" JSON: compact, exact, and read back as a
    DataFrame in one call. The large gemeente x programme table is stored per btg (`part`), so a
    map page reads only the slice it shows.
    """

    run = models.ForeignKey(IndicatorRun, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(max_length=60)
    part = models.CharField(max_length=20, blank=True, default="")
    rows = models.PositiveIntegerField(default=0)
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "name", "part"],
                                               name="indicator_table_uniek")]

    @staticmethod
    def pack(df: pd.DataFrame) -> bytes:
        return zlib.compress(df.to_json(orient="split", index=False).encode("utf-8"), 3)

    def frame(self) -> pd.DataFrame:
        payload = json.loads(zlib.decompress(bytes(self.data)).decode("utf-8"))
        return pd.DataFrame(payload["data"], columns=payload["columns"])


class IndicatorSettings(models.Model):
    """The parameters in force for the next run (one row, edited by staff)."""

    detour_factor = models.FloatField(_("omrijfactor"), default=1.3,
                                      validators=[MinValueValidator(1.0),
                                                  MaxValueValidator(3.0)])
    speed_kmh = models.FloatField(_("gemiddelde snelheid (km/u)"), default=40.0,
                                  validators=[MinValueValidator(5.0), MaxValueValidator(120.0)])
    minutes_niveau_1 = models.PositiveSmallIntegerField(_("reistijdgrens Entree (min)"), default=30)
    minutes_niveau_2 = models.PositiveSmallIntegerField(_("reistijdgrens niveau 2 (min)"),
                                                        default=30)
    minutes_niveau_3 = models.PositiveSmallIntegerField(_("reistijdgrens niveau 3 (min)"),
                                                        default=45)
    minutes_niveau_4 = models.PositiveSmallIntegerField(_("reistijdgrens niveau 4 (min)"),
                                                        default=60)
    low_enrolment_threshold = models.PositiveSmallIntegerField(
        _("drempel lage instroom (studenten)"), default=15)
    specialist_max_locations = models.PositiveSmallIntegerField(
        _("specialistisch: hoogstens zoveel locaties landelijk"), default=5,
        validators=[MinValueValidator(1)])
    recent_start_years = models.PositiveSmallIntegerField(
        _("recente start: aantal jaren"), default=3, validators=[MinValueValidator(1)])
    updated_on = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indicatorinstellingen")
        verbose_name_plural = _("indicatorinstellingen")

    def __str__(self):
        return str(_("Indicatorinstellingen"))
