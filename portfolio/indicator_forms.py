"""Input of the indicator pages: the map selection and the editable method parameters."""
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from mbo_regie.widgets import use_fast_selects

from .models import IndicatorSettings

NIVEAU_CHOICES = [(1, _("Entree (niveau 1)")), (2, _("Niveau 2")), (3, _("Niveau 3")),
                  (4, _("Niveau 4"))]


class MapForm(forms.Form):
    """What the map shows: an indicator and, depending on it, a programme or btg x niveau.

    Programme indicators need a crebo, group indicators a btg and niveau; overlap and
    thinning take all three as optional filters. What is missing gets the defaults the view
    passes in, so an empty form already shows a map.
    """

    PROGRAMME = ("reistijd", "bereik")
    GROUP = ("witte_vlekken", "toegankelijkheid")
    INDICATORS = [
        ("reistijd", _("Reistijd naar een opleiding")),
        ("bereik", _("Instellingen binnen bereik van een opleiding")),
        ("witte_vlekken", _("Witte vlekken per bedrijfstakgroep en niveau")),
        ("toegankelijkheid", _("Toegankelijkheid: plaatsen per 1.000 jongeren")),
        ("overlap", _("Overlap zonder onderbouwing")),
        ("verschraling", _("Verschralingsrisico")),
    ]

    indicator = forms.ChoiceField(label=_("Indicator"), choices=INDICATORS, required=False)
    crebo = forms.CharField(
        label=_("Opleiding (crebo of naam)"), required=False, max_length=200,
        help_text=_("Voor reistijd en instellingen binnen bereik; bij overlap en "
                    "verschraling een filter."),
        widget=forms.TextInput(attrs={"list": "opleidingen-lijst", "autocomplete": "off"}))
    btg = forms.ChoiceField(label=_("Bedrijfstakgroep"), required=False)
    niveau = forms.TypedChoiceField(label=_("Niveau"), required=False, coerce=int,
                                    empty_value=None,
                                    choices=[("", _("alle niveaus")), *NIVEAU_CHOICES])

    def __init__(self, data=None, *, programmes: dict[str, str], btgs: list[tuple[str, str]],
                 default_crebo: str = "", default_group: tuple[str, int] | None = None):
        super().__init__(data)
        self.programmes = programmes
        self.default_crebo = default_crebo
        self.default_group = default_group
        self.fields["btg"].choices = [("", _("alle bedrijfstakgroepen")), *btgs]
        use_fast_selects(self)

    def clean_crebo(self) -> str:
        text = self.cleaned_data["crebo"].strip()
        if not text:
            return ""
        match = re.match(r"^\s*(\d{5})\b", text)
        crebo = match.group(1) if match else self._crebo_by_name(text)
        if crebo not in self.programmes:
            raise forms.ValidationError(
                _("Deze opleiding wordt in de berekening nergens aangeboden. Kies een "
                  "opleiding uit de lijst."))
        return crebo

    def _crebo_by_name(self, text: str) -> str:
        # A typed name counts when it identifies exactly one offered programme.
        hits = [c for c, label in self.programmes.items() if text.lower() in label.lower()]
        return hits[0] if len(hits) == 1 else ""

    def clean(self):
        data = super().clean()
        data["indicator"] = data.get("indicator") or "reistijd"
        if data["indicator"] in self.PROGRAMME and not data.get("crebo"):
            data["crebo"] = self.default_crebo
        if data["indicator"] in self.GROUP and self.default_group:
            if not data.get("btg"):
                data["btg"] = self.default_group[0]
            if not data.get("niveau"):
                data["niveau"] = self.default_group[1]
        return data


class IndicatorSettingsForm(forms.ModelForm):
    """The parameters of the next run; saving them does not recompute anything by itself."""

    class Meta:
        model = IndicatorSettings
        fields = ["detour_factor", "speed_kmh", "minutes_niveau_1", "minutes_niveau_2",
                  "minutes_niveau_3", "minutes_niveau_4", "low_enrolment_threshold",
                  "specialist_max_locations", "recent_start_years"]

    def clean(self):
        data = super().clean()
        for niveau in (1, 2, 3, 4):
            name = f"minutes_niveau_{niveau}"
            if data.get(name) == 0:
                self.add_error(name, _("Een reistijdgrens moet groter dan 0 zijn."))
        return data


class RunCompareForm(forms.Form):
    """Two finished runs to compare."""

    a = forms.TypedChoiceField(label=_("Berekening A"), coerce=int)
    b = forms.TypedChoiceField(label=_("Berekening B"), coerce=int)

    def __init__(self, data=None, *, runs: list[tuple[int, str]], initial=None):
        super().__init__(data, initial=initial)
        self.fields["a"].choices = runs
        self.fields["b"].choices = runs
