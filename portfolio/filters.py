"""django-filter filtersets shared by the list pages and the API."""
import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mbo_regie.widgets import use_fast_selects

from .models import (
    Aanbod,
    Arbeidsmarktregio,
    Bedrijfstakgroep,
    Gemeente,
    Instelling,
    Leerweg,
    Locatie,
    Opgave,
    Opleiding,
    Provincie,
)


class SearchMixin(df.FilterSet):
    q = df.CharFilter(label=_("Zoeken"), method="search")
    search_fields: tuple[str, ...] = ()

    @property
    def form(self):
        # The list pages render these forms with hundreds of options: render them fast.
        if not hasattr(self, "_form"):
            use_fast_selects(super().form)
        return self._form

    def search(self, queryset, name, value):
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(query)


class GemeenteFilter(SearchMixin):
    search_fields = ("naam", "code")
    provincie = df.ModelChoiceFilter(queryset=Provincie.objects.all(), label=_("Provincie"))
    arbeidsmarktregio = df.ModelChoiceFilter(queryset=Arbeidsmarktregio.objects.all(),
                                             label=_("Arbeidsmarktregio"))
    krimp_status = df.ChoiceFilter(choices=Gemeente.Krimp.choices[1:], label=_("Krimp"))

    class Meta:
        model = Gemeente
        fields = ["q", "provincie", "arbeidsmarktregio", "krimp_status"]


class ArbeidsmarktregioFilter(SearchMixin):
    search_fields = ("naam", "code")

    class Meta:
        model = Arbeidsmarktregio
        fields = ["q"]


class ProvincieFilter(SearchMixin):
    search_fields = ("naam", "code")

    class Meta:
        model = Provincie
        fields = ["q"]


class InstellingFilter(SearchMixin):
    search_fields = ("naam", "brin")
    type = df.ChoiceFilter(choices=Instelling.Type.choices, label=_("Type"))
    arbeidsmarktregio = df.ModelChoiceFilter(
        queryset=Arbeidsmarktregio.objects.all(), field_name="home_gemeente__arbeidsmarktregio",
        label=_("Arbeidsmarktregio (hoofdvestiging)"))

    class Meta:
        model = Instelling
        fields = ["q", "type", "arbeidsmarktregio", "lid"]


class LocatieFilter(SearchMixin):
    search_fields = ("naam", "plaats", "postcode", "gemeente__naam")
    instelling = df.ModelChoiceFilter(queryset=Instelling.objects.all(), label=_("Instelling"))
    gemeente = df.ModelChoiceFilter(queryset=Gemeente.objects.all(), label=_("Gemeente"))
    arbeidsmarktregio = df.ModelChoiceFilter(queryset=Arbeidsmarktregio.objects.all(),
                                             field_name="gemeente__arbeidsmarktregio",
                                             label=_("Arbeidsmarktregio"))

    class Meta:
        model = Locatie
        fields = ["q", "instelling", "gemeente", "arbeidsmarktregio"]


class OpleidingFilter(SearchMixin):
    search_fields = ("naam", "crebo", "dossier_naam")
    niveau = df.ChoiceFilter(choices=Opleiding.Niveau.choices, label=_("Niveau"))
    btg = df.ModelChoiceFilter(queryset=Bedrijfstakgroep.objects.all(),
                               label=_("Bedrijfstakgroep"))
    opgave = df.ChoiceFilter(choices=Opgave.choices, field_name="opgaven",
                             lookup_expr="icontains", label=_("Maatschappelijke opgave"))
    specialistisch = df.BooleanFilter(label=_("Specialistisch"))

    class Meta:
        model = Opleiding
        fields = ["q", "niveau", "btg", "opgave", "specialistisch"]


class AanbodFilter(SearchMixin):
    search_fields = ("opleiding__naam", "opleiding__crebo", "instelling__naam", "locatie__naam")
    instelling = df.ModelChoiceFilter(queryset=Instelling.objects.all(), label=_("Instelling"))
    opleiding = df.CharFilter(field_name="opleiding__crebo", label=_("Crebo"))
    niveau = df.ChoiceFilter(choices=Opleiding.Niveau.choices, field_name="opleiding__niveau",
                             label=_("Niveau"))
    btg = df.ModelChoiceFilter(queryset=Bedrijfstakgroep.objects.all(),
                               field_name="opleiding__btg", label=_("Bedrijfstakgroep"))
    leerweg = df.ChoiceFilter(choices=Leerweg.choices, label=_("Leerweg"))
    status = df.ChoiceFilter(choices=Aanbod.Status.choices, label=_("Status"))
    gemeente = df.ModelChoiceFilter(queryset=Gemeente.objects.all(), field_name="locatie__gemeente",
                                    label=_("Gemeente"))
    arbeidsmarktregio = df.ModelChoiceFilter(queryset=Arbeidsmarktregio.objects.all(),
                                             field_name="locatie__gemeente__arbeidsmarktregio",
                                             label=_("Arbeidsmarktregio"))

    class Meta:
        model = Aanbod
        fields = ["q", "instelling", "opleiding", "niveau", "btg", "leerweg", "status", "gemeente",
                  "arbeidsmarktregio"]
