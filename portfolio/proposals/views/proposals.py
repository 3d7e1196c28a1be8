"""Proposal pages: list, create, detail, edit the draft, its changes, transitions, versions."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from arbitration import selectors as arbitration_selectors
from mbo_regie.accounts.predicates import is_staf
from mbo_regie.errors import DomainError

from .. import checks, filters, forms, selectors
from ..models import Change, Status
from ..services import drafts, lifecycle
from .common import crumbs, proposal_for, require, run


def _crumbs(proposal, current=None):
    pairs = [(reverse("proposals:list"), _("Voorstellen")),
             (proposal.get_absolute_url() if current else "", proposal.titel)]
    if current:
        pairs.append(("", current))
    return crumbs(*pairs)


def proposal_list(request):
    """All proposals the user may read, filtered and paginated."""
    flt = filters.ProposalFilter(request.GET or None,
                                 queryset=selectors.proposal_list_for(request.user))
    qs = flt.qs if flt.is_bound else flt.queryset
    page = Paginator(qs.order_by("-aangemaakt_op", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "proposals/proposal_list.html", {
        "crumbs": crumbs(("", _("Voorstellen"))), "filter": flt, "page_obj": page,
        "proposals": page.object_list,
        "can_create": request.user.has_perm("proposals.add_proposal")})


def proposal_create(request):
    """Start a concept proposal (version 1) for the user's institution."""
    require(request, "proposals.add_proposal")
    staff = is_staf(request.user)
    form = forms.ProposalForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = drafts.proposal_create(
                actor=request.user, soort=data["soort"], titel=data["titel"],
                samenvatting=data["samenvatting"], instelling=data.get("instelling"))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Concept aangemaakt. Voeg nu de concrete wijzigingen "
                                        "en de motivatie toe."))
            return redirect(proposal)
    return render(request, "proposals/form.html", {
        "form": form, "title": _("Nieuw voorstel"),
        "crumbs": crumbs((reverse("proposals:list"), _("Voorstellen")),
                         ("", _("Nieuw voorstel")))})


def _actions(request, proposal, draft) -> dict:
    """Which buttons this user sees; the services still decide whether the state allows it.

    The state is tested before the permission, so a button the state rules out costs no
    permission check (some of them ask the database).
    """
    has = request.user.has_perm
    status = proposal.status
    edit = has("proposals.change_proposal", proposal)
    consult = status in (Status.INGEDIEND, Status.AANGEPAST)
    return {
        "edit": edit and draft is not None,
        "submit": edit and status == Status.CONCEPT,
        "new_version": edit and consult and draft is None,
        "publish": edit and consult and draft is not None,
        "discard": edit and consult and draft is not None,
        "sign": draft is not None and has("proposals.sign_proposal", proposal),
        "withdraw": status in (Status.CONCEPT, Status.INGEDIEND, Status.AANGEPAST,
                               Status.AFGESTEMD, Status.GESCHIL)
        and has("proposals.withdraw_proposal", proposal),
        "conclude": consult and has("proposals.conclude_proposal", proposal),
        "dispute": consult and has("proposals.dispute_proposal", proposal),
        "decide": status in (Status.AFGESTEMD, Status.GESCHIL)
        and has("proposals.decide_proposal", proposal),
        "execute": status == Status.BESLOTEN and has("proposals.execute_proposal", proposal),
        "respond": consult and not proposal.deadline_passed
        and has("proposals.respond_proposal", proposal),
        "discuss": status not in (Status.INGETROKKEN, Status.UITGEVOERD)
        and has("proposals.discuss_proposal", proposal),
    }


def _threads(proposal) -> list[dict]:
    """Messages as a tree: each root with its replies (nested), oldest first."""
    rows = list(proposal.berichten.select_related("auteur", "instelling"))
    children: dict[int | None, list] = {}
    for m in rows:
        children.setdefault(m.parent_id, []).append(m)

    def node(m):
        return {"message": m, "replies": [node(c) for c in children.get(m.pk, [])]}

    return [node(m) for m in children.get(None, [])]


