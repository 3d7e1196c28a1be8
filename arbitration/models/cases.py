"""Escalation cases: the ladder from dialogue to arbitration, and what each step records."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from mbo_regie.prefetch import prefetched
from portfolio.models import Aanbod, Arbeidsmarktregio, Instelling, Opleiding

from .display import cheap_choice_labels

USER = settings.AUTH_USER_MODEL


class Stage(models.TextChoices):
    """The steps of the ladder ("zo licht als mogelijk, zo zwaar als nodig") and two endings."""

    DIALOOG = "dialoog", _("Dialoog tussen de instellingen")
    ADVIES = "advies", _("Advies commissie governance")
    SIGNAAL = "signaal", _("Signaal aan het bestuur MBO Raad")
    REACTIE_BESTUUR = "reactie_bestuur", _("Reactie van het bestuur")
    BEMIDDELING = "bemiddeling", _("Bemiddeling")
    ARBITRAGE = "arbitrage", _("Arbitrage")
    UITSPRAAK = "uitspraak", _("Bindende uitspraak")
    UITVOERING = "uitvoering", _("Uitvoering")
    EVALUATIE = "evaluatie", _("Evaluatie")
    GESLOTEN = "gesloten", _("Gesloten")
    VERGELIJK = "vergelijk", _("Vergelijk bereikt")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


LADDER = [Stage.DIALOOG, Stage.ADVIES, Stage.SIGNAAL, Stage.REACTIE_BESTUUR, Stage.BEMIDDELING,
          Stage.ARBITRAGE, Stage.UITSPRAAK, Stage.UITVOERING, Stage.EVALUATIE, Stage.GESLOTEN]
BEFORE_RULING = LADDER[:6]
BEFORE_ARBITRATION = LADDER[:5]
ENDED = (Stage.GESLOTEN, Stage.VERGELIJK, Stage.INGETROKKEN)
IN_ARBITRATION = (Stage.ARBITRAGE, Stage.UITSPRAAK, Stage.UITVOERING, Stage.EVALUATIE,
                  Stage.GESLOTEN)
# Arbitration is the last resort: each of these steps must have ended without agreement, or
# have been skipped with a reason staff approved. (Advice of the commission is optional.)
REQUIRED_STEPS = (Stage.DIALOOG, Stage.REACTIE_BESTUUR, Stage.BEMIDDELING)
SKIPPABLE_STEPS = (Stage.REACTIE_BESTUUR, Stage.BEMIDDELING)


def step_label(stap: str) -> str:
    """The board step is two stages on the ladder but one step to go through or skip."""
    if stap == Stage.REACTIE_BESTUUR:
        return gettext("Signaal aan en reactie van het bestuur")
    return str(Stage(stap).label)


class Aanleiding(models.TextChoices):
    VOORSTEL = "voorstel", _("Geschil over een voorstel")
    WERVING = "werving", _("Actieve werving van studenten uit een andere regio")
    CONSULTATIE = "consultatie", _("Niet of te laat afgestemd over starten of stoppen")
    OVERIG = "overig", _("Overig")


@cheap_choice_labels
class Case(ConcurrentTransitionMixin, models.Model):
    """A dispute between institutions, escalated step by step until it is resolved."""

    titel = models.CharField(_("onderwerp"), max_length=200)
    omschrijving = models.TextField(_("omschrijving"))
    aanleiding = models.CharField(_("aanleiding"), max_length=12, choices=Aanleiding.choices)
    proposal = models.ForeignKey("proposals.Proposal", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="geschilzaken",
                                 verbose_name=_("voorstel"))
    dispute = models.ForeignKey("proposals.Dispute", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+", verbose_name=_("geschilmelding"))
    dossier = models.JSONField(_("dossier uit het voorstel"), default=dict, blank=True,
                               help_text=_("Kopie van voorstel, impact, reacties en gesprek."))
    opleidingen = models.ManyToManyField(Opleiding, blank=True, related_name="+",
                                         verbose_name=_("opleidingen"))
    aanbod = models.ManyToManyField(Aanbod, blank=True, related_name="+",
                                    verbose_name=_("aanbod"))
    regios = models.ManyToManyField(Arbeidsmarktregio, blank=True, related_name="+",
                                    verbose_name=_("arbeidsmarktregio's"))
    stage = FSMField(_("stap"), max_length=16, choices=Stage.choices, default=Stage.DIALOOG,
                     protected=True)
    termijn = models.DateField(_("termijn van deze stap"), null=True, blank=True)
    herinnerd_voor = models.DateField(null=True, blank=True, editable=False)
    verlopen_gemeld_voor = models.DateField(null=True, blank=True, editable=False)
    opgeschort_op = models.DateTimeField(_("opgeschort sinds"), null=True, blank=True)
    opschort_reden = models.TextField(_("reden opschorting"), blank=True)
    signaal_op = models.DateTimeField(_("signaal aan het bestuur"), null=True, blank=True)
    arbitrage_verzocht_door = models.ForeignKey(
        Instelling, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("arbitrage gevraagd door"))
    arbitrage_verzocht_op = models.DateTimeField(_("arbitrage gevraagd op"), null=True,
                                                 blank=True)
    vergelijk_voorwaarden = models.TextField(_("voorwaarden van het vergelijk"), blank=True)
    voorbeeld = models.BooleanField(_("voorbeeld"), default=False,
                                    help_text=_("Voorbeeldzaak om het portaal te tonen."))
    geopend_door = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True,
                                     related_name="+", verbose_name=_("geopend door"))
    geopend_op = models.DateTimeField(_("geopend"), auto_now_add=True)
    beeindigd_op = models.DateTimeField(_("beëindigd"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["stage"])

    class Meta:
        ordering = ["-geopend_op", "-id"]
        verbose_name = _("geschilzaak")
        verbose_name_plural = _("geschilzaken")
        indexes = [models.Index(fields=["stage"]), models.Index(fields=["termijn"])]
        constraints = [
            models.UniqueConstraint(fields=["proposal"], name="een_zaak_per_voorstel"),
            # Nobody reaches arbitration without a party having asked for it.
            models.CheckConstraint(
                condition=~Q(stage__in=[s.value for s in IN_ARBITRATION])
                | Q(arbitrage_verzocht_op__isnull=False, arbitrage_verzocht_door__isnull=False),
                name="arbitrage_alleen_op_verzoek"),
            models.CheckConstraint(condition=~Q(stage="vergelijk") | ~Q(vergelijk_voorwaarden=""),
                                   name="vergelijk_met_voorwaarden"),
        ]

    def __str__(self):
        return f"{self.kenmerk} {self.titel}"

    def get_absolute_url(self):
        return reverse("arbitration:case_detail", args=[self.pk])

    @property
    def kenmerk(self) -> str:
        """Human reference, e.g. GS-2025-0007."""
        year = self.geopend_op.year if self.geopend_op else ""
        return f"GS-{year}-{self.pk or 0:04d}"

    @property
    def suspended(self) -> bool:
        return self.opgeschort_op is not None

    @property
    def ended(self) -> bool:
        return self.stage in ENDED

    @property
    def ladder_position(self) -> int:
        """Index on the ladder (endings count as the step where the case stopped)."""
        return LADDER.index(self.stage) if self.stage in LADDER else -1

    def party_ids(self) -> set[int]:
        """Institutions that are party to the case (cached on the instance; read from the
        prefetched parties when the case was loaded with them)."""
        if not hasattr(self, "_party_ids"):
            parties = prefetched(self, "partijen")
            self._party_ids = (
                {p.instelling_id for p in parties} if parties is not None
                else set(self.partijen.values_list("instelling_id", flat=True)))
        return self._party_ids

    # --- conditions; the services turn a refusal into words ---------------------------
    def is_active(self) -> bool:
        return not self.suspended

    def step_passed(self, stap: str) -> bool:
        """The step ended without agreement, or its skipping was approved by staff."""
        return self.uitkomsten.filter(stap=stap).filter(
            Q(uitkomst=StepOutcome.Result.ZONDER_VERGELIJK)
            | Q(uitkomst=StepOutcome.Result.OVERGESLAGEN, goedgekeurd_op__isnull=False)
        ).exists()

    def missing_steps(self) -> list[str]:
        """Required earlier steps not yet gone through (in ladder order)."""
        return [s for s in REQUIRED_STEPS if not self.step_passed(s)]

    def scope_confirmed(self) -> bool:
        """Staff recorded that the dispute falls within the scope of arbitration."""
        test = getattr(self, "reikwijdte", None)
        return bool(test and test.binnen_reikwijdte)

    def advice_recorded(self) -> bool:
        return self.verslagen.filter(stap=Stage.ADVIES).exists()

    def ruling_signed(self) -> bool:
        ruling = getattr(self, "uitspraak", None)
        return bool(ruling and ruling.signed)

    def orders_done(self) -> bool:
        ruling = getattr(self, "uitspraak", None)
        return bool(ruling) and not ruling.lasten.exclude(status="uitgevoerd").exists()

    def lessons_complete(self) -> bool:
        """The joint evaluation heard both the parties and the panel."""
        bronnen = set(self.leerpunten.values_list("bron", flat=True))
        return {"partij", "commissie"} <= bronnen

    # --- transitions -------------------------------------------------------------------
    @transition(stage, source=Stage.DIALOOG, target=Stage.ADVIES, conditions=[is_active])
    def request_advice(self):
        """The parties ask the commissie governance for a conversation, advice or view."""

    @transition(stage, source=[Stage.DIALOOG, Stage.ADVIES], target=Stage.SIGNAAL,
                conditions=[is_active, lambda c: c.stage != Stage.ADVIES or c.advice_recorded()])
    def signal_board(self):
        """The institutions cannot agree: a signal goes to the bestuur of the MBO Raad."""

    @transition(stage, source=Stage.SIGNAAL, target=Stage.REACTIE_BESTUUR, conditions=[is_active])
    def board_respond(self):
        """The bestuur answers: a conversation, an advice, expertise or a mediator."""

    @transition(stage, source=[Stage.DIALOOG, Stage.ADVIES, Stage.REACTIE_BESTUUR],
                target=Stage.BEMIDDELING,
                conditions=[is_active, lambda c: c.step_passed(Stage.REACTIE_BESTUUR)])
    def start_mediation(self):
        """A mediator works with the parties."""

    @transition(stage, source=[Stage.DIALOOG, Stage.ADVIES, Stage.REACTIE_BESTUUR,
                               Stage.BEMIDDELING], target=Stage.ARBITRAGE,
                conditions=[is_active, lambda c: not c.missing_steps(), scope_confirmed,
                            lambda c: c.arbitrage_verzocht_door_id is not None])
    def open_arbitration(self):
        """The last step: only after every earlier step failed, in scope, at a party's request."""

    @transition(stage, source=Stage.ARBITRAGE, target=Stage.UITSPRAAK,
                conditions=[is_active, ruling_signed])
    def rule(self):
        """The chair signed the binding ruling."""

    @transition(stage, source=Stage.UITSPRAAK, target=Stage.UITVOERING, conditions=[is_active])
    def start_execution(self):
        """The orders of the ruling are being carried out."""

    @transition(stage, source=Stage.UITVOERING, target=Stage.EVALUATIE,
                conditions=[is_active, orders_done])
    def start_evaluation(self):
        """Every order was executed and verified: time for the joint evaluation."""

    @transition(stage, source=Stage.EVALUATIE, target=Stage.GESLOTEN,
                conditions=[lessons_complete])
    def close(self):
        """The lessons learned are recorded; the case is closed."""

    @transition(stage, source=BEFORE_RULING, target=Stage.VERGELIJK,
                conditions=[lambda c: bool(c.vergelijk_voorwaarden.strip())])
    def settle(self):
        """The parties reached agreement (with its terms) before a ruling."""

    @transition(stage, source=BEFORE_RULING, target=Stage.INGETROKKEN)
    def withdraw(self):
        """The case is withdrawn before a ruling."""


