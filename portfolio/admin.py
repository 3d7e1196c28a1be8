from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Aanbod,
    Arbeidsmarktregio,
    Bedrijfstakgroep,
    Gemeente,
    IndicatorRun,
    Inschrijving,
    Instelling,
    Locatie,
    Opleiding,
    Provincie,
)


@admin.register(Provincie, Arbeidsmarktregio, Bedrijfstakgroep)
class CodeNaamAdmin(SimpleHistoryAdmin):
    list_display = ("code", "naam")
    search_fields = ("code", "naam")


@admin.register(Gemeente)
class GemeenteAdmin(SimpleHistoryAdmin):
    list_display = ("code", "naam", "provincie", "arbeidsmarktregio", "inwoners", "krimp_status")
    list_filter = ("provincie", "krimp_status")
    search_fields = ("code", "naam")
    list_select_related = ("provincie", "arbeidsmarktregio")
    exclude = ("svg_path",)


@admin.register(Instelling)
class InstellingAdmin(SimpleHistoryAdmin):
    list_display = ("brin", "naam", "type", "denominatie", "home_gemeente", "lid")
    list_filter = ("type", "lid")
    search_fields = ("brin", "naam")
    autocomplete_fields = ("home_gemeente",)


@admin.register(Locatie)
class LocatieAdmin(SimpleHistoryAdmin):
    list_display = ("naam", "instelling", "gemeente", "postcode", "bron")
    list_filter = ("bron",)
    search_fields = ("naam", "code", "instelling__naam", "gemeente__naam")
    autocomplete_fields = ("instelling", "gemeente")
    list_select_related = ("instelling", "gemeente")


@admin.register(Opleiding)
class OpleidingAdmin(SimpleHistoryAdmin):
    list_display = ("crebo", "naam", "niveau", "btg", "specialistisch")
    list_filter = ("niveau", "btg", "specialistisch")
    search_fields = ("crebo", "naam")


class InschrijvingInline(admin.TabularInline):
    model = Inschrijving
    extra = 0


@admin.register(Aanbod)
class AanbodAdmin(SimpleHistoryAdmin):
    list_display = ("opleiding", "instelling", "locatie", "leerweg", "status", "bron")
    list_filter = ("status", "leerweg", "bron", "opleiding__niveau")
    search_fields = ("opleiding__naam", "opleiding__crebo", "instelling__naam")
    autocomplete_fields = ("instelling", "opleiding", "locatie")
    list_select_related = ("opleiding", "instelling", "locatie")
    inlines = [InschrijvingInline]


@admin.register(IndicatorRun)
class IndicatorRunAdmin(admin.ModelAdmin):
    list_display = ("id", "status", "trigger", "created_on", "finished_on", "progress")
    readonly_fields = [f.name for f in IndicatorRun._meta.fields]
