"""Pages of the arbitration app (mounted at /geschillen/)."""
from django.urls import path

from . import views

app_name = "arbitration"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("nieuw/", views.case_create, name="case_create"),
    path("voorstellen/", views.disputed_proposals, name="disputed_proposals"),
    path("voorstellen/<int:proposal_id>/openen/", views.case_open, name="case_open"),
    path("casuistiek/", views.library, name="library"),
    path("casuistiek/<int:pk>/", views.library_detail, name="library_detail"),
    path("belangen/", views.interests, name="interests"),
    path("belangen/<int:pk>/beeindigen/", views.interest_end, name="interest_end"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/dossier/", views.case_print, name="case_print"),
    path("<int:pk>/panel/", views.case_panel, name="case_panel"),
    path("<int:pk>/uitspraak/", views.case_ruling, name="case_ruling"),
    path("<int:pk>/publiceren/", views.case_publish, name="case_publish"),
    path("<int:pk>/stukken/<int:document_id>/", views.document, name="document"),
    path("<int:pk>/actie/<slug:verb>/", views.case_action, name="case_action"),
]
