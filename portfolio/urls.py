from django.urls import path

from . import views

app_name = "portfolio"
urlpatterns = [
    path("gemeenten/", views.GemeenteList.as_view(), name="gemeente_list"),
    path("gemeenten/<str:code>/", views.gemeente_detail, name="gemeente_detail"),
    path("regios/", views.ArbeidsmarktregioList.as_view(), name="regio_list"),
    path("regios/<str:code>/", views.arbeidsmarktregio_detail, name="regio_detail"),
    path("provincies/", views.ProvincieList.as_view(), name="provincie_list"),
    path("provincies/<str:code>/", views.provincie_detail, name="provincie_detail"),
    path("instellingen/", views.InstellingList.as_view(), name="instelling_list"),
    path("instellingen/<str:brin>/", views.instelling_detail, name="instelling_detail"),
    path("locaties/", views.LocatieList.as_view(), name="locatie_list"),
    path("locaties/<int:pk>/", views.locatie_detail, name="locatie_detail"),
    path("opleidingen/", views.OpleidingList.as_view(), name="opleiding_list"),
    path("opleidingen/<str:crebo>/", views.opleiding_detail, name="opleiding_detail"),
    path("aanbod/", views.AanbodList.as_view(), name="aanbod_list"),
    path("aanbod/<int:pk>/", views.aanbod_detail, name="aanbod_detail"),
]
