"""REST interface of the registries: reads for every member, offering writes for staff."""
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from mbo_regie.drf import read_or_perm

from . import filters, selectors, serializers, services
from .models import Aanbod, Bedrijfstakgroep, Inschrijving


class ProvincieViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.provincie_list().order_by("code")
    serializer_class = serializers.ProvincieSerializer
    filterset_class = filters.ProvincieFilter
    lookup_field = "code"


class ArbeidsmarktregioViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.arbeidsmarktregio_list().order_by("code")
    serializer_class = serializers.ArbeidsmarktregioSerializer
    filterset_class = filters.ArbeidsmarktregioFilter
    lookup_field = "code"


class GemeenteViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.gemeente_list().order_by("code")
    serializer_class = serializers.GemeenteSerializer
    filterset_class = filters.GemeenteFilter
    lookup_field = "code"


class BedrijfstakgroepViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Bedrijfstakgroep.objects.all()
    serializer_class = serializers.BedrijfstakgroepSerializer
    lookup_field = "code"
    pagination_class = None


class InstellingViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.instelling_list().order_by("brin")
    serializer_class = serializers.InstellingSerializer
    filterset_class = filters.InstellingFilter
    lookup_field = "brin"


class LocatieViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.locatie_list().order_by("id")
    serializer_class = serializers.LocatieSerializer
    filterset_class = filters.LocatieFilter


class OpleidingViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.opleiding_list().order_by("crebo")
    serializer_class = serializers.OpleidingSerializer
    filterset_class = filters.OpleidingFilter
    lookup_field = "crebo"


class AanbodViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin,
                    viewsets.ReadOnlyModelViewSet):
    """Offerings. Staff create and change them; offerings are stopped, never deleted."""

    serializer_class = serializers.AanbodSerializer
    filterset_class = filters.AanbodFilter
    permission_classes = [read_or_perm("portfolio.write_registry")]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            # Schema generation: the list selector reads the latest year from the database.
            return Aanbod.objects.none()
        return selectors.aanbod_list().order_by("id")

    def perform_create(self, serializer):
        serializer.instance = services.aanbod_save(aanbod=Aanbod(),
                                                   fields=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.aanbod_save(aanbod=serializer.instance,
                                                   fields=serializer.validated_data)


class InschrijvingViewSet(viewsets.ReadOnlyModelViewSet):
    """Students per offering per year."""

    queryset = Inschrijving.objects.order_by("aanbod_id", "jaar")
    serializer_class = serializers.InschrijvingSerializer
    filterset_fields = ["aanbod", "jaar", "aanbod__instelling__brin", "aanbod__opleiding__crebo"]


class CountsView(APIView):
    """Headline counts of the registries."""

    @extend_schema(responses=serializers.CountsSerializer)
    def get(self, request):
        data = {**selectors.portfolio_counts(), "synthetisch": selectors.portfolio_is_synthetic()}
        return Response(serializers.CountsSerializer(data).data)
