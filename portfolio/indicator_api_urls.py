"""Indicator API, mounted at /api/indicatoren/."""
from django.urls import path
from rest_framework.routers import DefaultRouter

from . import indicator_api

router = DefaultRouter()
router.register("runs", indicator_api.IndicatorRunViewSet, basename="indicatorrun")

urlpatterns = [path("wat-als/", indicator_api.WhatIfView.as_view(), name="api-whatif"),
               *router.urls]