@cheap_choice_labels
class CaseParty(models.Model):
    """An institution that is party to a case, and in which capacity."""

    class Rol(models.TextChoices):
        INDIENER = "indiener", _("Indiener van het voorstel")
        BEZWAARMAKER = "bezwaarmaker", _("Bezwaarmaker")
        MELDER = "melder", _("Melder")
        WEDERPARTIJ = "wederpartij", _("Wederpartij")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="partijen")
    instelling = models.ForeignKey(Instelling, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("instelling"))
    rol = models.CharField(_("rol"), max_length=12, choices=Rol.choices)

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("partij")
        verbose_name_plural = _("partijen")
        constraints = [models.UniqueConstraint(fields=["case", "instelling"],
                                               name="instelling_eenmaal_partij")]

    def __str__(self):
        return f"{self.instelling} ({self.get_rol_display()})"


class Visibility(models.TextChoices):
    """Who may read a document or timeline entry besides staff."""

    DOSSIER = "dossier", _("Partijen, panel en staf")
    BEMIDDELING = "bemiddeling", _("Alleen partijen en staf (bemiddeling)")
    BERAADSLAGING = "beraadslaging", _("Alleen panel en staf (beraadslaging)")


@cheap_choice_labels
class CaseEvent(models.Model):
    """One entry of the case timeline: every transition and every recorded act."""

    class Soort(models.TextChoices):
        STAP = "stap", _("Stap")
        VASTLEGGING = "vastlegging", _("Vastlegging")
        TERMIJN = "termijn", _("Termijn")
        OPSCHORTING = "opschorting", _("Opschorting")
        PANEL = "panel", _("Panel")
        DOCUMENT = "document", _("Document")
        HOORZITTING = "hoorzitting", _("Hoorzitting")
        VRAAG = "vraag", _("Vraag")
        UITSPRAAK = "uitspraak", _("Uitspraak")
        LAST = "last", _("Last")
        PUBLICATIE = "publicatie", _("Publicatie")
        EVALUATIE = "evaluatie", _("Evaluatie")
        GEWEIGERD = "geweigerd", _("Geweigerde wijziging")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    soort = models.CharField(_("soort"), max_length=12, choices=Soort.choices)
    old = models.CharField(_("van"), max_length=16, choices=Stage.choices, blank=True)
    new = models.CharField(_("naar"), max_length=16, choices=Stage.choices, blank=True)
    actor = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("door"))
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)
    note = models.TextField(_("toelichting"), blank=True)
    zichtbaarheid = models.CharField(_("zichtbaar voor"), max_length=13,
                                     choices=Visibility.choices, default=Visibility.DOSSIER)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")


