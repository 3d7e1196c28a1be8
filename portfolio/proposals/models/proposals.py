"""A proposal, its status history, its versions with their concrete changes and signatures."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from portfolio.models import Aanbod, Instelling, Leerweg, Locatie, Opleiding

from .choices import (
    IN_CONSULTATION,
    JOINT_SOORTEN,
    Actie,
    Kijkrichting,
    Reactiesoort,
    Soort,
    Status,
)

USER = settings.AUTH_USER_MODEL


class Proposal(ConcurrentTransitionMixin, models.Model):
    """A proposal of one institution to change the portfolio; discussed, decided, executed."""

    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    titel = models.CharField(_("titel"), max_length=200)
    instelling = models.ForeignKey(Instelling, on_delete=models.PROTECT,
                                   related_name="voorstellen", verbose_name=_("indiener"))
    status = FSMField(_("status"), max_length=12, choices=Status.choices,
                      default=Status.CONCEPT, protected=True)
    consultatie_tot = models.DateField(_("reageren kan tot en met"), null=True, blank=True)
    herinnerd_voor = models.DateField(_("herinnering verstuurd voor termijn"), null=True,
                                      blank=True)
    besluit = models.TextField(_("besluit"), blank=True)
    voorbeeld = models.BooleanField(_("voorbeeld"), default=False,
                                    help_text=_("Voorbeeldvoorstel om het portaal te tonen."))
    aangemaakt_door = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True,
                                        related_name="+", verbose_name=_("aangemaakt door"))
    aangemaakt_op = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    ingediend_op = models.DateTimeField(_("ingediend"), null=True, blank=True)
    besloten_op = models.DateTimeField(_("besloten"), null=True, blank=True)
    uitgevoerd_op = models.DateTimeField(_("uitgevoerd"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["status"])

    class Meta:
        ordering = ["-aangemaakt_op", "-id"]
        verbose_name = _("voorstel")
        verbose_name_plural = _("voorstellen")
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse("proposals:detail", args=[self.pk])

    @property
    def is_joint(self) -> bool:
        return self.soort in JOINT_SOORTEN

    @property
    def in_consultation(self) -> bool:
        return self.status in IN_CONSULTATION

    @property
    def deadline_passed(self) -> bool:
        return bool(self.consultatie_tot and self.consultatie_tot < timezone.localdate())

    def latest_version(self):
        """The newest published version (what everyone discusses), or None while a concept."""
        return (self.versies.filter(gepubliceerd_op__isnull=False).order_by("-nummer").first())

    def draft(self):
        """The version the proposer is editing, or None."""
        return self.versies.filter(gepubliceerd_op__isnull=True).first()

    # --- conditions (cheap queries); the services explain a refusal in words -------------
    def has_draft(self) -> bool:
        return self.versies.filter(gepubliceerd_op__isnull=True).exists()

    def has_bezwaar(self) -> bool:
        return self.reacties.filter(soort=Reactiesoort.BEZWAAR).exists()

    def consultation_complete(self) -> bool:
        """The term is over, or every invited institution has answered."""
        if self.deadline_passed:
            return True
        invited = set(self.uitnodigingen.values_list("instelling_id", flat=True))
        answered = set(self.reacties.values_list("instelling_id", flat=True))
        return invited <= answered

    def effective_date_reached(self) -> bool:
        """Every change of the decided version has reached its effective date."""
        version = self.latest_version()
        if version is None:
            return False
        return not version.wijzigingen.filter(ingangsdatum__gt=timezone.localdate()).exists()

    # --- transitions ---------------------------------------------------------------------
    @transition(status, source=Status.CONCEPT, target=Status.INGEDIEND, conditions=[has_draft])
    def submit(self):
        """The proposal is published and the consultation opens."""

    @transition(status, source=list(IN_CONSULTATION), target=Status.AANGEPAST,
                conditions=[has_draft])
    def revise(self):
        """A new version replaces the previous one; the consultation continues."""

    @transition(status, source=list(IN_CONSULTATION), target=Status.AFGESTEMD,
                conditions=[consultation_complete, lambda p: not p.has_bezwaar()])
    def conclude(self):
        """The consultation ended without an objection."""

    @transition(status, source=list(IN_CONSULTATION), target=Status.GESCHIL,
                conditions=[has_bezwaar])
    def dispute(self):
        """An objection could not be resolved: the escalation ladder takes over."""

    @transition(status, source=[Status.CONCEPT, *IN_CONSULTATION, Status.AFGESTEMD,
                                Status.GESCHIL], target=Status.INGETROKKEN)
    def withdraw(self):
        """The proposer withdraws; nothing changes in the registry."""

    @transition(status, source=[Status.AFGESTEMD, Status.GESCHIL], target=Status.BESLOTEN)
    def decide(self):
        """The change is decided (after agreement, or after the escalation's outcome)."""

    @transition(status, source=Status.BESLOTEN, target=Status.UITGEVOERD,
                conditions=[effective_date_reached])
    def execute(self):
        """The changes are applied to the registry at their effective date."""


class ProposalEvent(models.Model):
    """History row for every status change of a proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    old = models.CharField(max_length=12, choices=Status.choices)
    new = models.CharField(max_length=12, choices=Status.choices)
    versie = models.PositiveSmallIntegerField(null=True, blank=True)
    actor = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")


class ProposalVersion(models.Model):
    """One version of a proposal: its changes, motivation and the impact snapshot.

    A version without ``gepubliceerd_op`` is the draft the proposer edits; published versions
    never change, so earlier versions stay readable and can be compared.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versies")
    nummer = models.PositiveSmallIntegerField(_("versie"))
    samenvatting = models.TextField(_("samenvatting"), blank=True)
    motivatie = models.JSONField(_("motivatie per kijkrichting"), default=dict, blank=True)
    toelichting_wijziging = models.TextField(_("wat is er veranderd"), blank=True)
    impact = models.JSONField(_("impact"), null=True, blank=True)
    signalen = models.JSONField(_("signalen"), default=list, blank=True)
    impact_berekend_op = models.DateTimeField(_("impact berekend"), null=True, blank=True)
    aangemaakt_door = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True,
                                        related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gepubliceerd_op = models.DateTimeField(_("gepubliceerd"), null=True, blank=True)

    class Meta:
        ordering = ["proposal", "nummer"]
        verbose_name = _("versie")
        verbose_name_plural = _("versies")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "nummer"], name="versie_nummer_uniek"),
            models.UniqueConstraint(fields=["proposal"], condition=Q(gepubliceerd_op__isnull=True),
                                    name="hoogstens_een_conceptversie"),
        ]

    def __str__(self):
        return f"{self.proposal} v{self.nummer}"

    @property
    def is_draft(self) -> bool:
        return self.gepubliceerd_op is None

    def motivatie_items(self) -> list[tuple[str, str, str]]:
        """(code, label, text) for the seven perspectives, in their fixed order."""
        return [(c, label, self.motivatie.get(c, "")) for c, label in Kijkrichting.choices]


