"""Consultation pages (regional and sectoral overleg) and the "mijn acties" inbox."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mbo_regie.errors import DomainError

from .. import filters, forms, selectors
from ..models import AgendaItem, Overleg
from ..services import consultations, notifications
from .common import crumbs, require, run


def overleg_list(request):
    """Regional and sectoral meetings, newest first."""
    require(request, "proposals.view_overleg")
    flt = filters.OverlegFilter(request.GET or None, queryset=selectors.overleg_list())
    qs = flt.qs if flt.is_bound else flt.queryset
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "proposals/overleg_list.html", {
        "crumbs": crumbs(("", _("Overleggen"))), "filter": flt, "page_obj": page,
        "meetings": page.object_list,
        "can_manage": request.user.has_perm("proposals.manage_overleg")})


def overleg_form(request, overleg_id=None):
    """Plan a meeting or change it (date, scope, minutes)."""
    require(request, "proposals.manage_overleg")
    overleg = get_object_or_404(Overleg, pk=overleg_id) if overleg_id else None
    initial = forms.OverlegForm.initial_for(overleg) if overleg else {}
    form = forms.OverlegForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            overleg = consultations.overleg_save(overleg=overleg, fields=form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Het overleg is opgeslagen."))
            return redirect(overleg)
    return render(request, "proposals/form.html", {
        "form": form, "title": _("Overleg bewerken") if overleg else _("Nieuw overleg"),
        "crumbs": crumbs((reverse("proposals:overleg_list"), _("Overleggen")),
                         ("", _("Overleg")))})


def overleg_detail(request, overleg_id):
    """A meeting: its agenda with each proposal's responses, outcomes and minutes."""
    require(request, "proposals.view_overleg")
    overleg = get_object_or_404(Overleg.objects.select_related("arbeidsmarktregio", "btg"),
                                pk=overleg_id)
    can_manage = request.user.has_perm("proposals.manage_overleg")
    candidates = selectors.overleg_candidates(overleg) if can_manage else None
    return render(request, "proposals/overleg_detail.html", {
        "overleg": overleg, "agenda": selectors.overleg_agenda(overleg),
        "crumbs": crumbs((reverse("proposals:overleg_list"), _("Overleggen")),
                         ("", overleg.titel)),
        "can_manage": can_manage,
        "add_form": forms.AgendaAddForm(candidates=candidates) if can_manage else None,
        "outcome_choices": AgendaItem.Uitkomst.choices})


@require_POST
def agenda_add(request, overleg_id):
    """Put a proposal on the meeting's agenda."""
    require(request, "proposals.manage_overleg")
    overleg = get_object_or_404(Overleg, pk=overleg_id)
    form = forms.AgendaAddForm(request.POST, candidates=selectors.overleg_candidates(overleg))
    if not form.is_valid():
        messages.error(request, _("Kies een ingediend voorstel uit de lijst."))
        return redirect(overleg)
    return run(request, lambda: consultations.agenda_item_add(
        overleg=overleg, proposal=form.cleaned_data["proposal"]),
        _("Het voorstel staat op de agenda."), overleg)


@require_POST
def agenda_outcome(request, item_id):
    """Record the outcome of one agenda item."""
    require(request, "proposals.manage_overleg")
    item = get_object_or_404(AgendaItem, pk=item_id)
    form = forms.OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een uitkomst."))
        return redirect(item.overleg)
    return run(request, lambda: consultations.agenda_item_record_outcome(
        item=item, uitkomst=form.cleaned_data["uitkomst"],
        toelichting=form.cleaned_data["toelichting"]),
        _("De uitkomst is vastgelegd."), item.overleg)


@require_POST
def agenda_remove(request, item_id):
    """Take a proposal off the agenda."""
    require(request, "proposals.manage_overleg")
    item = get_object_or_404(AgendaItem, pk=item_id)
    overleg = item.overleg
    return run(request, lambda: consultations.agenda_item_remove(item=item),
               _("Het agendapunt is verwijderd."), overleg)


def inbox(request):
    """"Mijn acties": what waits for the user, and the notifications."""
    sections = selectors.inbox_for(request.user)
    page = Paginator(selectors.notifications_for(request.user), 30).get_page(
        request.GET.get("page"))
    return render(request, "proposals/inbox.html", {
        "crumbs": crumbs(("", _("Mijn acties"))), "sections": sections, "page_obj": page,
        "notifications": page.object_list,
        "total": sum(len(v) for v in sections.values()),
        "unread": selectors.unread_count(request.user)})


@require_POST
def notifications_read(request):
    """Mark one notification (``id``) or all of them as read."""
    target = reverse("proposals:inbox")
    raw = request.POST.get("id", "")
    if raw.isdigit():
        notification = get_object_or_404(selectors.notifications_for(request.user), pk=int(raw))
        notifications.notification_mark_read(notification=notification)
        if notification.proposal_id and request.POST.get("open"):
            return redirect(notification.proposal)
    else:
        notifications.notifications_mark_all_read(user=request.user)
    return redirect(target)
