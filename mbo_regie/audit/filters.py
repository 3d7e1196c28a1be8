import django_filters
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry


class AuditEntryFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Soort"), choices=AuditEntry.Kind.choices,
                                       empty_label=_("Alle soorten"))
    gebruiker = django_filters.CharFilter(label=_("Gebruiker"), field_name="username",
                                          lookup_expr="icontains")

    class Meta:
        model = AuditEntry
        fields = ["kind", "gebruiker"]
