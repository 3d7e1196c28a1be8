"""Input shapes of the arbitration pages; validation only, the services change state.

Every form of a case verb takes the case (and the user) so its choices stay within the case;
``cleaned_data`` carries the keys the verb's service call expects (see ``verbs.py``).
"""
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mbo_regie.accounts.models import Rol, User
from mbo_regie.uploads import UploadValidator
from portfolio.models import (
    Aanbod,
    Arbeidsmarktregio,
    Bedrijfstakgroep,
    Instelling,
    Leerweg,
    Locatie,
    Opleiding,
)

from . import conf
from .models import (
    ADVICE_KINDS,
    BOARD_KINDS,
    DOCUMENT_STAGES,
    GROUNDS,
    SKIPPABLE_STEPS,
    Aanleiding,
    CaseDocument,
    Criterium,
    Mediation,
    Order,
    PanelMember,
    StepRecord,
    Uitkomst,
    step_label,
)
from .permissions import may_add_kind

TEXTAREA = {"rows": 3}
DATE = {"type": "date"}


def _text(label, *, required=True, help_text="", rows=3):
    return forms.CharField(label=label, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


class CaseVerbForm(forms.Form):
    """Base of the forms of a case verb: knows the case and the user."""

    def __init__(self, *args, case=None, user=None, **kwargs):
        self.case = case
        self.user = user
        super().__init__(*args, **kwargs)

    def parties(self):
        return Instelling.objects.filter(pk__in=self.case.party_ids()).order_by("naam")


class NoteForm(CaseVerbForm):
    toelichting = _text(_("Toelichting"))


class OptionalNoteForm(CaseVerbForm):
    toelichting = _text(_("Toelichting"), required=False)


class EmptyForm(CaseVerbForm):
    pass


class AdviceForm(CaseVerbForm):
    soort = forms.ChoiceField(label=_("Soort"), choices=[
        (k, StepRecord.Soort(k).label) for k in ADVICE_KINDS])
    tekst = _text(_("Gesprek, advies of zienswijze"), rows=5)


class BoardResponseForm(CaseVerbForm):
    soort = forms.ChoiceField(label=_("Reactie van het bestuur"), choices=[
        (k, StepRecord.Soort(k).label) for k in BOARD_KINDS])
    tekst = _text(_("Toelichting"), rows=4)


class MediationStartForm(CaseVerbForm):
    bemiddelaar = forms.CharField(label=_("Bemiddelaar"), max_length=200)
    organisatie = forms.CharField(label=_("Organisatie"), max_length=200, required=False)
    toelichting = _text(_("Toelichting"), required=False)


class MediationSessionForm(CaseVerbForm):
    datum = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs=DATE))
    verslag = _text(_("Verslag (alleen voor partijen en staf)"), rows=4)


class MediationConcludeForm(CaseVerbForm):
    uitkomst = forms.ChoiceField(label=_("Uitkomst"), widget=forms.RadioSelect, choices=[
        (Mediation.Result.ZONDER_VERGELIJK, Mediation.Result.ZONDER_VERGELIJK.label),
        (Mediation.Result.VERGELIJK, Mediation.Result.VERGELIJK.label)])
    toelichting = _text(_("Toelichting (bij een vergelijk: de voorwaarden)"))


