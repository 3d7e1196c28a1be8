"""REST interface of the indicators: runs and their result tables (read), and the what-if."""
import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from drf_standardized_errors.openapi_serializers import (
    ErrorResponse401Serializer,
    ErrorResponse404Serializer,
    ParseErrorResponseSerializer,
    ValidationErrorResponseSerializer,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from . import indicator_selectors
from .impact import ImpactError, impact_of_changes
from .indicator_views import labels
from .indicator_views.common import table
from .indicators import FRAME_NAMES, FRAMES, to_records
from .indicators.whatif import ACTIONS
from .models import IndicatorRun, IndicatorTable, Leerweg

# ---- Serializers (shapes only) --------------------------------------------------------------


class IndicatorRunSerializer(serializers.ModelSerializer):
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True,
                                                allow_null=True)

    class Meta:
        model = IndicatorRun
        fields = ["id", "status", "trigger", "requested_by", "progress", "created_on",
                  "started_on", "heartbeat_on", "finished_on", "synthetisch", "attempts",
                  "fingerprint", "params", "summary", "counts", "timings", "error"]


class ColumnSerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField()
    label = serializers.CharField(help_text="Dutch column header")


class TableInfoSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=FRAME_NAMES)
    title = serializers.CharField()
    description = serializers.CharField()
    rows = serializers.IntegerField()
    parts = serializers.ListField(child=serializers.CharField())
    columns = ColumnSerializer(many=True)


class TableRowsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    synthetisch = serializers.BooleanField()
    results = serializers.ListField(child=serializers.DictField())


class TableQuerySerializer(serializers.Serializer):
    """Optional equality filters on a result table (applied where the table has the column)."""

    part = serializers.CharField(required=False, max_length=20)
    gemeente_code = serializers.RegexField(r"^GM\d{4}$", required=False)
    arbeidsmarktregio_code = serializers.CharField(required=False, max_length=4)
    crebo = serializers.RegexField(r"^\d{5}$", required=False)
    btg_code = serializers.CharField(required=False, max_length=8)
    niveau = serializers.IntegerField(required=False, min_value=1, max_value=4)
    instelling_id = serializers.IntegerField(required=False, min_value=1)
    aanbod_id = serializers.IntegerField(required=False, min_value=1)


class ChangeSerializer(serializers.Serializer):
    """One proposed change; which ids are required depends on the action."""

    action = serializers.ChoiceField(choices=ACTIONS)
    aanbod_id = serializers.IntegerField(required=False, min_value=1,
                                         help_text="stop, expand, scale_down: the offering")
    opleiding_id = serializers.IntegerField(required=False, min_value=1,
                                            help_text="start: the programme")
    locatie_id = serializers.IntegerField(required=False, min_value=1,
                                          help_text="start: an existing location")
    instelling_id = serializers.IntegerField(required=False, min_value=1,
                                             help_text="start: defaults to the location's")
    leerweg = serializers.ChoiceField(choices=Leerweg.choices, required=False)
    studenten = serializers.IntegerField(required=False, min_value=0, max_value=100_000,
                                         help_text="expected students per year after it")
    studenten_delta = serializers.IntegerField(required=False, min_value=-100_000,
                                               max_value=100_000)
    capaciteit = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                          max_value=100_000)
    onderbouwd = serializers.BooleanField(required=False, default=False)

    def validate(self, data):
        needed = ("opleiding_id", "locatie_id") if data["action"] == "start" else ("aanbod_id",)
        message = _("Verplicht bij actie %(a)s.") % {"a": data["action"]}
        missing = {f: [serializers.ErrorDetail(message, code="required")]
                   for f in needed if data.get(f) is None}
        if missing:
            raise serializers.ValidationError(missing)
        return data


class WhatIfRequestSerializer(serializers.Serializer):
    changes = ChangeSerializer(many=True, allow_empty=False, max_length=50)


class WhatIfResponseSerializer(serializers.Serializer):
    before = serializers.DictField(help_text="headline figures now")
    after = serializers.DictField(help_text="headline figures after the changes")
    deltas = serializers.DictField(help_text="after minus before")
    affected_instelling_ids = serializers.ListField(child=serializers.IntegerField())
    affected = serializers.ListField(child=serializers.DictField())
    overlap_new = serializers.ListField(child=serializers.DictField())
    overlap_removed = serializers.IntegerField()
    coverage_lost = serializers.ListField(child=serializers.DictField())
    coverage_gained = serializers.ListField(child=serializers.DictField())
    white_spots_added = serializers.ListField(child=serializers.DictField())
    white_spots_removed = serializers.ListField(child=serializers.DictField())
    thinning = serializers.ListField(child=serializers.DictField())
    specialist = serializers.ListField(child=serializers.DictField())
    programmes = serializers.ListField(child=serializers.DictField())
    sector = serializers.ListField(child=serializers.DictField())
    synthetisch = serializers.BooleanField()
    elapsed_ms = serializers.FloatField()


# ---- Views ----------------------------------------------------------------------------------


class IndicatorRunFilter(django_filters.FilterSet):
    # A strict choice, so "synthetisch=nee" or "=null" is a 400 instead of silently ignored.
    synthetisch = django_filters.TypedChoiceFilter(
        choices=[("true", "true"), ("false", "false")], coerce=lambda v: v == "true",
        label="op synthetische gegevens")

    class Meta:
        model = IndicatorRun
        fields = ["status", "trigger", "synthetisch"]


