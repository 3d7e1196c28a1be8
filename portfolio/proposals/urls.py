"""Pages of the proposals app (mounted at /voorstellen/)."""
from django.urls import path

from .views import conversation, meetings, proposals

app_name = "proposals"
urlpatterns = [
    path("", proposals.proposal_list, name="list"),
    path("nieuw/", proposals.proposal_create, name="create"),
    path("mijn-acties/", meetings.inbox, name="inbox"),
    path("meldingen/gelezen/", meetings.notifications_read, name="notifications_read"),
    path("<int:pk>/", proposals.proposal_detail, name="detail"),
    path("<int:pk>/bewerken/", proposals.proposal_edit, name="edit"),
    path("<int:pk>/wijzigingen/nieuw/", proposals.change_form, name="change_add"),
    path("<int:pk>/wijzigingen/<int:change_id>/", proposals.change_form, name="change_edit"),
    path("<int:pk>/wijzigingen/<int:change_id>/verwijderen/", proposals.change_delete,
         name="change_delete"),
    path("<int:pk>/versies/<int:nummer>/", proposals.version_detail, name="version"),
    path("<int:pk>/reactie/", conversation.response_edit, name="respond"),
    path("<int:pk>/berichten/", conversation.message_post, name="message_post"),
    path("<int:pk>/documenten/", conversation.document_upload, name="document_upload"),
    path("documenten/<int:document_id>/", conversation.document_download, name="document"),
    path("<int:pk>/<slug:verb>/", proposals.proposal_transition, name="transition"),
    path("overleggen/", meetings.overleg_list, name="overleg_list"),
    path("overleggen/nieuw/", meetings.overleg_form, name="overleg_create"),
    path("overleggen/<int:overleg_id>/", meetings.overleg_detail, name="overleg_detail"),
    path("overleggen/<int:overleg_id>/bewerken/", meetings.overleg_form, name="overleg_edit"),
    path("overleggen/<int:overleg_id>/agenda/", meetings.agenda_add, name="agenda_add"),
    path("agendapunten/<int:item_id>/uitkomst/", meetings.agenda_outcome,
         name="agenda_outcome"),
    path("agendapunten/<int:item_id>/verwijderen/", meetings.agenda_remove,
         name="agenda_remove"),
]
