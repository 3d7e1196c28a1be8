"""Werkagenda pages: tree with filters and export, action, dashboard, parties, rounds."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mbo_regie.errors import DomainError

from . import charts, exports, selectors, services
from .filters import ActieFilter
from .forms import DiffForm, KoppelingenForm, RondeOpenForm, VoortgangForm
from .models import Actie, Categorie, Partij, Rapportageronde
from .permissions import can_update

TITLE = gettext_lazy("Werkagenda mbo")


def _crumbs(*trail):
    return [(reverse("home"), _("Start")), (reverse("werkagenda:index"), _("Werkagenda")),
            *trail]


def index(request):
    """The Werkagenda as a tree (priority → objective → action), filtered; CSV/XLSX export."""
    filterset = ActieFilter(request.GET or None, queryset=selectors.actie_list())
    acties = filterset.qs if filterset.is_bound else filterset.queryset
    fmt = request.GET.get("format")
    if fmt == "csv":
        return exports.csv_response(acties)
    if fmt == "xlsx":
        return exports.xlsx_response(acties)
    ronde = (filterset.form.cleaned_data.get("ronde") if filterset.is_bound
             and filterset.form.is_valid() else None) or selectors.ronde_latest()
    acties = list(acties)
    for actie in acties:  # the status shown next to each action is the selected round's
        actie.shown = next((v for v in actie.voortgang.all() if v.ronde_id == getattr(
            ronde, "id", None)), None)
    query = request.GET.copy()
    query.pop("format", None)
    return render(request, "werkagenda/index.html", {
        "title": TITLE, "filter": filterset, "tree": selectors.tree(acties),
        "total": len(acties), "ronde": ronde, "open_ronde": selectors.ronde_open_get(),
        "export_query": query.urlencode(), "crumbs": _crumbs()[:-1] + [("", _("Werkagenda"))],
    })


def actie_detail(request, code):
    """One action: what, who, when, links, and its progress across rounds."""
    try:
        actie = selectors.actie_get(code)
    except Actie.DoesNotExist as exc:
        raise Http404 from exc
    open_ronde = selectors.ronde_open_get()
    form = None
    if open_ronde and can_update(request.user, actie):
        current = next((v for v in actie.voortgang.all() if v.ronde_id == open_ronde.id), None)
        form = VoortgangForm(initial={"tekst": current.tekst, "idem": current.idem,
                                      "categorie": current.categorie
                                      if current.categorie_bron == "handmatig" else ""}
                             if current else None)
    return render(request, "werkagenda/actie_detail.html", {
        "actie": actie, "rounds": selectors.progress_by_round(actie), "open_ronde": open_ronde,
        "form": form, "can_edit_links": request.user.has_perm("werkagenda.edit_koppelingen"),
        "history": actie.history.select_related("history_user")[:10],
        "crumbs": _crumbs((f"{reverse('werkagenda:index')}?doelstelling="
                           f"{actie.doelstelling.code}", str(actie.doelstelling)),
                          ("", actie.code)),
    })


@require_POST
def voortgang_update(request, code):
    """Owners (members mapped to the action's parties) and staff update the open round."""
    actie = get_object_or_404(Actie, code=code)
    if not can_update(request.user, actie):
        raise PermissionDenied
    ronde = selectors.ronde_open_get()
    form = VoortgangForm(request.POST)
    if ronde is None:
        messages.error(request, _("Er is geen open rapportageronde."))
    elif form.is_valid():
        try:
            services.voortgang_update(actie=actie, ronde=ronde, actor=request.user,
                                      tekst=form.cleaned_data["tekst"],
                                      idem=form.cleaned_data["idem"],
                                      categorie=form.cleaned_data["categorie"] or None)
            messages.success(request, _("Voortgang opgeslagen."))
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        for error in form.non_field_errors():
            messages.error(request, error)
    return redirect("werkagenda:actie", code=actie.code)


def koppelingen_edit(request, code):
    """Staff link an action to programmes, sector groups and regions."""
    actie = get_object_or_404(Actie, code=code)
    if not request.user.has_perm("werkagenda.edit_koppelingen"):
        raise PermissionDenied
    form = KoppelingenForm(request.POST or None, initial={
        "opleidingen": actie.opleidingen.all(), "bedrijfstakgroepen":
        actie.bedrijfstakgroepen.all(), "arbeidsmarktregios": actie.arbeidsmarktregios.all()})
    if request.method == "POST" and form.is_valid():
        services.actie_links_set(actie=actie, **form.cleaned_data)
        messages.success(request, _("Koppelingen opgeslagen."))
        return redirect("werkagenda:actie", code=actie.code)
    return render(request, "werkagenda/koppelingen_form.html", {
        "actie": actie, "form": form,
        "crumbs": _crumbs((reverse("werkagenda:actie", args=[actie.code]), actie.code),
                          ("", _("Koppelingen"))),
    })


def dashboard(request):
    """Actions per status per priority in a round: an SVG bar chart with the table beside it."""
    rondes = list(selectors.ronde_list())
    code = request.GET.get("ronde")
    ronde = next((r for r in rondes if r.code == code), None) or selectors.ronde_latest()
    table = selectors.status_per_prioriteit(ronde) if ronde else None
    bars, height = charts.stacked_bars(
        [(f"{_('Prioriteit')} {row['prioriteit'].nummer}", row["counts"]) for row in table.rows],
        table.categories) if table else ([], 0)
    return render(request, "werkagenda/dashboard.html", {
        "rondes": rondes, "ronde": ronde, "table": table, "bars": bars, "chart_height": height,
        "colours": charts.COLOURS, "indicatoren": selectors.indicator_list(),
        "crumbs": _crumbs(("", _("Dashboard"))),
    })


def partij_list(request):
    """All parties of the Wie column with how many actions each (primarily) owns."""
    return render(request, "werkagenda/partij_list.html", {
        "partijen": selectors.partij_list(), "crumbs": _crumbs(("", _("Partijen")))})


def partij_detail(request, code):
    """What does a party own? Its actions, with their latest status."""
    partij = get_object_or_404(Partij, code=code)
    ronde = selectors.ronde_latest()
    acties = list(selectors.partij_acties(partij))
    for actie in acties:
        actie.shown = next((v for v in actie.voortgang.all() if ronde and v.ronde_id == ronde.id),
                           None)
        actie.primair = any(ap.primair for ap in actie.actiepartijen.all()
                            if ap.partij_id == partij.id)
    counts = {c: sum(1 for a in acties if (a.shown.categorie if a.shown else "onbekend") == c)
              for c, _label in Categorie.choices}
    return render(request, "werkagenda/partij_detail.html", {
        "partij": partij, "acties": acties, "ronde": ronde, "counts": counts,
        "categories": Categorie.choices,
        "crumbs": _crumbs((reverse("werkagenda:partij_list"), _("Partijen")), ("", partij.naam)),
    })


def ronde_list(request):
    """Reporting rounds; staff open a new one here."""
    form = RondeOpenForm()
    return render(request, "werkagenda/ronde_list.html", {
        "rondes": selectors.ronde_list(), "form": form, "open_ronde": selectors.ronde_open_get(),
        "can_manage": request.user.has_perm("werkagenda.manage_rondes"),
        "diff_form": DiffForm(), "crumbs": _crumbs(("", _("Rapportagerondes")))})


@require_POST
def ronde_open(request):
    """Staff open the next reporting round (one open round at a time)."""
    if not request.user.has_perm("werkagenda.manage_rondes"):
        raise PermissionDenied
    form = RondeOpenForm(request.POST)
    if form.is_valid():
        try:
            ronde = services.ronde_open(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Ronde %(naam)s is geopend.") % {"naam": ronde.naam})
            return redirect("werkagenda:ronde", code=ronde.code)
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Vul een naam en een geldige code in."))
    return redirect("werkagenda:ronde_list")


def ronde_detail(request, code):
    """One round: who updated what, and which actions are not updated yet."""
    ronde = get_object_or_404(Rapportageronde, code=code)
    todo = list(selectors.acties_zonder_voortgang(ronde))
    return render(request, "werkagenda/ronde_detail.html", {
        "ronde": ronde, "todo": todo, "n_acties": Actie.objects.count(),
        "table": selectors.status_per_prioriteit(ronde),
        "gebeurtenissen": ronde.gebeurtenissen.select_related("actor"),
        "can_manage": request.user.has_perm("werkagenda.manage_rondes"),
        "crumbs": _crumbs((reverse("werkagenda:ronde_list"), _("Rapportagerondes")),
                          ("", ronde.naam)),
    })


@require_POST
def ronde_publish(request, code):
    """Staff publish a round, which locks its progress."""
    if not request.user.has_perm("werkagenda.manage_rondes"):
        raise PermissionDenied
    ronde = get_object_or_404(Rapportageronde, code=code)
    try:
        services.ronde_publish(ronde=ronde, actor=request.user,
                               note=request.POST.get("notitie", ""))
        messages.success(request, _("Ronde %(naam)s is gepubliceerd en vergrendeld.")
                         % {"naam": ronde.naam})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("werkagenda:ronde", code=ronde.code)


def ronde_diff(request):
    """Two rounds side by side, per action: what changed in text and status."""
    rondes = list(Rapportageronde.objects.order_by("volgorde"))
    initial = {"van": rondes[-2].code, "naar": rondes[-1].code} if len(rondes) > 1 else {}
    form = DiffForm(request.GET or initial)
    rows = None
    if form.is_valid():
        rows = selectors.ronde_diff(form.cleaned_data["van"], form.cleaned_data["naar"],
                                    alleen_veranderd=form.cleaned_data["alleen_veranderd"])
    return render(request, "werkagenda/ronde_diff.html", {
        "form": form, "rows": rows,
        "n_veranderd": sum(1 for r in rows if r.veranderd) if rows is not None else 0,
        "crumbs": _crumbs((reverse("werkagenda:ronde_list"), _("Rapportagerondes")),
                          ("", _("Vergelijken"))),
    })
