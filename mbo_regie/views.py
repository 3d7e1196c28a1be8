"""Project-level pages: the start page, health, the API token and the JSON 404 for /api/."""
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import JSONParser

from portfolio import selectors as portfolio_selectors

from . import health as health_checks


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
    responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
    tags=["auth"],
)
class ObtainTokenView(ObtainAuthToken):
    """POST username and password, get an API token (JSON only)."""

    parser_classes = [JSONParser]
