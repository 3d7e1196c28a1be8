"""Input shapes of the proposal pages; validation only, the services change state."""
from django import forms
from django.utils.translation import gettext_lazy as _

from mbo_regie.uploads import UploadValidator
from portfolio.models import (
    Arbeidsmarktregio,
    Bedrijfstakgroep,
    Instelling,
    Leerweg,
    Locatie,
    Opleiding,
)

from . import conf
from .models import (
    ALLOWED_ACTIONS,
    Actie,
    AgendaItem,
    Kijkrichting,
    Overleg,
    Proposal,
    Reactiesoort,
    Soort,
)

TEXTAREA = {"rows": 3}


class ProposalForm(forms.Form):
    soort = forms.ChoiceField(label=_("Soort voorstel"), choices=Soort.choices)
    titel = forms.CharField(label=_("Titel"), max_length=200)
    samenvatting = forms.CharField(label=_("Samenvatting"), widget=forms.Textarea(attrs=TEXTAREA),
                                   help_text=_("Wat verandert er, waar en waarom?"))
    instelling = forms.ModelChoiceField(label=_("Indienende instelling"),
                                        queryset=Instelling.objects.order_by("naam"))

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Bestuurders always propose for their own institution; only staff choose one.
        if not staff:
            del self.fields["instelling"]


class MotivationForm(forms.Form):
    """Draft texts: summary, one motivation per perspective, what changed since last time."""

    titel = forms.CharField(label=_("Titel"), max_length=200)
    samenvatting = forms.CharField(label=_("Samenvatting"), widget=forms.Textarea(attrs=TEXTAREA))
    toelichting_wijziging = forms.CharField(
        label=_("Wat is er veranderd ten opzichte van de vorige versie?"), required=False,
        widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args, proposal: Proposal, first_version: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in Kijkrichting.choices:
            self.fields[f"motivatie_{code}"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs=TEXTAREA))
        if first_version:
            del self.fields["toelichting_wijziging"]
        if proposal.status != "concept":
            self.fields["titel"].disabled = True

    def motivatie(self) -> dict:
        return {code: self.cleaned_data.get(f"motivatie_{code}", "")
                for code in Kijkrichting.values}

    @staticmethod
    def initial_for(proposal: Proposal, version) -> dict:
        initial = {"titel": proposal.titel, "samenvatting": version.samenvatting,
                   "toelichting_wijziging": version.toelichting_wijziging}
        initial.update({f"motivatie_{c}": version.motivatie.get(c, "")
                        for c in Kijkrichting.values})
        return initial


class LocatieChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.instelling.naam} – {obj.naam} ({obj.gemeente.naam})"


class OpleidingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.naam} ({obj.crebo}, niveau {obj.niveau})"


