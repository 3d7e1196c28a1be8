"""REST interface of proposals and consultations; every write calls the same service as the pages.

Per action: the django-rules permission (who) is checked here, the service decides when.
"""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from mbo_regie.accounts.predicates import is_staf

from . import filters, selectors
from . import serializers as s
from .models import AgendaItem, Change, Message, Notification, Overleg, Proposal
from .services import consultations as meetings
from .services import conversation, drafts, lifecycle, notifications

NOTE = s.ProposalNoteSerializer


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _valid(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ProposalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """Proposals to change the portfolio: concepts are private to the proposer's institution."""

    queryset = Proposal.objects.select_related("instelling")
    serializer_class = s.ProposalSerializer
    filterset_class = filters.ProposalFilter
    lookup_value_regex = r"\d+"
    search_fields = ["titel"]
    ordering_fields = ["aangemaakt_op", "ingediend_op", "consultatie_tot", "titel"]

    def get_queryset(self):
        return selectors.proposal_list_for(self.request.user).order_by("-aangemaakt_op", "-id")

    def get_serializer_class(self):
        return s.ProposalDetailSerializer if self.action == "retrieve" else s.ProposalSerializer

    def _detail(self, proposal, code=status.HTTP_200_OK):
        proposal.refresh_from_db()
        data = s.ProposalDetailSerializer(proposal, context={"request": self.request}).data
        return ApiResponse(data, status=code)

    @extend_schema(request=s.ProposalCreateSerializer, responses={201: s.ProposalDetailSerializer})
    def create(self, request):
        _require(request, "proposals.add_proposal")
        data = _valid(s.ProposalCreateSerializer, request)
        # Bestuurders always propose for their own institution; staff may name one.
        instelling = data.get("instelling") if is_staf(request.user) else None
        proposal = drafts.proposal_create(actor=request.user, soort=data["soort"],
                                          titel=data["titel"], instelling=instelling,
                                          samenvatting=data.get("samenvatting", ""))
        return self._detail(proposal, status.HTTP_201_CREATED)

    @extend_schema(request=s.ProposalUpdateSerializer, responses=s.ProposalDetailSerializer)
    def partial_update(self, request, pk=None):
        proposal = self.get_object()
        _require(request, "proposals.change_proposal", proposal)
        drafts.proposal_update(proposal=proposal, actor=request.user,
                               **_valid(s.ProposalUpdateSerializer, request))
        return self._detail(proposal)

    def _verb(self, request, perm, call, serializer=None):
        proposal = self.get_object()
        _require(request, perm, proposal)
        data = _valid(serializer, request) if serializer else {}
        call(proposal, data)
        return self._detail(proposal)

    @extend_schema(request=None, responses=s.ProposalDetailSerializer)
    @action(detail=True, methods=["post"])
    def indienen(self, request, pk=None):
        """Submit: publish version 1 and open the consultation."""
        return self._verb(request, "proposals.change_proposal", lambda p, d:
                          lifecycle.proposal_submit(proposal=p, actor=request.user))

    @extend_schema(request=None, responses=s.ProposalDetailSerializer)
    @action(detail=True, methods=["post"], url_path="nieuwe-versie")
    def nieuwe_versie(self, request, pk=None):
        """Open a draft for a new version (a copy of the latest one)."""
        return self._verb(request, "proposals.change_proposal", lambda p, d:
                          drafts.version_draft_start(proposal=p, actor=request.user))

    @extend_schema(request=None, responses=s.ProposalDetailSerializer)
    @action(detail=True, methods=["post"])
    def aanpassen(self, request, pk=None):
        """Publish the draft as the new version of a submitted proposal."""
        return self._verb(request, "proposals.change_proposal", lambda p, d:
                          lifecycle.proposal_revise(proposal=p, actor=request.user))

    @extend_schema(request=None, responses=s.ProposalDetailSerializer)
    @action(detail=True, methods=["post"])
    def ondertekenen(self, request, pk=None):
        """Sign the draft of a swap or joint proposal for your own institution."""
        return self._verb(request, "proposals.sign_proposal", lambda p, d:
                          drafts.proposal_sign(proposal=p, actor=request.user))

    @extend_schema(request=NOTE, responses=s.ProposalDetailSerializer)
    @action(detail=True, methods=["post"])
    def intrekken(self, request, pk=None):
        return self._verb(request, "proposals.withdraw_proposal", lambda p, d:
                          lifecycle.proposal_withdraw(proposal=p, actor=request.user,
                                                      note=d.get("tekst", "")), NOTE)

    @extend_schema(request=NOTE, responses=s.ProposalDetailSerializer)
    @action(detail=True, methods=["post"])
    def afstemmen(self, request, pk=None):
        return self._verb(request, "proposals.conclude_proposal", lambda p, d:
                          lifecycle.proposal_conclude(proposal=p, actor=request.user,
                                                      note=d.get("tekst", "")), NOTE)

    @extend_schema(request=NOTE, responses=s.ProposalDetailSerializer)
    @action(detail=True, methods=["post"])
    def geschil(self, request, pk=None):
        return self._verb(request, "proposals.dispute_proposal", lambda p, d:
                          lifecycle.proposal_dispute(proposal=p, actor=request.user,
                                                     reden=d.get("tekst", "")), NOTE)

    @extend_schema(request=NOTE, responses=s.ProposalDetailSerializer)
    @action(detail=True, methods=["post"])
    def besluiten(self, request, pk=None):
        return self._verb(request, "proposals.decide_proposal", lambda p, d:
                          lifecycle.proposal_decide(proposal=p, actor=request.user,
                                                    besluit=d.get("tekst", "")), NOTE)

    @extend_schema(request=None, responses=s.ProposalDetailSerializer)
    @action(detail=True, methods=["post"])
    def uitvoeren(self, request, pk=None):
        return self._verb(request, "proposals.execute_proposal", lambda p, d:
                          lifecycle.proposal_execute(proposal=p, actor=request.user))

    @extend_schema(request=s.ProposalChangeInputSerializer,
                   responses={201: s.ProposalChangeSerializer})
    @action(detail=True, methods=["post"])
    def wijzigingen(self, request, pk=None):
        """Add a concrete change to the draft (the impact is recomputed)."""
        proposal = self.get_object()
        _require(request, "proposals.change_proposal", proposal)
        change = drafts.change_add(proposal=proposal, actor=request.user,
                                   data=_valid(s.ProposalChangeInputSerializer, request))
        return ApiResponse(s.ProposalChangeSerializer(change).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.ProposalResponseSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def reacties(self, request, pk=None):
        """The responses of the invited institutions."""
        proposal = self.get_object()
        return ApiResponse(s.ProposalResponseSerializer(
            proposal.reacties.select_related("instelling"), many=True).data)

    @extend_schema(request=s.ProposalResponseInputSerializer,
                   responses=s.ProposalResponseSerializer)
    @reacties.mapping.put
    def reactie_geven(self, request, pk=None):
        """Give or change your institution's one response (until the deadline)."""
        proposal = self.get_object()
        _require(request, "proposals.respond_proposal", proposal)
        data = _valid(s.ProposalResponseInputSerializer, request)
        response = conversation.response_save(proposal=proposal, actor=request.user, **data)
        return ApiResponse(s.ProposalResponseSerializer(response).data)

    @extend_schema(responses=s.ProposalMessageSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def berichten(self, request, pk=None):
        """The discussion, oldest first; ``parent`` links a reply to its message."""
        proposal = self.get_object()
        return ApiResponse(s.ProposalMessageSerializer(
            proposal.berichten.select_related("auteur", "instelling"), many=True).data)

    @extend_schema(request=s.ProposalMessageInputSerializer,
                   responses={201: s.ProposalMessageSerializer})
    @berichten.mapping.post
    def bericht_plaatsen(self, request, pk=None):
        proposal = self.get_object()
        _require(request, "proposals.discuss_proposal", proposal)
        data = _valid(s.ProposalMessageInputSerializer, request)
        parent = None
        if data.get("parent"):
            parent = get_object_or_404(Message, pk=data["parent"], proposal=proposal)
        message = conversation.message_post(proposal=proposal, actor=request.user,
                                            tekst=data["tekst"], parent=parent)
        return ApiResponse(s.ProposalMessageSerializer(message).data,
                           status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.ProposalDocumentSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None,
            parser_classes=[MultiPartParser, JSONParser])
    def documenten(self, request, pk=None):
        proposal = self.get_object()
        return ApiResponse(s.ProposalDocumentSerializer(
            proposal.documenten.select_related("geupload_door"), many=True).data)

    @extend_schema(request={"multipart/form-data": s.ProposalDocumentInputSerializer},
                   responses={201: s.ProposalDocumentSerializer})
    @documenten.mapping.post
    def document_uploaden(self, request, pk=None):
        """Upload a document (pdf, docx, xlsx, odt, png, jpg, txt, csv; at most 10 MB)."""
        proposal = self.get_object()
        _require(request, "proposals.discuss_proposal", proposal)
        data = _valid(s.ProposalDocumentInputSerializer, request)
        document = conversation.document_upload(proposal=proposal, actor=request.user,
                                                upload=data["bestand"])
        return ApiResponse(s.ProposalDocumentSerializer(document).data,
                           status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.ProposalVersionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def versies(self, request, pk=None):
        """Published versions, oldest first, each with its impact snapshot and signals."""
        proposal = self.get_object()
        versions = proposal.versies.filter(gepubliceerd_op__isnull=False).order_by("nummer")
        return ApiResponse(s.ProposalVersionSerializer(versions, many=True).data)


class ChangeViewSet(mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                    mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """A concrete change; only changes of a draft can be altered or removed."""

    queryset = Change.objects.select_related("versie__proposal", "opleiding", "locatie")
    lookup_value_regex = r"\d+"
    serializer_class = s.ProposalChangeSerializer
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_queryset(self):
        visible = selectors.proposal_list_for(self.request.user)
        return self.queryset.filter(versie__proposal__in=visible)

    @extend_schema(request=s.ProposalChangeUpdateSerializer, responses=s.ProposalChangeSerializer)
    def partial_update(self, request, pk=None):
        change = self.get_object()
        _require(request, "proposals.change_proposal", change.versie.proposal)
        change = drafts.change_update(change=change, actor=request.user,
                                      data=_valid(s.ProposalChangeUpdateSerializer, request))
        return ApiResponse(s.ProposalChangeSerializer(change).data)

    def destroy(self, request, pk=None):
        change = self.get_object()
        _require(request, "proposals.change_proposal", change.versie.proposal)
        drafts.change_remove(change=change, actor=request.user)
        return ApiResponse(status=status.HTTP_204_NO_CONTENT)


class OverlegViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Regional and sectoral consultations; staff plan them and record their outcomes."""

    queryset = Overleg.objects.select_related("arbeidsmarktregio", "btg").prefetch_related(
        "agenda__proposal")
    lookup_value_regex = r"\d+"
    serializer_class = s.OverlegSerializer
    filterset_class = filters.OverlegFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        _require(self.request, "proposals.manage_overleg")
        serializer.instance = meetings.overleg_save(fields=serializer.validated_data)

    def perform_update(self, serializer):
        _require(self.request, "proposals.manage_overleg")
        serializer.instance = meetings.overleg_save(overleg=serializer.instance,
                                                    fields=serializer.validated_data)

    @extend_schema(request=s.OverlegAgendaAddSerializer,
                   responses={201: s.OverlegAgendaItemSerializer})
    @action(detail=True, methods=["post"])
    def agenda(self, request, pk=None):
        """Put a submitted proposal on the agenda."""
        overleg = self.get_object()
        _require(request, "proposals.manage_overleg")
        data = _valid(s.OverlegAgendaAddSerializer, request)
        item = meetings.agenda_item_add(overleg=overleg, proposal=data["proposal"])
        return ApiResponse(s.OverlegAgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)


class AgendaItemViewSet(mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                        mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Agenda items: record the outcome per proposal, or take one off the agenda."""

    queryset = AgendaItem.objects.select_related("proposal")
    lookup_value_regex = r"\d+"
    serializer_class = s.OverlegAgendaItemSerializer
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def perform_update(self, serializer):
        _require(self.request, "proposals.manage_overleg")
        data = serializer.validated_data
        serializer.instance = meetings.agenda_item_record_outcome(
            item=serializer.instance, uitkomst=data.get("uitkomst", serializer.instance.uitkomst),
            toelichting=data.get("toelichting", serializer.instance.toelichting))

    def perform_destroy(self, instance):
        _require(self.request, "proposals.manage_overleg")
        meetings.agenda_item_remove(item=instance)


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Your in-app notifications, newest first."""

    queryset = Notification.objects.all()
    lookup_value_regex = r"\d+"
    serializer_class = s.ProposalNotificationSerializer

    def get_queryset(self):
        return selectors.notifications_for(self.request.user)

    @extend_schema(request=None, responses=s.ProposalNotificationSerializer)
    @action(detail=True, methods=["post"])
    def gelezen(self, request, pk=None):
        notification = get_object_or_404(self.get_queryset(), pk=pk)
        notifications.notification_mark_read(notification=notification)
        return ApiResponse(s.ProposalNotificationSerializer(notification).data)


class InboxView(APIView):
    """"Mijn acties": what waits for you, section by section."""

    @extend_schema(responses=s.ProposalInboxSerializer)
    def get(self, request):
        data = {**selectors.inbox_for(request.user),
                "ongelezen_meldingen": selectors.unread_count(request.user)}
        return ApiResponse(s.ProposalInboxSerializer(data).data)