class SkipRequestForm(CaseVerbForm):
    stap = forms.ChoiceField(label=_("Stap"))
    reden = _text(_("Reden om deze stap over te slaan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stap"].choices = [(s, step_label(s)) for s in SKIPPABLE_STEPS]


class SkipDecideForm(CaseVerbForm):
    stap = forms.ChoiceField(label=_("Verzoek"))
    goedkeuren = forms.TypedChoiceField(
        label=_("Besluit"), widget=forms.RadioSelect, coerce=lambda v: v == "ja",
        choices=[("ja", _("Goedkeuren")), ("nee", _("Afwijzen"))])
    toelichting = _text(_("Toelichting"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pending = [o for o in self.case.uitkomsten.all() if o.pending] if self.case else []
        self.fields["stap"].choices = [(o.stap, f"{o.step_label}: {o.toelichting[:80]}")
                                       for o in pending]


class ScopeTestForm(CaseVerbForm):
    concurrentie = forms.BooleanField(
        label=_("Er is concurrentie tussen scholen op studentstromen of marktaandeel"),
        required=False)
    dekkend = forms.BooleanField(label=_("Dit staat op spanning met een dekkend aanbod"),
                                 required=False)
    toegankelijk = forms.BooleanField(
        label=_("Dit staat op spanning met een toegankelijk aanbod"), required=False)
    onderscheidend = forms.BooleanField(
        label=_("Dit staat op spanning met een onderscheidend aanbod"), required=False)
    relevant = forms.BooleanField(label=_("Dit staat op spanning met een relevant aanbod"),
                                  required=False)
    toelichting = _text(_("Onderbouwing van de toets"))


class SettleForm(CaseVerbForm):
    voorwaarden = _text(_("Voorwaarden van het vergelijk"), rows=4)


class ReasonForm(CaseVerbForm):
    reden = _text(_("Reden"))


class ExtendForm(CaseVerbForm):
    termijn = forms.DateField(label=_("Nieuwe termijn"), widget=forms.DateInput(attrs=DATE))
    reden = _text(_("Reden van de verlenging"))


class PanelMemberForm(CaseVerbForm):
    gebruiker = forms.ModelChoiceField(label=_("Persoon"), queryset=User.objects.filter(
        rol__in=[Rol.VOORZITTER, Rol.COMMISSIE], is_active=True).order_by("last_name"))
    rol = forms.ChoiceField(label=_("Rol"), choices=[
        (PanelMember.Rol.VOORZITTER, PanelMember.Rol.VOORZITTER.label),
        (PanelMember.Rol.LID, PanelMember.Rol.LID.label)])


class ExpertForm(CaseVerbForm):
    naam = forms.CharField(label=_("Naam"), max_length=200)
    expertise = forms.CharField(label=_("Expertise"), max_length=300)


class PanelRemoveForm(CaseVerbForm):
    lid = forms.ModelChoiceField(label=_("Panellid"), queryset=PanelMember.objects.none())
    reden = _text(_("Reden"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lid"].queryset = self.case.panel.filter(status=PanelMember.Status.BENOEMD)


class DocumentForm(CaseVerbForm):
    soort = forms.ChoiceField(label=_("Soort stuk"), choices=CaseDocument.Soort.choices)
    titel = forms.CharField(label=_("Titel"), max_length=200)
    tekst = _text(_("Tekst"), required=False, rows=4)
    bestand = forms.FileField(label=_("Bestand"), required=False, help_text=_(
        "pdf, docx, xlsx, odt, png, jpg, txt of csv; hoogstens 10 MB."),
        validators=[UploadValidator(conf.max_upload_bytes)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = [
            (k, label) for k, label in CaseDocument.Soort.choices
            if may_add_kind(self.user, self.case, k)
            and self.case.stage in DOCUMENT_STAGES.get(k, (self.case.stage,))]

    def clean_bestand(self):
        return self.cleaned_data.get("bestand") or None


class HearingForm(CaseVerbForm):
    datum = forms.DateTimeField(label=_("Datum en tijd"),
                                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    plaats = forms.CharField(label=_("Plaats"), max_length=200)
    toelichting = _text(_("Toelichting"), required=False)


class HearingReportForm(CaseVerbForm):
    hoorzitting = forms.ModelChoiceField(label=_("Hoorzitting"), queryset=None)
    verslag = _text(_("Verslag"), rows=5)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hoorzitting"].queryset = self.case.hoorzittingen.all()


class QuestionForm(CaseVerbForm):
    vraag = _text(_("Vraag"))
    aan = forms.ModelChoiceField(label=_("Aan"), queryset=None, required=False,
                                 empty_label=_("Alle partijen"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aan"].queryset = self.parties()


class AnswerForm(CaseVerbForm):
    vraag = forms.ModelChoiceField(label=_("Vraag"), queryset=None)
    antwoord = _text(_("Antwoord"), rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instelling_id = getattr(self.user, "instelling_id", None)
        self.fields["vraag"].queryset = self.case.vragen.filter(
            Q(aan__isnull=True) | Q(aan_id=instelling_id), beantwoord_op__isnull=True)


class RulingDraftForm(CaseVerbForm):
    beslissing = _text(_("Beslissing"), required=False, rows=5)
    uitkomst = forms.ChoiceField(label=_("Uitkomst"), required=False,
                                 choices=[("", "—"), *Uitkomst.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in GROUNDS:
            required = "" if code in Criterium.values else _(" (kijkrichting)")
            self.fields[f"grond_{code}"] = forms.CharField(
                label=f"{label}{required}", required=False,
                widget=forms.Textarea(attrs=TEXTAREA))

    def clean(self):
        data = super().clean()
        data["gronden"] = {code: data.pop(f"grond_{code}", "") for code, _label in GROUNDS}
        return data


class OrderForm(CaseVerbForm):
    soort = forms.ChoiceField(label=_("Soort last"), choices=Order.Soort.choices)
    omschrijving = _text(_("Omschrijving"))
    instelling = forms.ModelChoiceField(label=_("Verantwoordelijke instelling"), queryset=None)
    termijn = forms.DateField(label=_("Uiterlijk"), widget=forms.DateInput(attrs=DATE))
    aanbod = forms.ModelChoiceField(
        label=_("Aanbod (bij stoppen of wijzigen)"), queryset=None, required=False)
    crebo = forms.CharField(label=_("Crebo (bij starten)"), max_length=5, required=False)
    locatie = forms.ModelChoiceField(label=_("Locatie (bij starten)"), queryset=None,
                                     required=False)
    leerweg = forms.ChoiceField(label=_("Leerweg (bij starten)"), required=False,
                                choices=[("", "—"), *Leerweg.choices])
    ingangsdatum = forms.DateField(label=_("Ingangsdatum"), required=False,
                                   widget=forms.DateInput(attrs=DATE))
    capaciteit = forms.IntegerField(label=_("Capaciteit"), required=False, min_value=0,
                                    max_value=100_000)
    profiel = _text(_("Onderscheidend profiel (bij wijzigen)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parties = self.case.party_ids()
        self.fields["instelling"].queryset = self.parties()
        # Offerings of the parties in the disputed programmes keep the list short.
        self.fields["aanbod"].queryset = (
            Aanbod.objects.filter(instelling_id__in=parties,
                                  status__in=[Aanbod.Status.ACTIEF, Aanbod.Status.GEPLAND])
            .filter(opleiding__in=self.case.opleidingen.all())
            .select_related("instelling", "opleiding", "locatie").order_by("instelling__naam"))
        self.fields["locatie"].queryset = Locatie.objects.filter(
            instelling_id__in=parties).select_related("instelling").order_by("instelling__naam",
                                                                              "naam")

    def clean(self):
        data = super().clean()
        crebo = (data.pop("crebo", "") or "").strip()
        data["opleiding"] = None
        if crebo:
            data["opleiding"] = Opleiding.objects.filter(crebo=crebo).first()
            if data["opleiding"] is None:
                self.add_error("crebo", _("Onbekend crebo."))
        return data


class OrderChoiceForm(CaseVerbForm):
    """Choose one order of the case's ruling (for removing, reporting, verifying)."""

    last = forms.ModelChoiceField(label=_("Last"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["last"].queryset = Order.objects.filter(ruling__case=self.case)


class OrderReportForm(OrderChoiceForm):
    bewijs = _text(_("Bewijs van uitvoering"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["last"].queryset = self.fields["last"].queryset.filter(
            instelling_id=getattr(self.user, "instelling_id", None)).exclude(status="uitgevoerd")


class OrderVerifyForm(OrderChoiceForm):
    verificatie = _text(_("Verificatie"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["last"].queryset = self.fields["last"].queryset.exclude(status="uitgevoerd")


class AddendumForm(CaseVerbForm):
    tekst = _text(_("Correctie"), rows=4)
    reden = _text(_("Reden van de correctie"))


class LessonForm(CaseVerbForm):
    tekst = _text(_("Leerpunt"), rows=4)
    openbaar = forms.BooleanField(
        label=_("Openbaar in de lerende aanpak (zonder namen van instellingen of personen)"),
        required=False)


class PublishForm(CaseVerbForm):
    titel = forms.CharField(label=_("Titel"), max_length=200)
    samenvatting = _text(_("Geanonimiseerde samenvatting"), rows=8, help_text=_(
        "Geen namen van instellingen, BRIN-codes of personen: het portaal weigert ze."))
    dekkend = forms.BooleanField(label=Criterium.DEKKEND.label, required=False)
    toegankelijk = forms.BooleanField(label=Criterium.TOEGANKELIJK.label, required=False)
    onderscheidend = forms.BooleanField(label=Criterium.ONDERSCHEIDEND.label, required=False)
    relevant = forms.BooleanField(label=Criterium.RELEVANT.label, required=False)
    btg = forms.ModelChoiceField(label=_("Bedrijfstakgroep"), required=False,
                                 queryset=Bedrijfstakgroep.objects.all())
    arbeidsmarktregio = forms.ModelChoiceField(label=_("Arbeidsmarktregio"), required=False,
                                               queryset=Arbeidsmarktregio.objects.all())


class CaseOpenForm(forms.Form):
    """A case on its own (not from a proposal): the subject, the parties and what it touches."""

    titel = forms.CharField(label=_("Onderwerp"), max_length=200)
    aanleiding = forms.ChoiceField(label=_("Aanleiding"), choices=[
        (k, label) for k, label in Aanleiding.choices if k != Aanleiding.VOORSTEL])
    omschrijving = _text(_("Omschrijving"), rows=5)
    melder = forms.ModelChoiceField(label=_("Melder (instelling)"),
                                    queryset=Instelling.objects.order_by("naam"))
    wederpartijen = forms.ModelMultipleChoiceField(
        label=_("Wederpartij(en)"), queryset=Instelling.objects.order_by("naam"))
    crebos = forms.CharField(label=_("Betrokken opleidingen (crebo's)"), required=False,
                             help_text=_("Gescheiden door komma's, bijvoorbeeld 25180, 25181."))
    regios = forms.ModelMultipleChoiceField(
        label=_("Arbeidsmarktregio's"), required=False,
        queryset=Arbeidsmarktregio.objects.order_by("naam"))

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Bestuurders open a case for their own institution; only staff name the reporter.
        if not staff:
            del self.fields["melder"]

    def clean_crebos(self):
        codes = [c.strip() for c in self.cleaned_data["crebos"].split(",") if c.strip()]
        found = list(Opleiding.objects.filter(crebo__in=codes))
        unknown = sorted(set(codes) - {o.crebo for o in found})
        if unknown:
            raise forms.ValidationError(_("Onbekende crebo's: %(codes)s")
                                        % {"codes": ", ".join(unknown)})
        return found


class InterestForm(forms.Form):
    omschrijving = _text(_("Omschrijving van het belang"))
    instelling = forms.ModelChoiceField(label=_("Instelling"), required=False,
                                        queryset=Instelling.objects.order_by("naam"))
    crebo = forms.CharField(label=_("Opleiding (crebo)"), max_length=5, required=False)
    arbeidsmarktregio = forms.ModelChoiceField(label=_("Arbeidsmarktregio"), required=False,
                                               queryset=Arbeidsmarktregio.objects.all())

    def clean(self):
        data = super().clean()
        crebo = (data.pop("crebo", "") or "").strip()
        data["opleiding"] = None
        if crebo:
            data["opleiding"] = Opleiding.objects.filter(crebo=crebo).first()
            if data["opleiding"] is None:
                self.add_error("crebo", _("Onbekend crebo."))
        return data

