"""Admin for the Werkagenda registry (with history)."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Actie,
    ActiePartij,
    Doelstelling,
    Indicator,
    Meting,
    Partij,
    Partijlid,
    Prioriteit,
    Rapportageronde,
    Rondegebeurtenis,
    Voortgang,
)


class ActiePartijInline(admin.TabularInline):
    model = ActiePartij
    extra = 0
    autocomplete_fields = ["partij"]


class VoortgangInline(admin.StackedInline):
    model = Voortgang
    extra = 0
    fields = ["ronde", "tekst", "idem", "categorie", "categorie_bron"]


@admin.register(Actie)
class ActieAdmin(SimpleHistoryAdmin):
    list_display = ["code", "doelstelling", "wat_kort", "wanneer", "startjaar", "eindjaar"]
    list_filter = ["doelstelling__prioriteit", "doelstelling", "doorlopend"]
    search_fields = ["code", "wat", "wie_origineel"]
    inlines = [ActiePartijInline, VoortgangInline]
    autocomplete_fields = ["opleidingen", "bedrijfstakgroepen", "arbeidsmarktregios"]

    @admin.display(description="wat")
    def wat_kort(self, obj):
        return obj.wat[:80]


class PartijlidInline(admin.TabularInline):
    model = Partijlid
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Partij)
class PartijAdmin(SimpleHistoryAdmin):
    list_display = ["code", "naam", "soort", "voor_bestuurders"]
    list_filter = ["soort", "voor_bestuurders"]
    search_fields = ["code", "naam", "volledige_naam"]
    inlines = [PartijlidInline]


class RondegebeurtenisInline(admin.TabularInline):
    model = Rondegebeurtenis
    extra = 0
    readonly_fields = ["oud", "nieuw", "actor", "tijd", "notitie"]
    can_delete = False


@admin.register(Rapportageronde)
class RapportagerondeAdmin(admin.ModelAdmin):
    """Opening and publishing go through the portal's pages (services); here only names."""

    list_display = ["code", "naam", "volgorde", "status", "gepubliceerd_op"]
    readonly_fields = ["status", "geopend_op", "gepubliceerd_op"]
    inlines = [RondegebeurtenisInline]

    def has_add_permission(self, request):
        return False


class MetingInline(admin.TabularInline):
    model = Meting
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "naam", "doelstelling", "basis_waarde", "streef_waarde"]
    inlines = [MetingInline]


admin.site.register(Prioriteit, SimpleHistoryAdmin)
admin.site.register(Doelstelling, SimpleHistoryAdmin)
admin.site.register(Voortgang, SimpleHistoryAdmin)
