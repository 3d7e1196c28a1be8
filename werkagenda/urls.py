from django.urls import path

from . import views

app_name = "werkagenda"
urlpatterns = [
    path("", views.index, name="index"),
    path("acties/<str:code>/", views.actie_detail, name="actie"),
    path("acties/<str:code>/voortgang/", views.voortgang_update, name="voortgang_update"),
    path("acties/<str:code>/koppelingen/", views.koppelingen_edit, name="koppelingen"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("partijen/", views.partij_list, name="partij_list"),
    path("partijen/<slug:code>/", views.partij_detail, name="partij"),
    path("rondes/", views.ronde_list, name="ronde_list"),
    path("rondes/openen/", views.ronde_open, name="ronde_open"),
    path("rondes/vergelijken/", views.ronde_diff, name="ronde_diff"),
    path("rondes/<slug:code>/", views.ronde_detail, name="ronde"),
    path("rondes/<slug:code>/publiceren/", views.ronde_publish, name="ronde_publish"),
]
