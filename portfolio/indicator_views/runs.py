"""Indicator runs: history, progress, comparison; staff start, retry and set the parameters."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mbo_regie.errors import DomainError

from .. import indicator_selectors, indicator_services, maps
from ..indicator_forms import IndicatorSettingsForm, RunCompareForm
from ..models import IndicatorRun, IndicatorSettings
from . import labels
from .common import crumbs, require
from .pages import _table_links, headline

#: Headline figures shown per run in the history table.
HISTORY_KEYS = ("offerings", "studenten", "national_coverage_share", "white_spots_btg_niveau",
                "overlap_flagged", "thinning_risk")


def _run_label(run: IndicatorRun) -> str:
    when = date_format(run.finished_on or run.created_on, "SHORT_DATETIME_FORMAT")
    return _("Berekening %(id)s van %(when)s") % {"id": run.pk, "when": when}


def _done_choices() -> list[tuple[int, str]]:
    runs = IndicatorRun.objects.filter(status=IndicatorRun.Status.DONE).order_by(
        "-finished_on", "-id")[:200]
    return [(r.pk, _run_label(r)) for r in runs]


def run_list(request):
    """Every run, newest first, with its headline figures; pick two to compare."""
    page = Paginator(indicator_selectors.indicator_runs(), 25).get_page(request.GET.get("page"))
    columns = [(key, labels.SUMMARY[key][0]) for key in HISTORY_KEYS]
    rows = [{"run": run, "figures": [
        maps.fmt(run.summary.get(key), labels.SUMMARY[key][1]) for key in HISTORY_KEYS]}
        for run in page]
    choices = _done_choices()
    initial = ({"a": choices[1][0], "b": choices[0][0]} if len(choices) > 1 else None)
    return render(request, "indicators/run_list.html", {
        "page_obj": page, "rows": rows, "columns": columns,
        "compare_form": RunCompareForm(runs=choices, initial=initial) if initial else None,
        "crumbs": crumbs((reverse("indicators:runs"), _("Berekeningen"))),
    })


def run_detail(request, pk):
    """One run: status and progress, parameters, timings, headline figures and its tables."""
    run = get_object_or_404(indicator_selectors.indicator_runs(), pk=pk)
    done = run.status == IndicatorRun.Status.DONE
    return render(request, "indicators/run_detail.html", {
        "run": run, "headline": headline(run) if done else [],
        "tables": _table_links(run) if done else [],
        "params": [(labels.PARAMS.get(k, k), v) for k, v in run.params.items()],
        "events": run.events.all(),
        "crumbs": crumbs((reverse("indicators:runs"), _("Berekeningen")),
                         ("", _run_label(run))),
    })


def run_progress(request, pk):
    """The progress bar fragment; htmx polls it every second while the run is not finished."""
    run = get_object_or_404(IndicatorRun, pk=pk)
    response = render(request, "indicators/_progress.html", {"run": run})
    if request.htmx and run.status in (IndicatorRun.Status.DONE, IndicatorRun.Status.FAILED):
        # Polling only happens while the run was unfinished: reload once to show its results.
        response["HX-Refresh"] = "true"
    return response


@require_POST
def run_start(request):
    """Staff start a recompute (while one is still queued, that one serves)."""
    require(request, "portfolio.run_indicators")
    run = indicator_services.indicator_run_request(trigger=IndicatorRun.Trigger.MANUAL,
                                                   user=request.user)
    messages.success(request, _("De berekening is aangevraagd."))
    return redirect("indicators:run_detail", pk=run.pk)


@require_POST
def run_retry(request, pk):
    """Staff retry a failed run."""
    require(request, "portfolio.run_indicators")
    run = get_object_or_404(IndicatorRun, pk=pk)
    try:
        indicator_services.indicator_run_retry(run=run)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("De berekening wordt opnieuw uitgevoerd."))
    return redirect("indicators:run_detail", pk=run.pk)


def run_compare(request):
    """The headline figures and parameters of two finished runs side by side."""
    form = RunCompareForm(request.GET or None, runs=_done_choices())
    context = {"form": form, "crumbs": crumbs((reverse("indicators:runs"), _("Berekeningen")),
                                              ("", _("Vergelijken")))}
    if form.is_valid():
        a = IndicatorRun.objects.get(pk=form.cleaned_data["a"])
        b = IndicatorRun.objects.get(pk=form.cleaned_data["b"])
        context.update(a=a, b=b, a_label=_run_label(a), b_label=_run_label(b),
                       figures=_compare_figures(a, b), params=_compare_params(a, b))
    return render(request, "indicators/run_compare.html", context)


def _compare_figures(a: IndicatorRun, b: IndicatorRun) -> list[dict]:
    rows = []
    for key, (label, kind) in labels.SUMMARY.items():
        va, vb = a.summary.get(key), b.summary.get(key)
        if va is None and vb is None:
            continue
        delta = None if va is None or vb is None else vb - va
        if delta is None:
            shown = "–"
        elif kind == "share":
            shown = _("%(d)s procentpunt") % {"d": maps.fmt(100 * delta, "float")}
        else:
            shown = maps.fmt(delta)
        rows.append({"label": label, "a": maps.fmt(va, kind), "b": maps.fmt(vb, kind),
                     "delta": ("+" if delta and delta > 0 else "") + shown,
                     "changed": bool(delta)})
    return rows


def _compare_params(a: IndicatorRun, b: IndicatorRun) -> list[dict]:
    keys = [k for k in labels.PARAMS if k in a.params or k in b.params]
    return [{"label": labels.PARAMS[k], "a": a.params.get(k), "b": b.params.get(k),
             "changed": a.params.get(k) != b.params.get(k)} for k in keys]


def settings_edit(request):
    """Staff edit the parameters of the next run; "opslaan en herberekenen" also starts one."""
    require(request, "portfolio.edit_indicator_settings")
    instance = IndicatorSettings.objects.order_by("pk").first() or IndicatorSettings()
    form = IndicatorSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        if "herberekenen" in request.POST:
            require(request, "portfolio.run_indicators")
            run = indicator_services.indicator_run_request(
                trigger=IndicatorRun.Trigger.MANUAL, user=request.user)
            messages.success(request, _("De parameters zijn opgeslagen en de berekening is "
                                        "aangevraagd."))
            return redirect("indicators:run_detail", pk=run.pk)
        messages.success(request, _("De parameters zijn opgeslagen. Ze gelden vanaf de "
                                    "volgende berekening."))
        return redirect("indicators:method")
    return render(request, "indicators/settings_form.html", {
        "form": form, "crumbs": crumbs((reverse("indicators:method"), _("Methode")),
                                       ("", _("Parameters wijzigen"))),
    })