class Change(models.Model):
    """One concrete change: an action on programme × location × leerweg from a date."""

    versie = models.ForeignKey(ProposalVersion, on_delete=models.CASCADE,
                               related_name="wijzigingen")
    actie = models.CharField(_("actie"), max_length=12, choices=Actie.choices)
    instelling = models.ForeignKey(Instelling, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("instelling"))
    opleiding = models.ForeignKey(Opleiding, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("opleiding"))
    locatie = models.ForeignKey(Locatie, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("locatie"))
    leerweg = models.CharField(_("leerweg"), max_length=3, choices=Leerweg.choices)
    aanbod = models.ForeignKey(Aanbod, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("bestaand aanbod"))
    studenten = models.PositiveIntegerField(_("verwachte studenten per jaar"), null=True,
                                            blank=True)
    capaciteit = models.PositiveIntegerField(_("capaciteit (studenten)"), null=True, blank=True)
    ingangsdatum = models.DateField(_("ingangsdatum"))
    profiel = models.TextField(_("onderscheidend profiel"), blank=True)
    capaciteit_onderbouwing = models.TextField(_("onderbouwing capaciteit"), blank=True)

    class Meta:
        ordering = ["versie", "id"]
        verbose_name = _("wijziging")
        verbose_name_plural = _("wijzigingen")

    def __str__(self):
        return f"{self.get_actie_display()}: {self.opleiding.naam} ({self.locatie}, {self.leerweg})"

    @property
    def onderbouwd(self) -> bool:
        """A capacity or distinctiveness justification is given (agreement 1)."""
        return bool(self.profiel.strip() or self.capaciteit_onderbouwing.strip())


class Signature(models.Model):
    """A bestuurder signs a version for their institution (swaps and joint proposals)."""

    versie = models.ForeignKey(ProposalVersion, on_delete=models.CASCADE,
                               related_name="ondertekeningen")
    instelling = models.ForeignKey(Instelling, on_delete=models.PROTECT, related_name="+")
    ondertekend_door = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    ondertekend_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ondertekend_op"]
        verbose_name = _("ondertekening")
        verbose_name_plural = _("ondertekeningen")
        constraints = [models.UniqueConstraint(fields=["versie", "instelling"],
                                               name="een_handtekening_per_instelling")]


