"""Input shapes of the Werkagenda pages (validation only; services write)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from portfolio.models import Arbeidsmarktregio, Bedrijfstakgroep, Opleiding

from .models import Categorie, Rapportageronde


class VoortgangForm(forms.Form):
    tekst = forms.CharField(label=_("Voortgang"), required=False,
                            widget=forms.Textarea(attrs={"rows": 5}))
    idem = forms.BooleanField(label=_("Ongewijzigd sinds de vorige ronde (Idem.)"),
                              required=False)
    categorie = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("Afleiden uit de tekst"))] + list(Categorie.choices),
        help_text=_("Leeg laten: de status wordt uit de tekst afgeleid."))

    def clean(self):
        data = super().clean()
        if not data.get("idem") and not data.get("tekst", "").strip() \
                and not data.get("categorie"):
            raise forms.ValidationError(_("Geef een tekst, of kies 'ongewijzigd'."))
        return data


class RondeOpenForm(forms.Form):
    naam = forms.CharField(label=_("Naam"), max_length=100,
                           help_text=_("Bijv. 'voorjaar 2026'."))
    code = forms.SlugField(label=_("Code"), max_length=40,
                           help_text=_("Kort, zonder spaties, bijv. 'voorjaar-2026'."))


class KoppelingenForm(forms.Form):
    opleidingen = forms.ModelMultipleChoiceField(
        queryset=Opleiding.objects.order_by("naam"), required=False, label=_("Opleidingen"),
        to_field_name="crebo", widget=forms.SelectMultiple(attrs={"size": 10}))
    bedrijfstakgroepen = forms.ModelMultipleChoiceField(
        queryset=Bedrijfstakgroep.objects.order_by("volgorde"), required=False,
        label=_("Bedrijfstakgroepen"), to_field_name="code",
        widget=forms.CheckboxSelectMultiple)
    arbeidsmarktregios = forms.ModelMultipleChoiceField(
        queryset=Arbeidsmarktregio.objects.order_by("naam"), required=False,
        label=_("Arbeidsmarktregio's"), to_field_name="code",
        widget=forms.SelectMultiple(attrs={"size": 8}))


class DiffForm(forms.Form):
    van = forms.ModelChoiceField(queryset=Rapportageronde.objects.order_by("volgorde"),
                                 to_field_name="code", label=_("Van ronde"))
    naar = forms.ModelChoiceField(queryset=Rapportageronde.objects.order_by("volgorde"),
                                  to_field_name="code", label=_("Naar ronde"))
    alleen_veranderd = forms.BooleanField(label=_("Alleen veranderde acties"), required=False)