def proposal_detail(request, pk):
    """Everything about one proposal: changes, impact, consultation, discussion, history."""
    proposal = selectors.proposal_page_get(request.user, pk)
    submitted = proposal.status != Status.CONCEPT
    published = selectors.published_versions(proposal)
    version = published[-1] if published else None
    draft = None
    if (request.user.has_perm("proposals.change_proposal", proposal)
            or request.user.has_perm("proposals.sign_proposal", proposal)):
        draft = selectors.draft_of(proposal)
    shown = version or draft
    actions = _actions(request, proposal, draft)
    # The consultation (responses, disputes and their cases) exists once submitted; before
    # that the page shows neither it nor the buttons that depend on it.
    disputes = (list(proposal.geschillen.select_related("instelling", "gemeld_door"))
                if submitted else [])
    escalation = (arbitration_selectors.escalation_of(request.user, proposal) if disputes
                  else {"dispute_cases": [], "may_open_case": False})
    context = {
        "proposal": proposal, "version": version, "draft": draft, "shown": shown,
        "changes": selectors.version_changes(shown) if shown else [],
        "draft_changes": selectors.version_changes(draft) if draft and version else [],
        "draft_diff": selectors.version_diff_to_previous(draft) if draft and version else None,
        "impact_rows": selectors.impact_rows(shown.impact if shown else None),
        "signals": checks.signals_for_reader(shown.signalen if shown else []),
        "affected": selectors.affected_for(proposal, shown),
        "missing_signatures": selectors.missing_signatures(proposal, draft) if draft else [],
        "signatures": selectors.signatures_of(draft) if draft else [],
        "problems": lifecycle.publication_problems(proposal, draft)
        if draft and actions["edit"] else [],
        "rows": selectors.consultation_rows(proposal) if submitted else [],
        "counts": selectors.response_counts(proposal) if submitted else {},
        "own_response": selectors.response_for(proposal, request.user) if submitted else None,
        "threads": _threads(proposal),
        "documents": proposal.documenten.select_related("geupload_door"),
        "events": proposal.events.select_related("actor"),
        "history": selectors.version_history(proposal),
        "disputes": disputes,
        **escalation,
        "agenda": proposal.agendapunten.select_related("overleg"),
        "actions": actions, "crumbs": _crumbs(proposal),
        "changes_editable": actions["edit"] and version is None,
        "message_form": forms.MessageForm(),
        "document_form": forms.DocumentForm(),
    }
    return render(request, "proposals/proposal_detail.html", context)


def proposal_edit(request, pk):
    """Edit the draft's title, summary and the motivation per perspective."""
    proposal = proposal_for(request, pk, "proposals.change_proposal")
    try:
        draft = drafts.draft_for_edit(proposal)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(proposal)
    form = forms.MotivationForm(request.POST or None, proposal=proposal,
                                first_version=draft.nummer == 1,
                                initial=forms.MotivationForm.initial_for(proposal, draft))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return run(request, lambda: drafts.proposal_update(
            proposal=proposal, actor=request.user, titel=data["titel"],
            samenvatting=data["samenvatting"], motivatie=form.motivatie(),
            toelichting_wijziging=data.get("toelichting_wijziging")),
            _("De tekst van het voorstel is opgeslagen."), proposal)
    return render(request, "proposals/form.html", {
        "form": form, "proposal": proposal, "title": _("Voorstel bewerken"),
        "intro": _("Motiveer het voorstel vanuit elk van de zeven kijkrichtingen."),
        "crumbs": _crumbs(proposal, _("Bewerken"))})


def change_form(request, pk, change_id=None):
    """Add a concrete change to the draft, or edit one; the impact is recomputed."""
    proposal = proposal_for(request, pk, "proposals.change_proposal")
    change = None
    if change_id is not None:
        change = get_object_or_404(Change, pk=change_id, versie__proposal=proposal)
    initial = {f: getattr(change, f) for f in drafts.CHANGE_FIELDS} if change else {}
    form = forms.ChangeForm(request.POST or None, proposal=proposal, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if change is None:
                drafts.change_add(proposal=proposal, actor=request.user,
                                  data=form.data_for_service())
            else:
                drafts.change_update(change=change, actor=request.user,
                                     data=form.data_for_service())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("De wijziging is opgeslagen en de impact is opnieuw "
                                        "berekend."))
            return redirect(reverse("proposals:detail", args=[proposal.pk]) + "#impact")
    return render(request, "proposals/form.html", {
        "form": form, "proposal": proposal,
        "title": _("Wijziging bewerken") if change else _("Wijziging toevoegen"),
        "intro": _("Bij stoppen, uitbreiden, afschalen en profileren gaat het om bestaand "
                   "aanbod: kies de opleiding, locatie en leerweg daarvan."),
        "crumbs": _crumbs(proposal, _("Wijziging"))})


