"""The conversation about a proposal: invitations, responses, disputes, messages, documents
and the notifications about them."""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portfolio.models import Instelling

from .. import notices
from .choices import Kijkrichting, Reactiesoort
from .proposals import Proposal

USER = settings.AUTH_USER_MODEL


class Invitation(models.Model):
    """An affected institution is invited to respond; ``redenen`` says why it is affected."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE,
                                 related_name="uitnodigingen")
    instelling = models.ForeignKey(Instelling, on_delete=models.PROTECT, related_name="+")
    redenen = models.JSONField(_("waarom betrokken"), default=list)
    versie = models.PositiveSmallIntegerField(_("uitgenodigd bij versie"))
    uitgenodigd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["instelling__naam"]
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        constraints = [models.UniqueConstraint(fields=["proposal", "instelling"],
                                               name="een_uitnodiging_per_instelling")]


class Response(models.Model):
    """The one response of an invited institution; it may change it until the deadline."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reacties")
    instelling = models.ForeignKey(Instelling, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("instelling"))
    soort = models.CharField(_("reactie"), max_length=12, choices=Reactiesoort.choices)
    redenen = models.JSONField(_("redenen per kijkrichting"), default=dict, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    versie = models.PositiveSmallIntegerField(_("gegeven op versie"))
    gegeven_door = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    gegeven_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["instelling__naam"]
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")
        constraints = [models.UniqueConstraint(fields=["proposal", "instelling"],
                                               name="een_reactie_per_instelling")]

    def __str__(self):
        return f"{self.get_soort_display()} – {self.instelling}"

    def redenen_items(self) -> list[tuple[str, str]]:
        """(label, text) of the perspectives the response gives a reason for."""
        return [(label, self.redenen[c]) for c, label in Kijkrichting.choices
                if self.redenen.get(c)]


class Dispute(models.Model):
    """A recorded dispute; the escalation case (arbitration app) takes it over."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="geschillen")
    instelling = models.ForeignKey(Instelling, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("gemeld door instelling"))
    gemeld_door = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    reden = models.TextField(_("reden"))
    gemeld_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["gemeld_op"]
        verbose_name = _("geschil")
        verbose_name_plural = _("geschillen")


class Message(models.Model):
    """A message in the discussion of a proposal; ``parent`` makes it a reply."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="berichten")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="antwoorden", verbose_name=_("antwoord op"))
    auteur = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    instelling = models.ForeignKey(Instelling, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    tekst = models.TextField(_("bericht"), max_length=10_000)
    geplaatst_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["geplaatst_op", "id"]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")


def _upload_to(instance, filename):
    # One folder per proposal; the name was made safe by the service.
    return f"voorstellen/{instance.proposal_id}/{filename}"


class Document(models.Model):
    """An uploaded document; served only through a permission-checked view."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="documenten")
    bestand = models.FileField(_("bestand"), upload_to=_upload_to, max_length=300)
    naam = models.CharField(_("naam"), max_length=150)
    grootte = models.PositiveIntegerField(_("grootte (bytes)"))
    geupload_door = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    geupload_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["geupload_op", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documenten")

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse("proposals:document", args=[self.pk])


class Notification(models.Model):
    """An in-app notification; the same text goes out by e-mail."""

    class Soort(models.TextChoices):
        INGEDIEND = "ingediend", _("Voorstel ingediend")
        NIEUWE_VERSIE = "nieuwe_versie", _("Nieuwe versie")
        BERICHT = "bericht", _("Nieuw bericht")
        REACTIE = "reactie", _("Reactie")
        TERMIJN = "termijn", _("Termijn loopt af")
        UITKOMST = "uitkomst", _("Uitkomst")

    ontvanger = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="meldingen")
    soort = models.CharField(_("soort"), max_length=16, choices=Soort.choices)
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="+")
    # Always the Dutch text: the e-mail and the export use it, and rows from before msgid
    # existed have nothing else.
    tekst = models.CharField(_("tekst"), max_length=500)
    # The source message and its parameters (see notices.py); shown in the reader's language.
    msgid = models.TextField(blank=True)
    params = models.JSONField(default=dict, blank=True)
    # An arbitration notice has no proposal: the case reference and link frame its text.
    kenmerk = models.CharField(max_length=20, blank=True)
    link = models.CharField(max_length=300, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gelezen_op = models.DateTimeField(null=True, blank=True)
    gemaild_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-aangemaakt_op", "-id"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        indexes = [models.Index(fields=["ontvanger", "gelezen_op"])]

    def render(self) -> str:
        """The text in the active language, framed by the case reference and link if any."""
        text = notices.text(self.msgid, self.params)
        if self.kenmerk:
            text = f"{self.kenmerk}: {text}"
        return f"{text} {self.link}" if self.link else text

    @property
    def display_text(self) -> str:
        """The text for the reader; the stored Dutch ``tekst`` when there is no msgid."""
        if not self.msgid:
            return self.tekst
        try:
            return self.render()
        except (KeyError, TypeError, ValueError):
            # A translation whose placeholders do not fit: the Dutch text is still right.
            return self.tekst


