"""Admin for MBO Raad staff: read everything; the status only changes through the services."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AgendaItem,
    Change,
    Dispute,
    Document,
    Invitation,
    Message,
    Notification,
    Overleg,
    Proposal,
    ProposalEvent,
    ProposalVersion,
    Response,
)


class VersionInline(admin.TabularInline):
    model = ProposalVersion
    fields = ["nummer", "gepubliceerd_op", "impact_berekend_op"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class EventInline(admin.TabularInline):
    model = ProposalEvent
    fields = ["at", "old", "new", "versie", "actor", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    list_display = ["titel", "soort", "instelling", "status", "consultatie_tot", "voorbeeld"]
    list_filter = ["status", "soort", "voorbeeld"]
    search_fields = ["titel", "instelling__naam", "instelling__brin"]
    # The status is an FSM field: it moves only through the services (history row per step).
    readonly_fields = ["status", "aangemaakt_op", "ingediend_op", "besloten_op", "uitgevoerd_op"]
    raw_id_fields = ["instelling", "aangemaakt_door"]
    inlines = [VersionInline, EventInline]


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    list_display = ["versie", "actie", "instelling", "opleiding", "locatie", "leerweg",
                    "ingangsdatum"]
    raw_id_fields = ["versie", "instelling", "opleiding", "locatie", "aanbod"]


@admin.register(Response)
class ResponseAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "instelling", "soort", "versie", "gewijzigd_op"]
    list_filter = ["soort"]
    raw_id_fields = ["proposal", "instelling", "gegeven_door"]


@admin.register(Overleg)
class OverlegAdmin(SimpleHistoryAdmin):
    list_display = ["titel", "soort", "datum", "arbeidsmarktregio", "btg", "voorbeeld"]
    list_filter = ["soort", "voorbeeld"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["ontvanger", "soort", "proposal", "aangemaakt_op", "gelezen_op",
                    "gemaild_op"]
    list_filter = ["soort"]
    raw_id_fields = ["ontvanger", "proposal"]


for model in (Invitation, Dispute, Message, Document, AgendaItem):
    admin.site.register(model)
