"""Filters of the proposal and consultation lists (pages and API)."""
import django_filters
from django.utils.translation import gettext_lazy as _

from portfolio.models import Instelling

from .models import Overleg, Proposal, Soort, Status


class ProposalFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=Status.choices)
    soort = django_filters.ChoiceFilter(label=_("Soort"), choices=Soort.choices)
    instelling = django_filters.ModelChoiceFilter(
        label=_("Instelling"), queryset=Instelling.objects.order_by("naam"),
        to_field_name="brin")
    titel = django_filters.CharFilter(label=_("Titel bevat"), lookup_expr="icontains")
    voorbeeld = django_filters.BooleanFilter(label=_("Voorbeeld"))

    class Meta:
        model = Proposal
        fields = ["status", "soort", "instelling", "titel", "voorbeeld"]


class OverlegFilter(django_filters.FilterSet):
    soort = django_filters.ChoiceFilter(label=_("Soort"), choices=Overleg.Soort.choices)
    arbeidsmarktregio = django_filters.CharFilter(label=_("Regiocode"),
                                                  field_name="arbeidsmarktregio__code")
    btg = django_filters.CharFilter(label=_("Btg-code"), field_name="btg__code")

    class Meta:
        model = Overleg
        fields = ["soort", "arbeidsmarktregio", "btg"]
