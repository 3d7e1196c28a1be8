"""Indicator pages, mounted at /indicatoren/."""
from django.urls import path

from .indicator_views import pages, runs, tables

app_name = "indicators"
urlpatterns = [
    path("", pages.overview, name="overview"),
    path("kerncijfers/", pages.cards, name="cards"),
    path("kaart/", pages.map_page, name="map"),
    path("methode/", pages.method, name="method"),
    path("instellingen/", runs.settings_edit, name="settings"),
    path("berekeningen/", runs.run_list, name="runs"),
    path("berekeningen/starten/", runs.run_start, name="run_start"),
    path("berekeningen/vergelijken/", runs.run_compare, name="run_compare"),
    path("berekeningen/<int:pk>/", runs.run_detail, name="run_detail"),
    path("berekeningen/<int:pk>/voortgang/", runs.run_progress, name="run_progress"),
    path("berekeningen/<int:pk>/opnieuw/", runs.run_retry, name="run_retry"),
    path("berekeningen/<int:pk>/tabellen/<str:name>/", tables.table_page, name="table"),
]