class ChangeForm(forms.Form):
    """One concrete change; the institution follows from the location."""

    actie = forms.ChoiceField(label=_("Actie"), choices=Actie.choices)
    opleiding = OpleidingChoiceField(label=_("Opleiding"),
                                     queryset=Opleiding.objects.order_by("naam", "niveau"))
    locatie = LocatieChoiceField(label=_("Locatie"), queryset=Locatie.objects.none())
    leerweg = forms.ChoiceField(label=_("Leerweg"), choices=Leerweg.choices)
    ingangsdatum = forms.DateField(label=_("Ingangsdatum"),
                                   widget=forms.DateInput(attrs={"type": "date"}))
    studenten = forms.IntegerField(label=_("Verwachte studenten per jaar"), min_value=0,
                                   required=False)
    capaciteit = forms.IntegerField(label=_("Capaciteit (studenten)"), min_value=0,
                                    required=False,
                                    help_text=_("Nieuwe capaciteit bij uitbreiden of afschalen."))
    profiel = forms.CharField(label=_("Onderscheidend profiel"), required=False,
                              widget=forms.Textarea(attrs=TEXTAREA),
                              help_text=_("Waarin verschilt dit aanbod van dat van anderen in "
                                          "de buurt? Verplicht bij profileren."))
    capaciteit_onderbouwing = forms.CharField(
        label=_("Onderbouwing capaciteit"), required=False, widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Waarom is de capaciteit van de huidige aanbieders onvoldoende?"))

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = ALLOWED_ACTIONS[proposal.soort]
        self.fields["actie"].choices = [(v, lbl) for v, lbl in Actie.choices if v in allowed]
        locaties = Locatie.objects.select_related("instelling", "gemeente")
        if not proposal.is_joint:
            locaties = locaties.filter(instelling_id=proposal.instelling_id)
        self.fields["locatie"].queryset = locaties.order_by("instelling__naam", "naam")

    def data_for_service(self) -> dict:
        return dict(self.cleaned_data)


class ResponseForm(forms.Form):
    soort = forms.ChoiceField(label=_("Uw reactie"), choices=Reactiesoort.choices,
                              widget=forms.RadioSelect)
    toelichting = forms.CharField(label=_("Toelichting"), required=False,
                                  widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in Kijkrichting.choices:
            self.fields[f"reden_{code}"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def redenen(self) -> dict:
        return {code: self.cleaned_data.get(f"reden_{code}", "") for code in Kijkrichting.values}

    @staticmethod
    def initial_for(response) -> dict:
        if response is None:
            return {}
        initial = {"soort": response.soort, "toelichting": response.toelichting}
        initial.update({f"reden_{c}": t for c, t in response.redenen.items()})
        return initial


class MessageForm(forms.Form):
    tekst = forms.CharField(label=_("Bericht"), max_length=10_000,
                            widget=forms.Textarea(attrs=TEXTAREA))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DocumentForm(forms.Form):
    bestand = forms.FileField(label=_("Document"),
                              help_text=_("pdf, docx, xlsx, odt, png, jpg, txt of csv; "
                                          "hoogstens 10 MB."),
                              validators=[UploadValidator(conf.max_upload_bytes)])


class NoteForm(forms.Form):
    """A free text that goes with a transition (reason, decision, note)."""

    tekst = forms.CharField(label=_("Toelichting"), required=False,
                            widget=forms.Textarea(attrs=TEXTAREA))


class OverlegForm(forms.Form):
    soort = forms.ChoiceField(label=_("Soort"), choices=Overleg.Soort.choices)
    titel = forms.CharField(label=_("Titel"), max_length=200)
    datum = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    arbeidsmarktregio = forms.ModelChoiceField(
        label=_("Arbeidsmarktregio"), required=False,
        queryset=Arbeidsmarktregio.objects.order_by("naam"),
        help_text=_("Bij een regionaal overleg."))
    btg = forms.ModelChoiceField(label=_("Bedrijfstakgroep"), required=False,
                                 queryset=Bedrijfstakgroep.objects.all(),
                                 help_text=_("Bij een sectoraal overleg."))
    notulen = forms.CharField(label=_("Notulen"), required=False,
                              widget=forms.Textarea(attrs={"rows": 6}))

    def clean(self):
        data = super().clean()
        if data.get("soort") == Overleg.Soort.REGIONAAL and not data.get("arbeidsmarktregio"):
            self.add_error("arbeidsmarktregio", _("Kies de arbeidsmarktregio."))
        if data.get("soort") == Overleg.Soort.SECTORAAL and not data.get("btg"):
            self.add_error("btg", _("Kies de bedrijfstakgroep."))
        return data

    @staticmethod
    def initial_for(overleg: Overleg) -> dict:
        return {name: getattr(overleg, name) for name in
                ("soort", "titel", "datum", "arbeidsmarktregio", "btg", "notulen")}


class AgendaAddForm(forms.Form):
    proposal = forms.ModelChoiceField(label=_("Voorstel"), queryset=Proposal.objects.none())

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = candidates


class OutcomeForm(forms.Form):
    uitkomst = forms.ChoiceField(label=_("Uitkomst"), choices=AgendaItem.Uitkomst.choices)
    toelichting = forms.CharField(label=_("Toelichting"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