@cheap_choice_labels
class StepOutcome(models.Model):
    """How a required step ended: without agreement, or skipped (with staff approval)."""

    class Result(models.TextChoices):
        ZONDER_VERGELIJK = "zonder_vergelijk", _("Zonder vergelijk doorlopen")
        OVERGESLAGEN = "overgeslagen", _("Overgeslagen")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="uitkomsten")
    stap = models.CharField(_("stap"), max_length=16, choices=Stage.choices)
    uitkomst = models.CharField(_("uitkomst"), max_length=16, choices=Result.choices)
    toelichting = models.TextField(_("toelichting / reden"))
    vastgelegd_door = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True,
                                        related_name="+")
    vastgelegd_op = models.DateTimeField(auto_now_add=True)
    goedgekeurd_door = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True,
                                         blank=True, related_name="+")
    goedgekeurd_op = models.DateTimeField(_("goedgekeurd"), null=True, blank=True)

    class Meta:
        ordering = ["case", "vastgelegd_op", "id"]
        verbose_name = _("uitkomst van een stap")
        verbose_name_plural = _("uitkomsten van stappen")
        constraints = [models.UniqueConstraint(fields=["case", "stap"],
                                               name="een_uitkomst_per_stap")]

    @property
    def step_label(self) -> str:
        return step_label(self.stap)

    @property
    def pending(self) -> bool:
        """A skip that still waits for staff approval."""
        return self.uitkomst == self.Result.OVERGESLAGEN and self.goedgekeurd_op is None
