"""django-filter filtersets for the Werkagenda pages and API."""
import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Actie, Categorie, Doelstelling, Partij, Rapportageronde, Voortgang


class ActieFilter(df.FilterSet):
    """Filter actions by party, status (in a round), objective, priority and text."""

    q = df.CharFilter(label=_("Zoeken"), method="search")
    partij = df.ModelChoiceFilter(queryset=Partij.objects.order_by("naam"), label=_("Partij"),
                                  to_field_name="code", field_name="partijen",
                                  method="by_party")
    doelstelling = df.ModelChoiceFilter(queryset=Doelstelling.objects.order_by("volgorde"),
                                        to_field_name="code", label=_("Doelstelling"))
    prioriteit = df.NumberFilter(field_name="doelstelling__prioriteit__nummer",
                                 label=_("Prioriteit"))
    ronde = df.ModelChoiceFilter(queryset=Rapportageronde.objects.order_by("volgorde"),
                                 to_field_name="code", label=_("Ronde"), method="by_round",
                                 help_text=_("De ronde waarop het statusfilter let."))
    status = df.ChoiceFilter(choices=Categorie.choices, label=_("Status"), method="by_status")

    class Meta:
        model = Actie
        fields = ["q", "partij", "status", "ronde", "doelstelling", "prioriteit"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(code__icontains=value) | Q(wat__icontains=value) | Q(wie_origineel__icontains=value)
            | Q(wanneer__icontains=value) | Q(voortgang__tekst__icontains=value)).distinct()

    def by_party(self, queryset, name, value):
        return queryset.filter(partijen=value).distinct()

    def by_round(self, queryset, name, value: str):
        return queryset  # used by by_status; on its own a round filters nothing

    def by_status(self, queryset, name, value):
        ronde = self.form.cleaned_data.get("ronde") or _latest_round()
        if ronde is None:
            return queryset.none()
        if value == Categorie.ONBEKEND:
            # No progress in the round counts as unknown as well.
            return queryset.filter(
                ~Q(voortgang__ronde=ronde)
                | Q(voortgang__ronde=ronde, voortgang__categorie=value)).distinct()
        return queryset.filter(voortgang__ronde=ronde, voortgang__categorie=value).distinct()


def _latest_round():
    from .selectors import ronde_latest
    return ronde_latest()


class VoortgangFilter(df.FilterSet):
    actie = df.CharFilter(field_name="actie__code", label=_("Actie"))
    ronde = df.CharFilter(field_name="ronde__code", label=_("Ronde"))
    categorie = df.ChoiceFilter(choices=Categorie.choices, label=_("Status"))

    class Meta:
        model = Voortgang
        fields = ["actie", "ronde", "categorie", "idem"]
