"""REST interface of the Werkagenda: reads for every member; rounds and progress via services."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from mbo_regie.drf import HeavyItemPagination, read_or_perm

from . import selectors, serializers, services
from .filters import ActieFilter, VoortgangFilter
from .models import Prioriteit, Voortgang
from .permissions import can_update


class PrioriteitViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Prioriteit.objects.order_by("nummer")
    serializer_class = serializers.PrioriteitSerializer
    lookup_field = "nummer"
    pagination_class = None


class DoelstellingViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.doelstelling_list()
    serializer_class = serializers.DoelstellingSerializer
    lookup_field = "code"
    lookup_value_regex = r"\d\.\d+"
    pagination_class = None


class PartijViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.partij_list()
    serializer_class = serializers.PartijSerializer
    lookup_field = "code"
    pagination_class = None


class ActieViewSet(viewsets.ReadOnlyModelViewSet):
    """Actions with objective, wat, wie (parties and original text), wanneer and progress."""

    queryset = selectors.actie_api_list()
    serializer_class = serializers.ActieSerializer
    pagination_class = HeavyItemPagination
    filterset_class = ActieFilter
    lookup_field = "code"
    lookup_value_regex = r"\d\.\d+\.\d+"
    search_fields = []  # the filterset's q does the text search
    ordering_fields = ["code"]


class RapportagerondeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Reporting rounds. Staff open a round (POST) and publish it (POST …/publiceren/)."""

    queryset = selectors.ronde_list()
    serializer_class = serializers.RapportagerondeSerializer
    lookup_field = "code"
    pagination_class = None
    permission_classes = [read_or_perm("werkagenda.manage_rondes")]

    @extend_schema(request=serializers.RondeOpenSerializer,
                   responses={201: serializers.RapportagerondeSerializer})
    def create(self, request, *args, **kwargs):
        data = serializers.RondeOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ronde = services.ronde_open(actor=request.user, **data.validated_data)
        ronde = selectors.ronde_list().get(pk=ronde.pk)
        return Response(self.get_serializer(ronde).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.RondePublishSerializer,
                   responses={200: serializers.RapportagerondeSerializer})
    @action(detail=True, methods=["post"], url_path="publiceren")
    def publiceren(self, request, code=None):
        ronde = self.get_object()
        data = serializers.RondePublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.ronde_publish(ronde=ronde, actor=request.user, note=data.validated_data["notitie"])
        return Response(self.get_serializer(selectors.ronde_list().get(pk=ronde.pk)).data)


# Without an open round, POST answers 400 on "ronde" (not a field of the input).
@extend_validation_errors(["invalid"], field_name="ronde", actions=["create"])
class VoortgangViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Progress per action per round. POST records progress in the open round (owners of the
    action and staff; a published round answers 409)."""

    serializer_class = serializers.VoortgangSerializer
    filterset_class = VoortgangFilter

    def get_queryset(self):
        return (Voortgang.objects.select_related("actie", "ronde", "bijgewerkt_door")
                .order_by("actie__doelstelling__volgorde", "actie__volgorde", "ronde__volgorde"))

    @extend_schema(request=serializers.VoortgangUpdateSerializer,
                   responses={201: serializers.VoortgangSerializer})
    def create(self, request, *args, **kwargs):
        data = serializers.VoortgangUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actie = data.validated_data["actie"]
        if not can_update(request.user, actie):
            raise PermissionDenied
        ronde = selectors.ronde_open_get()
        if ronde is None:
            raise ValidationError({"ronde": "Er is geen open rapportageronde."})
        voortgang = services.voortgang_update(
            actie=actie, ronde=ronde, actor=request.user, tekst=data.validated_data["tekst"],
            idem=data.validated_data["idem"], categorie=data.validated_data["categorie"])
        voortgang = get_object_or_404(self.get_queryset(), pk=voortgang.pk)
        return Response(self.get_serializer(voortgang).data, status=status.HTTP_201_CREATED)


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.indicator_list()
    serializer_class = serializers.IndicatorSerializer
    lookup_field = "code"
    pagination_class = None
