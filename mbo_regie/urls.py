"""Root URLconf: pages per app, the API under /api/, health and docs."""
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views
from .accounts.views import PortalLoginView

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("mijn-gegevens/", views.member_export_page, name="member_export"),
    # The throttled login page first; the rest of Django's account pages after it.
    path("accounts/login/", PortalLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("audit/", include("mbo_regie.audit.urls")),
    # The language switch must work before logging in (LoginRequiredMiddleware).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("portfolio/", include("portfolio.urls")),
    path("indicatoren/", include("portfolio.indicator_urls")),
    path("voorstellen/", include("portfolio.proposals.urls")),
    path("geschillen/", include("arbitration.urls")),
    path("werkagenda/", include("werkagenda.urls")),
    path("api/auth/token/", views.ObtainTokenView.as_view(), name="api-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its script from a URL: no inline script for the CSP to refuse.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
         name="api-docs"),
    path("api/", include("portfolio.api_urls")),
    path("api/indicatoren/", include("portfolio.indicator_api_urls")),
    path("api/voorstellen/", include("portfolio.proposals.api_urls")),
    path("api/geschillen/", include("arbitration.api_urls")),
    path("api/werkagenda/", include("werkagenda.api_urls")),
]

handler404 = "mbo_regie.views.page_not_found"
