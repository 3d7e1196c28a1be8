"""Indicator pages everyone reads: overview, dashboard cards, the map and the method."""
import csv
import hashlib
import io
from dataclasses import replace

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import indicator_selectors, maps
from ..indicator_forms import MapForm
from ..indicators import FRAMES
from ..indicators.params import IndicatorParams
from . import labels
from .common import active_run, crumbs, gemeente_shapes, latest_run, shapes_version
from .mapdata import MapSpec, build_map, map_choices

MAP_CACHE_SECONDS = 600


def headline(run) -> list[dict]:
    """The run's headline figures with Dutch labels, in the order of ``labels.SUMMARY``."""
    summary = run.summary or {}
    return [{"key": key, "label": label,
             "value": maps.fmt(summary[key], "share" if kind == "share" else "int")}
            for key, (label, kind) in labels.SUMMARY.items() if key in summary]


def card_list(run) -> list[dict]:
    """The dashboard cards: one headline figure per collective agreement, linked to its map."""
    if run is None:
        return []
    s = run.summary or {}
    kaart = reverse("indicators:map")
    specialist = reverse("indicators:table", args=[run.pk, "specialist_starts"])
    cards = [
        ("national_coverage_share", "share", _("landelijke dekkingsgraad"),
         f"{kaart}?indicator=reistijd"),
        ("white_spots_btg_niveau", "int", _("witte vlekken (gemeente × btg-niveau)"),
         f"{kaart}?indicator=witte_vlekken"),
        ("overlap_flagged", "int", _("overlapparen zonder onderbouwing"),
         f"{kaart}?indicator=overlap"),
        ("thinning_risk", "int", _("aanbod met verschralingsrisico"),
         f"{kaart}?indicator=verschraling"),
        ("specialist_recent_starts_flagged", "int",
         _("starts van specialistische opleidingen zonder onderbouwing"), specialist),
    ]
    return [{"value": maps.fmt(s[key], kind), "label": label, "url": url}
            for key, kind, label, url in cards if key in s]


def _table_links(run) -> list[dict]:
    return [{"name": name, "title": labels.TABLES[name][0],
             "description": labels.TABLES[name][1], "rows": run.counts.get(name),
             "partitioned": name in indicator_selectors.PARTITIONED,
             "url": reverse("indicators:table", args=[run.pk, name])}
            for name in FRAMES if name in run.counts]


def overview(request):
    """Latest figures, the run in progress and the way to every indicator table."""
    run = latest_run()
    return render(request, "indicators/overview.html", {
        "run": run, "active": active_run(), "headline": headline(run) if run else [],
        "cards": card_list(run),
        "tables": _table_links(run) if run else [], "crumbs": crumbs(),
    })


def cards(request):
    """The start page's indicator cards (an htmx fragment)."""
    run = latest_run()
    return render(request, "indicators/_cards.html",
                  {"run": run, "active": active_run(), "cards": card_list(run)})


def map_page(request):
    """The gemeenten as a choropleth of the chosen indicator, with the figures as a table.

    A GET form, so it works without JavaScript; htmx swaps only the map and table.
    ``?format=csv`` downloads the figures shown.
    """
    run = latest_run()
    context = {"run": run, "active": active_run(),
               "crumbs": crumbs((reverse("indicators:map"), _("Kaart")))}
    if run is None:
        return render(request, "indicators/map.html", context)
    choices = map_choices(run)
    form = MapForm(request.GET or None, programmes=choices.programmes, btgs=choices.btgs,
                   default_crebo=choices.default_crebo, default_group=choices.default_group)
    if not form.is_bound:
        form = MapForm({"indicator": "reistijd", "crebo": choices.default_crebo},
                       programmes=choices.programmes, btgs=choices.btgs,
                       default_crebo=choices.default_crebo,
                       default_group=choices.default_group)
    context.update(form=form, datalist=choices.datalist)
    if form.is_valid():
        spec, rendered = _drawn_map(run, form.cleaned_data, choices)
        context["spec"] = spec
        if rendered is not None:
            if request.GET.get("format") == "csv":
                return _map_csv(run, spec, rendered)
            # maps.render escapes every name and label it puts in the markup.
            context.update(rendered=rendered, svg=mark_safe(rendered.svg),  # noqa: S308
                           table_body=mark_safe(rendered.table_body))  # noqa: S308
    template = "indicators/_map.html" if request.htmx else "indicators/map.html"
    return render(request, template, context)


def _drawn_map(run, selection: dict, choices) -> tuple[MapSpec, maps.Rendered | None]:
    """The map of one selection (``build_map`` and ``maps.render``), cached.

    A finished run never changes, the shapes are keyed by their version and the words are
    those of the active language: one selection always draws the same map, for every reader.
    The cached spec leaves out its frame of figures, which only drawing needs.
    """
    raw = repr((run.pk, sorted(selection.items()), shapes_version(), get_language()))
    key = "indicator-map:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()
    drawn = cache.get(key)
    if drawn is None:
        spec = build_map(run, selection, choices)
        rendered = None
        if spec.choropleth is not None:
            url = reverse("portfolio:gemeente_detail", args=["CODE"]).replace("CODE", "{code}")
            rendered = maps.render(spec.choropleth, list(gemeente_shapes()), title=spec.title,
                                   description=spec.description, gemeente_url=url)
        drawn = (replace(spec, choropleth=None), rendered)
        cache.set(key, drawn, MAP_CACHE_SECONDS)
    return drawn


def _map_csv(run, spec, rendered) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    extra = ["synthetisch"] if run.synthetisch else []
    writer.writerow(["gemeente_code", "gemeente", "klasse",
                     *[str(label) for _c, label, _k in rendered.columns], *extra])
    for row in rendered.rows:
        writer.writerow([row["code"], row["naam"], row["klasse"], *row["cells"],
                         *(["ja"] if extra else [])])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kaart-run{run.pk}.csv"'
    return response


def method(request):
    """How every indicator is defined, with the parameters in force and per table its columns."""
    run = latest_run()
    params = indicator_selectors.indicator_params()
    run_params = IndicatorParams.from_dict(run.params) if run and run.params else None
    tables = [{"name": name, "title": labels.TABLES[name][0],
               "description": labels.TABLES[name][1],
               "columns": [(c, labels.COLUMNS.get(c, c), t) for c, t, _m in frame.columns]}
              for name, frame in FRAMES.items()]
    return render(request, "indicators/method.html", {
        "run": run, "params": _param_rows(params, run_params), "tables": tables,
        "crumbs": crumbs((reverse("indicators:method"), _("Methode"))),
    })


def _param_rows(params: IndicatorParams, run_params: IndicatorParams | None) -> list[dict]:
    def show(p, key):
        value = getattr(p, key)
        if key == "threshold_minutes":
            return ", ".join(f"{labels.NIVEAUS[n]}: {maps.fmt(m)}" for n, m in value.items())
        return maps.fmt(value, "float") if isinstance(value, float) else str(value)

    rows = []
    for key, label in labels.PARAMS.items():
        now = show(params, key)
        used = show(run_params, key) if run_params else None
        rows.append({"key": key, "label": label, "now": now, "used": used,
                     "differs": used is not None and used != now})
    return rows
