"""REST interface of the arbitration app; every write calls the same service as the pages.

Each case verb of ``verbs.py`` is a POST action on ``/zaken/{id}/<verb>/`` with the input
serializer of ``serializers.VERB_INPUTS``; a refusal of the ladder answers 409.
"""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from drf_standardized_errors.openapi_serializers import ErrorResponse404Serializer
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from mbo_regie.accounts.predicates import is_staf
from portfolio.proposals.models import Proposal
from portfolio.proposals.serializers import ProposalSerializer

from . import filters, selectors, verbs
from . import serializers as s
from .models import Case, InterestDeclaration, Lesson, PublishedCase
from .permissions import allowed
from .services import cases, panel


def _responses(ok, code=200) -> dict:
    """The documented answers of a write: success, and 404 for an unknown object it names.

    The schema class adds the other errors (400, 401, 403, 405, 409, ...) by itself.
    """
    return {code: ok, 404: ErrorResponse404Serializer}


def _require(request, perm: str, obj=None) -> None:
    if not allowed(request.user, perm, obj):
        raise PermissionDenied


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _verb_action(verb: verbs.Verb):
    """A viewset action for one case verb: permission, input, the verb's service call."""
    input_class = s.VERB_INPUTS[verb.slug]
    parsers = [MultiPartParser, JSONParser] if verb.multipart else [JSONParser]
    request_schema = {"multipart/form-data": input_class} if verb.multipart else input_class

    def run(self, request, pk=None):
        case = self.get_object()
        _require(request, verb.perm, case)
        data = _valid(input_class, request)
        try:
            verb.call(case, request.user, data)
        except DjangoPermissionDenied:
            raise PermissionDenied
        return self._detail(case)

    run.__name__ = verb.slug.replace("-", "_")
    run.__doc__ = str(verb.label)
    run = action(detail=True, methods=["post"], url_path=verb.slug, url_name=verb.slug,
                 parser_classes=parsers)(run)
    return extend_schema(request=request_schema, responses=_responses(s.CaseDetailSerializer),
                         summary=str(verb.label),
                         operation_id=f"geschil_{verb.slug.replace('-', '_')}")(run)


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Escalation cases: parties, panel members and the signalled board see theirs; staff all."""

    lookup_value_regex = r"\d+"

    queryset = Case.objects.all()
    serializer_class = s.CaseSerializer
    filterset_class = filters.CaseFilter
    search_fields = ["titel"]
    ordering_fields = ["geopend_op", "termijn", "titel"]

    def get_queryset(self):
        return selectors.case_list_for(self.request.user).order_by("-geopend_op", "-id")

    def get_serializer_class(self):
        return s.CaseDetailSerializer if self.action == "retrieve" else s.CaseSerializer

    def _detail(self, case, code=status.HTTP_200_OK):
        case = Case.objects.get(pk=case.pk)
        return Response(s.CaseDetailSerializer(case, context={"request": self.request}).data,
                        status=code)

    @extend_schema(request=s.CaseOpenSerializer,
                   responses=_responses(s.CaseDetailSerializer, 201))
    def create(self, request):
        """Open a case on its own (not from a proposal) with at least two parties."""
        _require(request, "arbitration.open_case")
        d = _valid(s.CaseOpenSerializer, request)
        case = cases.case_open(
            actor=request.user, titel=d["titel"], aanleiding=d["aanleiding"],
            omschrijving=d["omschrijving"], melder=d.get("melder"),
            wederpartijen=d["wederpartijen"], opleidingen=d.get("opleidingen", []),
            aanbod=d.get("aanbod", []), regios=d.get("regios", []))
        return self._detail(case, status.HTTP_201_CREATED)

    @extend_schema(request=s.FromProposalSerializer,
                   responses=_responses(s.CaseDetailSerializer, 201))
    @action(detail=False, methods=["post"], url_path="uit-voorstel")
    def uit_voorstel(self, request):
        """Staff open the case of a disputed proposal (status 'geschil')."""
        _require(request, "arbitration.open_case_from_proposal")
        d = _valid(s.FromProposalSerializer, request)
        proposal = get_object_or_404(Proposal, pk=d["voorstel"])
        case = cases.case_open_from_proposal(proposal=proposal, actor=request.user,
                                             titel=d.get("titel", ""),
                                             omschrijving=d.get("omschrijving", ""))
        return self._detail(case, status.HTTP_201_CREATED)

    @extend_schema(responses=s.CaseEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def tijdlijn(self, request, pk=None):
        """Every event of the case the user may read (actor, time, note)."""
        case = self.get_object()
        return Response(s.CaseEventSerializer(selectors.timeline_for(request.user, case),
                                          many=True).data)

    @extend_schema(responses=s.CaseFileSerializer)
    @action(detail=True, methods=["get"], pagination_class=None)
    def dossier(self, request, pk=None):
        """The case file: documents, hearings, questions and the copied proposal."""
        case = self.get_object()
        return Response(s.CaseFileSerializer({
            "stukken": selectors.documents_for(request.user, case),
            "hoorzittingen": case.hoorzittingen.all(),
            "vragen": case.vragen.select_related("aan", "beantwoord_namens"),
            "dossier": case.dossier}).data)

    @extend_schema(responses=s.PanelMemberSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def panel(self, request, pk=None):
        """The arbitration panel, with recusals and removals."""
        case = self.get_object()
        return Response(s.PanelMemberSerializer(selectors.panel_of(case), many=True).data)

    @extend_schema(responses=s.CandidateSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def kandidaten(self, request, pk=None):
        """Staff: chairs and commission members with their conflicts of interest."""
        case = self.get_object()
        _require(request, "arbitration.manage_case", case)
        return Response(s.CandidateSerializer(selectors.panel_candidates(case),
                                              many=True).data)

    @extend_schema(responses=s.RulingSerializer)
    @action(detail=True, methods=["get"])
    def uitspraak(self, request, pk=None):
        """The ruling: signed for everyone involved, the draft for the panel and staff."""
        case = self.get_object()
        ruling = selectors.ruling_for(request.user, case)
        if ruling is None:
            return Response({"type": "client_error", "errors": [
                {"code": "not_found", "detail": "Er is (nog) geen uitspraak.", "attr": None}]},
                status=status.HTTP_404_NOT_FOUND)
        return Response(s.RulingSerializer(ruling).data)


# One POST action per verb; the router finds them as extra actions of the viewset.
for _verb in verbs.VERBS:
    setattr(CaseViewSet, _verb.slug.replace("-", "_"), _verb_action(_verb))


class DisputedProposalViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Staff: disputed proposals without a case yet."""

    queryset = Proposal.objects.none()
    serializer_class = ProposalSerializer

    def get_queryset(self):
        if not is_staf(self.request.user):
            raise PermissionDenied
        return selectors.disputed_proposals_without_case()


