"""Project-level pages: the start page, health, the API token and the JSON 404 for /api/."""
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_standardized_errors.openapi_serializers import ErrorResponse429Serializer
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import Throttled
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from portfolio import selectors as portfolio_selectors

from . import export
from . import health as health_checks
from .accounts import throttle
from .audit.models import AuditEntry
from .audit.services import entry_record


def home(request):
    """Start page: a dashboard of registry counts and the user's own institution."""
    context = {
        "counts": portfolio_selectors.portfolio_counts(),
        "eigen_instelling": getattr(request.user, "instelling", None),
    }
    return render(request, "home.html", context)


@login_not_required
@never_cache
def health(request):
    """Machine-readable state of the database, the broker and the latest indicator run."""
    report = health_checks.health_report()
    return JsonResponse(report, status=503 if report["status"] == "error" else 200)


def page_not_found(request, exception):
    """JSON for API clients, the portal's 404 page for people."""
    if request.path_info.startswith("/api/"):
        body = {"type": "client_error",
                "errors": [{"code": "not_found", "detail": "Niet gevonden.", "attr": None}]}
        return JsonResponse(body, status=404)
    return defaults.page_not_found(request, exception)


@extend_schema(
    request=inline_serializer("TokenRequest", {"username": serializers.CharField(),
                                               "password": serializers.CharField()}),
    responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
               429: ErrorResponse429Serializer},
    tags=["auth"],
)
# Wrong credentials: AuthTokenSerializer.validate raises code "authorization".
@extend_validation_errors(["authorization"], field_name="non_field_errors")
class ObtainTokenView(ObtainAuthToken):
    """POST username and password, get an API token (JSON only).

    Throttled like the login page: a locked user name and address get 429.
    """

    parser_classes = [JSONParser]

    def post(self, request, *args, **kwargs):
        username = request.data.get("username") if isinstance(request.data, dict) else None
        if isinstance(username, str) and not throttle.attempt_allowed(request, username):
            raise Throttled(detail=throttle.locked_message())
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)  # a failure is counted by the auth signal
        user = serializer.validated_data["user"]
        throttle.failures_reset(request, user.get_username())
        entry_record(kind=AuditEntry.Kind.LOGIN, request=request, user=user)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


@require_http_methods(["GET", "POST"])
@never_cache
def member_export_page(request):
    """'Exporteer mijn gegevens': GET explains, POST downloads everything the user may see."""
    if request.method == "POST":
        response = HttpResponse(export.member_export(request.user),
                                content_type="application/zip")
        filename = export.member_export_filename(request.user)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(request, "export.html")
