"""REST interface of the proposals app (mounted at /api/voorstellen/)."""
from django.urls import path
from rest_framework.routers import DefaultRouter

from . import api

# Proposals live at the root of /api/voorstellen/; numeric ids keep them apart from the
# other collections.
router = DefaultRouter()
router.include_root_view = False
router.register("wijzigingen", api.ChangeViewSet, basename="proposal-change")
router.register("overleggen", api.OverlegViewSet, basename="overleg")
router.register("agendapunten", api.AgendaItemViewSet, basename="agendapunt")
router.register("meldingen", api.NotificationViewSet, basename="melding")
router.register("", api.ProposalViewSet, basename="proposal")

urlpatterns = [path("mijn-acties/", api.InboxView.as_view(), name="proposal-inbox"),
               *router.urls]
