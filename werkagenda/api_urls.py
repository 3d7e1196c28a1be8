from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.register("prioriteiten", api.PrioriteitViewSet, basename="werkagenda-prioriteit")
router.register("doelstellingen", api.DoelstellingViewSet, basename="werkagenda-doelstelling")
router.register("partijen", api.PartijViewSet, basename="werkagenda-partij")
router.register("acties", api.ActieViewSet, basename="werkagenda-actie")
router.register("rondes", api.RapportagerondeViewSet, basename="werkagenda-ronde")
router.register("voortgang", api.VoortgangViewSet, basename="werkagenda-voortgang")
router.register("indicatoren", api.IndicatorViewSet, basename="werkagenda-indicator")

urlpatterns = router.urls
