"""Filters of the case list and the public casuïstiek library (pages and API)."""
import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portfolio.models import Arbeidsmarktregio, Bedrijfstakgroep, Instelling

from .models import ENDED, Aanleiding, Case, Criterium, PublishedCase, Stage, Uitkomst


class CaseFilter(django_filters.FilterSet):
    stage = django_filters.MultipleChoiceFilter(label=_("Stap"), choices=Stage.choices)
    aanleiding = django_filters.ChoiceFilter(label=_("Aanleiding"), choices=Aanleiding.choices)
    instelling = django_filters.ModelChoiceFilter(
        label=_("Partij"), queryset=Instelling.objects.order_by("naam"), to_field_name="brin",
        field_name="partijen__instelling")
    te_laat = django_filters.BooleanFilter(label=_("Termijn verstreken"), method="filter_late")
    voorbeeld = django_filters.BooleanFilter(label=_("Voorbeeld"))

    class Meta:
        model = Case
        fields = ["stage", "aanleiding", "instelling", "te_laat", "voorbeeld"]

    def filter_late(self, queryset, name, value):
        late = Q(termijn__lt=timezone.localdate(), opgeschort_op__isnull=True) & ~Q(
            stage__in=ENDED)
        return queryset.filter(late) if value else queryset.exclude(late)


class PublishedCaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), method="filter_text")
    criterium = django_filters.ChoiceFilter(label=_("Criterium"), choices=Criterium.choices,
                                            method="filter_criterium")
    btg = django_filters.ModelChoiceFilter(label=_("Bedrijfstakgroep"), to_field_name="code",
                                           queryset=Bedrijfstakgroep.objects.all())
    regio = django_filters.ModelChoiceFilter(
        label=_("Arbeidsmarktregio"), to_field_name="code", field_name="arbeidsmarktregio",
        queryset=Arbeidsmarktregio.objects.order_by("naam"))
    uitkomst = django_filters.ChoiceFilter(label=_("Uitkomst"), choices=Uitkomst.choices)

    class Meta:
        model = PublishedCase
        fields = ["q", "criterium", "btg", "regio", "uitkomst"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(titel__icontains=value) | Q(samenvatting__icontains=value))

    def filter_criterium(self, queryset, name, value):
        # The four criteria are boolean columns; the choice names the column.
        return queryset.filter(**{value: True}) if value in Criterium.values else queryset