@require_POST
def change_delete(request, pk, change_id):
    """Remove a change from the draft."""
    proposal = proposal_for(request, pk, "proposals.change_proposal")
    change = get_object_or_404(Change, pk=change_id, versie__proposal=proposal)
    return run(request, lambda: drafts.change_remove(change=change, actor=request.user),
               _("De wijziging is verwijderd."), proposal)


# verb -> (permission, service call, success message); the note comes from the form.
VERBS = {
    "indienen": ("proposals.change_proposal", lambda p, u, t:
                 lifecycle.proposal_submit(proposal=p, actor=u),
                 gettext_lazy("Het voorstel is ingediend; de betrokken instellingen zijn "
                              "uitgenodigd.")),
    "nieuwe-versie": ("proposals.change_proposal", lambda p, u, t:
                      drafts.version_draft_start(proposal=p, actor=u),
                      gettext_lazy("Nieuwe versie geopend. Pas de wijzigingen of de tekst aan en "
                        "publiceer de versie.")),
    "publiceren": ("proposals.change_proposal", lambda p, u, t:
                   lifecycle.proposal_revise(proposal=p, actor=u),
                   gettext_lazy("De nieuwe versie is gepubliceerd.")),
    "concept-weggooien": ("proposals.change_proposal", lambda p, u, t:
                          drafts.version_draft_discard(proposal=p, actor=u),
                          gettext_lazy("De conceptversie is weggegooid.")),
    "ondertekenen": ("proposals.sign_proposal", lambda p, u, t:
                     drafts.proposal_sign(proposal=p, actor=u),
                     gettext_lazy("U hebt het voorstel ondertekend namens uw instelling.")),
    "intrekken": ("proposals.withdraw_proposal", lambda p, u, t:
                  lifecycle.proposal_withdraw(proposal=p, actor=u, note=t),
                  gettext_lazy("Het voorstel is ingetrokken.")),
    "afstemmen": ("proposals.conclude_proposal", lambda p, u, t:
                  lifecycle.proposal_conclude(proposal=p, actor=u, note=t),
                  gettext_lazy("Het voorstel is afgestemd.")),
    "geschil": ("proposals.dispute_proposal", lambda p, u, t:
                lifecycle.proposal_dispute(proposal=p, actor=u, reden=t),
                gettext_lazy("Het geschil is vastgelegd; de staf van de MBO Raad is op de "
                             "hoogte.")),
    "besluiten": ("proposals.decide_proposal", lambda p, u, t:
                  lifecycle.proposal_decide(proposal=p, actor=u, besluit=t),
                  gettext_lazy("Het besluit is vastgelegd.")),
    "uitvoeren": ("proposals.execute_proposal", lambda p, u, t:
                  lifecycle.proposal_execute(proposal=p, actor=u),
                  gettext_lazy("De wijzigingen zijn doorgevoerd in het register.")),
}


@require_POST
def proposal_transition(request, pk, verb):
    """One workflow verb on a proposal (POST from the detail page)."""
    if verb not in VERBS:
        raise Http404
    perm, call, success = VERBS[verb]
    proposal = proposal_for(request, pk, perm)
    form = forms.NoteForm(request.POST)
    note = form.cleaned_data["tekst"] if form.is_valid() else ""
    return run(request, lambda: call(proposal, request.user, note), success, proposal)


def version_detail(request, pk, nummer):
    """One published version as it was, with what changed against the version before."""
    proposal = proposal_for(request, pk)
    version = get_object_or_404(proposal.versies, nummer=nummer)
    if version.is_draft and not request.user.has_perm("proposals.change_proposal", proposal):
        raise PermissionDenied
    return render(request, "proposals/version_detail.html", {
        "proposal": proposal, "version": version,
        "crumbs": _crumbs(proposal, _("Versie %(n)s") % {"n": version.nummer}),
        "changes": selectors.version_changes(version),
        "diff": selectors.version_diff_to_previous(version),
        "impact_rows": selectors.impact_rows(version.impact),
        "signals": [{**sig, "tekst": checks.signal_text(sig)} for sig in version.signalen]})