class PublishedCaseViewSet(viewsets.ReadOnlyModelViewSet):
    """The public casuïstiek: anonymised summaries of rulings (no login needed)."""

    lookup_value_regex = r"\d+"

    queryset = PublishedCase.objects.select_related("btg", "arbeidsmarktregio").order_by(
        "-gepubliceerd_op", "-id")
    serializer_class = s.PublishedCaseSerializer
    filterset_class = filters.PublishedCaseFilter
    permission_classes = [AllowAny]


class LessonViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Public lessons learned of closed cases (the learning approach)."""

    queryset = Lesson.objects.none()
    serializer_class = s.LessonSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        return selectors.public_lessons()


class InterestViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Your own declared interests (commission members and chairs)."""

    lookup_value_regex = r"\d+"

    queryset = InterestDeclaration.objects.none()
    serializer_class = s.InterestSerializer

    def get_queryset(self):
        return selectors.interests_of(self.request.user)

    @extend_schema(request=s.InterestSerializer, responses=_responses(s.InterestSerializer, 201))
    def create(self, request):
        """Declare an interest; it excludes you from panels of cases it touches."""
        _require(request, "arbitration.declare_interest")
        d = _valid(s.InterestSerializer, request)
        declaration = panel.interest_declare(
            actor=request.user, omschrijving=d["omschrijving"], instelling=d.get("instelling"),
            opleiding=d.get("opleiding"), arbeidsmarktregio=d.get("arbeidsmarktregio"))
        return Response(s.InterestSerializer(declaration).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=_responses(s.InterestSerializer))
    @action(detail=True, methods=["post"])
    def beeindigen(self, request, pk=None):
        """End one of your declared interests as of today."""
        declaration = get_object_or_404(self.get_queryset(), pk=pk)
        panel.interest_end(declaration=declaration, actor=request.user)
        declaration.refresh_from_db()
        return Response(s.InterestSerializer(declaration).data)