class _Rows:
    """A DataFrame as a sequence of JSON rows; only the requested page is converted."""

    def __init__(self, df):
        self.df = df

    def __len__(self):
        return len(self.df)

    def __getitem__(self, key):
        if isinstance(key, slice):
            return to_records(self.df.iloc[key])
        return to_records(self.df.iloc[[key]])[0]


# The schema class adds the common error responses; these endpoints declare the ones it cannot
# infer (a 404 without a path parameter, a 400 from query parameters or a nested change set).
ERRORS_404 = {401: ErrorResponse401Serializer, 404: ErrorResponse404Serializer}
BAD_REQUEST = PolymorphicProxySerializer(
    component_name="IndicatorBadRequest", resource_type_field_name=None,
    serializers=[ValidationErrorResponseSerializer, ParseErrorResponseSerializer])
ERRORS_400 = {400: BAD_REQUEST, **ERRORS_404}

NAME_PARAM = OpenApiParameter("naam", OpenApiTypes.STR, OpenApiParameter.PATH,
                              enum=list(FRAME_NAMES), description="result table")
PAGE_PARAM = OpenApiParameter("page", OpenApiTypes.INT, OpenApiParameter.QUERY,
                              description="page number (50 rows a page)")


@extend_schema_view(
    list=extend_schema(responses={200: IndicatorRunSerializer(many=True), **ERRORS_400},
                       parameters=[OpenApiParameter("synthetisch", OpenApiTypes.STR,
                                                    enum=["true", "false"],
                                                    description="op synthetische gegevens")]),
    retrieve=extend_schema(responses={200: IndicatorRunSerializer, **ERRORS_404}),
)
class IndicatorRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicator runs (snapshots), newest first, with their headline figures and tables."""

    queryset = indicator_selectors.indicator_runs()
    serializer_class = IndicatorRunSerializer
    filterset_class = IndicatorRunFilter
    search_fields = None
    ordering_fields = ["created_on", "finished_on", "id"]

    @extend_schema(responses={200: IndicatorRunSerializer, **ERRORS_404})
    @action(detail=False, url_path="laatste", pagination_class=None, filterset_class=None)
    def latest(self, request):
        """The newest finished run."""
        run = indicator_selectors.indicator_run_latest()
        if run is None:
            raise NotFound(_("Er is nog geen afgeronde berekening."))
        return Response(IndicatorRunSerializer(run).data)

    @extend_schema(responses={200: TableInfoSerializer(many=True), **ERRORS_404})
    @action(detail=True, url_path="tabellen", pagination_class=None, filterset_class=None)
    def tables(self, request, pk=None):
        """The result tables of a finished run: rows, parts and columns."""
        run = self._done()
        parts = {}
        for name, part in IndicatorTable.objects.filter(run=run).values_list("name", "part"):
            if part:
                parts.setdefault(name, []).append(part)
        data = [{"name": name, "title": str(labels.TABLES[name][0]),
                 "description": str(labels.TABLES[name][1]), "rows": run.counts.get(name, 0),
                 "parts": sorted(parts.get(name, [])),
                 "columns": [{"name": c, "type": t, "label": str(labels.COLUMNS.get(c, c))}
                             for c, t, _m in FRAMES[name].columns]}
                for name in FRAME_NAMES if name in run.counts]
        return Response(TableInfoSerializer(data, many=True).data)

    @extend_schema(parameters=[NAME_PARAM, PAGE_PARAM, TableQuerySerializer],
                   responses={200: TableRowsSerializer, **ERRORS_400}, filters=False)
    @action(detail=True, url_path=r"tabellen/(?P<naam>[a-z0-9_]+)", filterset_class=None)
    def table_rows(self, request, pk=None, naam=None):
        """The rows of one result table, 50 a page, optionally filtered on key columns."""
        run = self._done()
        if naam not in FRAMES or naam not in run.counts:
            raise NotFound(_("Deze tabel bestaat niet."))
        query = TableQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = dict(query.validated_data)
        part = filters.pop("part", None)
        if naam in indicator_selectors.PARTITIONED and part is None:
            # Read one btg slice of the big table when the filter names it anyway.
            part = filters.get("btg_code")
        df = table(run, naam, part if naam in indicator_selectors.PARTITIONED else None)
        for column, value in filters.items():
            if column in df.columns:
                df = df[df[column] == value]
        page = self.paginate_queryset(_Rows(df))
        response = self.get_paginated_response(page)
        response.data["synthetisch"] = run.synthetisch
        return response

    def _done(self) -> IndicatorRun:
        run = self.get_object()
        if run.status != IndicatorRun.Status.DONE:
            raise NotFound(_("Deze berekening heeft (nog) geen resultaten."))
        return run


class WhatIfView(APIView):
    """What would a set of offering changes do to every indicator, and whom does it affect?"""

    @extend_schema(request=WhatIfRequestSerializer,
                   responses={200: WhatIfResponseSerializer, 400: BAD_REQUEST,
                              401: ErrorResponse401Serializer},
                   tags=["indicatoren"])
    def post(self, request):
        payload = WhatIfRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        changes = [{k: v for k, v in c.items() if v is not None or k == "capaciteit"}
                   for c in payload.validated_data["changes"]]
        try:
            impact = impact_of_changes(changes)
        except ImpactError as exc:
            # The change set is the client's input: a change it cannot evaluate is a 400
            # naming the change and field, like any other validation error.
            if exc.index is None:
                raise ValidationError({"changes": [exc.message]}) from None
            detail = [{} for _c in changes]
            detail[exc.index] = {exc.field or "non_field_errors": [exc.message]}
            raise ValidationError({"changes": detail}) from None
        return Response(impact)
