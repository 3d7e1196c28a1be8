"""What happens within the steps of the ladder: the records of advice, signal and the board's
answer, staff's scope test, and mediation with its sessions."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .cases import Case, Stage
from .display import cheap_choice_labels

USER = settings.AUTH_USER_MODEL


@cheap_choice_labels
class StepRecord(models.Model):
    """What happened within a step: the commission's advice, the signal, the board's answer."""

    class Soort(models.TextChoices):
        GESPREK = "gesprek", _("Gesprek")
        ADVIES = "advies", _("Advies")
        ZIENSWIJZE = "zienswijze", _("Zienswijze")
        SIGNAAL = "signaal", _("Signaal")
        EXPERTISE = "expertise", _("Advies om expertise in te schakelen")
        BEMIDDELAAR = "bemiddelaar", _("Advies om een bemiddelaar aan te stellen")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="verslagen")
    stap = models.CharField(_("stap"), max_length=16, choices=Stage.choices)
    soort = models.CharField(_("soort"), max_length=12, choices=Soort.choices)
    tekst = models.TextField(_("tekst"))
    door = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "op", "id"]
        verbose_name = _("verslag")
        verbose_name_plural = _("verslagen")


ADVICE_KINDS = (StepRecord.Soort.GESPREK, StepRecord.Soort.ADVIES, StepRecord.Soort.ZIENSWIJZE)
BOARD_KINDS = (StepRecord.Soort.GESPREK, StepRecord.Soort.ADVIES, StepRecord.Soort.EXPERTISE,
               StepRecord.Soort.BEMIDDELAAR)


class ScopeTest(models.Model):
    """Staff's test whether a dispute is a matter for arbitration (the scope of the regulation).

    Within scope: competition between schools for student flows or market share, in tension
    with a covering, accessible, distinctive and relevant offer.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="reikwijdte")
    concurrentie = models.BooleanField(
        _("concurrentie op studentstromen of marktaandeel"), default=False)
    dekkend = models.BooleanField(_("op spanning met een dekkend aanbod"), default=False)
    toegankelijk = models.BooleanField(_("op spanning met een toegankelijk aanbod"),
                                       default=False)
    onderscheidend = models.BooleanField(_("op spanning met een onderscheidend aanbod"),
                                         default=False)
    relevant = models.BooleanField(_("op spanning met een relevant aanbod"), default=False)
    toelichting = models.TextField(_("toelichting"))
    vastgesteld_door = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True,
                                         related_name="+")
    vastgesteld_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("toets reikwijdte")
        verbose_name_plural = _("toetsen reikwijdte")

    @property
    def criteria(self) -> list[str]:
        return [c for c in ("dekkend", "toegankelijk", "onderscheidend", "relevant")
                if getattr(self, c)]

    @property
    def binnen_reikwijdte(self) -> bool:
        return self.concurrentie and bool(self.criteria)


@cheap_choice_labels
class Mediation(models.Model):
    """The mediator of a case, the sessions held and the outcome."""

    class Result(models.TextChoices):
        LOPEND = "lopend", _("Lopend")
        ZONDER_VERGELIJK = "zonder_vergelijk", _("Zonder vergelijk")
        VERGELIJK = "vergelijk", _("Vergelijk bereikt")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="bemiddeling")
    bemiddelaar = models.CharField(_("bemiddelaar"), max_length=200)
    organisatie = models.CharField(_("organisatie"), max_length=200, blank=True)
    aangesteld_door = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True,
                                        related_name="+")
    aangesteld_op = models.DateTimeField(auto_now_add=True)
    uitkomst = models.CharField(_("uitkomst"), max_length=16, choices=Result.choices,
                                default=Result.LOPEND)
    uitkomst_toelichting = models.TextField(_("toelichting uitkomst"), blank=True)
    afgerond_op = models.DateTimeField(_("afgerond"), null=True, blank=True)

    class Meta:
        verbose_name = _("bemiddeling")
        verbose_name_plural = _("bemiddelingen")


class MediationSession(models.Model):
    """One session with the mediator; its notes are for the parties and staff only."""

    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="sessies")
    datum = models.DateField(_("datum"))
    verslag = models.TextField(_("verslag"))
    vastgelegd_door = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True,
                                        related_name="+")

    class Meta:
        ordering = ["mediation", "datum", "id"]
        verbose_name = _("bemiddelingssessie")
        verbose_name_plural = _("bemiddelingssessies")
