"""REST interface of the arbitration app (mounted at /api/geschillen/)."""
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.register("zaken", api.CaseViewSet, basename="case")
router.register("betwiste-voorstellen", api.DisputedProposalViewSet,
                basename="disputed-proposal")
router.register("casuistiek", api.PublishedCaseViewSet, basename="published-case")
router.register("leerpunten", api.LessonViewSet, basename="lesson")
router.register("belangen", api.InterestViewSet, basename="interest")

urlpatterns = router.urls
