"""Pages of the arbitration app: parse input, check who, call one service or selector, render.

Every act on a case is a POST to ``case_action`` with a verb from ``verbs.py``; a refusal of
the ladder (``DomainError``) becomes an error message on the page the form came from.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mbo_regie.accounts.predicates import is_staf
from mbo_regie.errors import DomainError
from portfolio.proposals.models import Proposal
from portfolio.proposals.models import Status as ProposalStatus

from . import filters, forms, selectors, verbs
from .models import GROUNDS, InterestDeclaration, PublishedCase
from .permissions import allowed, visible_to
from .services import cases, panel, publication, rulings


def _require(request, perm: str, obj=None) -> None:
    if not allowed(request.user, perm, obj):
        raise PermissionDenied


def _errors(form) -> str:
    parts = [str(e) for e in form.non_field_errors()]
    parts += [f"{form.fields[name].label}: {' '.join(str(e) for e in errs)}"
              for name, errs in form.errors.items() if name != "__all__"]
    return " ".join(parts)


def _forms(request, case, section: str) -> list[tuple]:
    """(verb, unbound form) for every verb of a section the user may use now."""
    return [(verb, verb.form(prefix=verb.slug, case=case, user=request.user,
                             initial=_initial(case, verb.slug)))
            for verb in verbs.available(request.user, case, section)]


def _initial(case, slug: str) -> dict:
    ruling = getattr(case, "uitspraak", None)
    if slug == "uitspraak-concept" and ruling is not None:
        return {"beslissing": ruling.beslissing, "uitkomst": ruling.uitkomst,
                **{f"grond_{code}": ruling.gronden.get(code, "") for code, _l in GROUNDS}}
    if slug == "publiceren":
        return publication.summary_draft(case)
    return {}


def case_list(request):
    """The cases the user is involved in (all of them for staff), with filters."""
    _require(request, "arbitration.use_portal")
    qs = selectors.case_list_for(request.user).order_by("-geopend_op", "-id")
    filterset = filters.CaseFilter(request.GET or None, queryset=qs)
    page = Paginator(filterset.qs if filterset.is_bound else qs, 50).get_page(
        request.GET.get("page"))
    return render(request, "arbitration/case_list.html", {
        "filter": filterset, "page_obj": page, "cases": page.object_list,
        "overdue": set(selectors.overdue_cases().values_list("pk", flat=True)),
        "may_open": allowed(request.user, "arbitration.open_case"),
        "may_open_from_proposal": allowed(request.user,
                                          "arbitration.open_case_from_proposal"),
        "may_declare": allowed(request.user, "arbitration.declare_interest"),
    })


@require_http_methods(["GET", "POST"])
def case_create(request):
    """Open a case on its own (not from a proposal)."""
    _require(request, "arbitration.open_case")
    staff = is_staf(request.user)
    form = forms.CaseOpenForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = cases.case_open(actor=request.user, titel=d["titel"],
                                   aanleiding=d["aanleiding"], omschrijving=d["omschrijving"],
                                   melder=d.get("melder"), wederpartijen=d["wederpartijen"],
                                   opleidingen=d["crebos"], regios=d["regios"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("De zaak is geopend."))
            return redirect(case)
    return render(request, "arbitration/case_form.html", {"form": form})


def disputed_proposals(request):
    """Staff: disputed proposals for which no case has been opened yet."""
    _require(request, "arbitration.open_case_from_proposal")
    return render(request, "arbitration/disputed_proposals.html",
                  {"proposals": selectors.disputed_proposals_without_case()})


@require_http_methods(["GET", "POST"])
def case_open(request, proposal_id: int):
    """Staff: confirm and open the case of a disputed proposal."""
    _require(request, "arbitration.open_case_from_proposal")
    proposal = get_object_or_404(Proposal.objects.select_related("instelling"), pk=proposal_id)
    if request.method == "POST":
        try:
            case = cases.case_open_from_proposal(proposal=proposal, actor=request.user,
                                                 titel=request.POST.get("titel", ""))
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("arbitration:disputed_proposals")
        messages.success(request, _("De geschilzaak is geopend."))
        return redirect(case)
    existing = proposal.geschilzaken.first()
    return render(request, "arbitration/case_open.html", {
        "proposal": proposal, "existing": existing,
        "disputed": proposal.status == ProposalStatus.GESCHIL,
        "dossier": selectors.proposal_dossier(proposal)})


def _case_context(request, case) -> dict:
    return selectors.case_file_for(request.user, case)


def case_detail(request, pk: int):
    """The case: its ladder, what the user can do now, the file, the ruling and the timeline."""
    case = selectors.case_page_get_for(request.user, pk)
    context = _case_context(request, case)
    context["sections"] = [(name, title, _forms(request, case, name)) for name, title in (
        ("stap", _("Volgende stap")), ("beheer", _("Beheer (staf)")),
        ("dossier", _("Dossier en hoorzitting")), ("uitvoering", _("Uitvoering en evaluatie")),
        ("einde", _("Zaak beëindigen")))]
    return render(request, "arbitration/case_detail.html", context)


def case_print(request, pk: int):
    """The printable case file: everything the user may read, without forms."""
    case = selectors.case_page_get_for(request.user, pk)
    return render(request, "arbitration/case_print.html", _case_context(request, case))


def case_panel(request, pk: int):
    """Staff compose the panel: candidates with their conflicts of interest, and the panel."""
    case = selectors.case_get_for(request.user, pk)
    _require(request, "arbitration.manage_case", case)
    return render(request, "arbitration/case_panel.html", {
        "case": case, "panel": selectors.panel_of(case),
        "candidates": selectors.panel_candidates(case),
        "forms": _forms(request, case, "panel"),
        "problems": panel.panel_problems(case),
        "may_compose": "panellid" in {v.slug for v in verbs.available(request.user, case,
                                                                          "panel")}})


def case_ruling(request, pk: int):
    """The ruling: drafted by the panel, signed by the chair, read by everyone involved."""
    case = selectors.case_get_for(request.user, pk)
    ruling = selectors.ruling_for(request.user, case)
    drafting = allowed(request.user, "arbitration.panel_work", case)
    return render(request, "arbitration/case_ruling.html", {
        "case": case, "ruling": ruling, "forms": _forms(request, case, "uitspraak"),
        "problems": rulings.ruling_problems(case) if drafting and not case.ruling_signed()
        else [],
        "orders": selectors.orders_of(ruling) if ruling else [],
        "addenda": selectors.addenda_of(ruling) if ruling else [],
    })


def case_publish(request, pk: int):
    """Staff write the anonymised summary for the casuïstiek (prefilled with a draft)."""
    case = selectors.case_get_for(request.user, pk)
    _require(request, "arbitration.manage_case", case)
    return render(request, "arbitration/case_publish.html", {
        "case": case, "forms": _forms(request, case, "publicatie"),
        "published": getattr(case, "publicatie", None)})


def _next(request, case) -> str:
    target = request.POST.get("next", "")
    if target.startswith(case.get_absolute_url()) and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}):
        return target
    return case.get_absolute_url()


@require_POST
def case_action(request, pk: int, verb: str):
    """Carry out one verb on the case (form from the page), then go back to that page."""
    case = selectors.case_get_for(request.user, pk)
    action = verbs.BY_SLUG.get(verb)
    if action is None:
        raise Http404
    _require(request, action.perm, case)
    form = action.form(request.POST, request.FILES, prefix=action.slug, case=case,
                       user=request.user)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(_next(request, case))
    try:
        action.call(case, request.user, form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, action.done)
    return redirect(_next(request, case))


def document(request, pk: int, document_id: int):
    """Download a document of the case file, if the user may read it."""
    case = selectors.case_get_for(request.user, pk)
    doc = get_object_or_404(case.documenten, pk=document_id)
    if doc.zichtbaarheid not in visible_to(request.user, case) or not doc.bestand:
        raise Http404
    return FileResponse(doc.bestand.open("rb"), as_attachment=True, filename=doc.naam)


@login_not_required
def library(request):
    """The public casuïstiek: anonymised summaries of rulings and public lessons learned."""
    filterset = filters.PublishedCaseFilter(request.GET or None,
                                            queryset=selectors.published_list())
    qs = filterset.qs if filterset.is_bound else selectors.published_list()
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "arbitration/library.html", {
        "filter": filterset, "page_obj": page, "published": page.object_list,
        "lessons": selectors.public_lessons()[:20]})


@login_not_required
def library_detail(request, pk: int):
    """One published, anonymised case with its public lessons."""
    published = get_object_or_404(PublishedCase.objects.select_related("btg",
                                                                       "arbeidsmarktregio"),
                                  pk=pk)
    return render(request, "arbitration/library_detail.html", {
        "published": published,
        "lessons": selectors.public_lessons().filter(case_id=published.case_id)})


@require_http_methods(["GET", "POST"])
def interests(request):
    """The register of interests of commission members and chairs (their own entries)."""
    _require(request, "arbitration.declare_interest")
    form = forms.InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            panel.interest_declare(actor=request.user, omschrijving=d["omschrijving"],
                                   instelling=d.get("instelling"), opleiding=d.get("opleiding"),
                                   arbeidsmarktregio=d.get("arbeidsmarktregio"))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Het belang staat in het register."))
            return redirect("arbitration:interests")
    return render(request, "arbitration/interests.html", {
        "form": form, "declarations": selectors.interests_of(request.user)})


@require_POST
def interest_end(request, pk: int):
    """End one of your own declared interests."""
    _require(request, "arbitration.declare_interest")
    declaration = get_object_or_404(InterestDeclaration, pk=pk, user=request.user)
    try:
        panel.interest_end(declaration=declaration, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Het belang is beëindigd."))
    return redirect("arbitration:interests")
