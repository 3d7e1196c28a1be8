from django.urls import path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.register("provincies", api.ProvincieViewSet, basename="provincie")
router.register("arbeidsmarktregios", api.ArbeidsmarktregioViewSet, basename="arbeidsmarktregio")
router.register("gemeenten", api.GemeenteViewSet, basename="gemeente")
router.register("bedrijfstakgroepen", api.BedrijfstakgroepViewSet, basename="bedrijfstakgroep")
router.register("instellingen", api.InstellingViewSet, basename="instelling")
router.register("locaties", api.LocatieViewSet, basename="locatie")
router.register("opleidingen", api.OpleidingViewSet, basename="opleiding")
router.register("aanbod", api.AanbodViewSet, basename="aanbod")
router.register("inschrijvingen", api.InschrijvingViewSet, basename="inschrijving")

urlpatterns = [path("portfolio/kerncijfers/", api.CountsView.as_view(), name="api-counts"),
               *router.urls]
