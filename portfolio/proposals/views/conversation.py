"""The conversation pages: respond, post messages, upload and download documents."""
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mbo_regie.errors import DomainError

from .. import forms, selectors
from ..models import Document, Message
from ..services import conversation
from .common import crumbs, proposal_for, run


def response_edit(request, pk):
    """Give or change the one response of your institution, with reasons per perspective."""
    proposal = proposal_for(request, pk, "proposals.respond_proposal")
    existing = selectors.response_for(proposal, request.user)
    form = forms.ResponseForm(request.POST or None,
                              initial=forms.ResponseForm.initial_for(existing))
    if request.method == "POST" and form.is_valid():
        try:
            conversation.response_save(proposal=proposal, actor=request.user,
                                       soort=form.cleaned_data["soort"], redenen=form.redenen(),
                                       toelichting=form.cleaned_data["toelichting"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Uw reactie is opgeslagen. U kunt haar tot het einde "
                                        "van de termijn aanpassen."))
            return redirect(reverse("proposals:detail", args=[proposal.pk]) + "#consultatie")
    return render(request, "proposals/response_form.html", {
        "form": form, "proposal": proposal, "existing": existing,
        "crumbs": crumbs((reverse("proposals:list"), _("Voorstellen")),
                         (proposal.get_absolute_url(), proposal.titel), ("", _("Reactie"))),
        "version": proposal.latest_version()})


@require_POST
def message_post(request, pk):
    """Post a message or a reply in the discussion."""
    proposal = proposal_for(request, pk, "proposals.discuss_proposal")
    form = forms.MessageForm(request.POST)
    target = reverse("proposals:detail", args=[proposal.pk]) + "#gesprek"
    if not form.is_valid():
        messages.error(request, _("Een bericht mag niet leeg zijn."))
        return redirect(target)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = get_object_or_404(Message, pk=form.cleaned_data["parent"], proposal=proposal)
    return run(request, lambda: conversation.message_post(
        proposal=proposal, actor=request.user, tekst=form.cleaned_data["tekst"], parent=parent),
        _("Uw bericht is geplaatst."), target)


@require_POST
def document_upload(request, pk):
    """Attach a document to the proposal (validated type, size and name)."""
    proposal = proposal_for(request, pk, "proposals.discuss_proposal")
    form = forms.DocumentForm(request.POST, request.FILES)
    target = reverse("proposals:detail", args=[proposal.pk]) + "#documenten"
    if not form.is_valid():
        messages.error(request, _("Kies een bestand om te uploaden.")
                       if form.has_error("bestand", "required")
                       else " ".join(form.errors.get("bestand", [])))
        return redirect(target)
    return run(request, lambda: conversation.document_upload(
        proposal=proposal, actor=request.user, upload=form.cleaned_data["bestand"]),
        _("Het document is toegevoegd."), target)


def document_download(request, document_id):
    """Serve a document only to those who may read its proposal."""
    document = get_object_or_404(Document, pk=document_id)
    proposal_for(request, document.proposal_id)
    try:
        handle = document.bestand.open("rb")
    except FileNotFoundError:
        raise Http404
    response = FileResponse(handle, as_attachment=True, filename=document.naam)
    response["X-Content-Type-Options"] = "nosniff"
    return response
