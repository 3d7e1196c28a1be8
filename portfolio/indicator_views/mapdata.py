"""The map page's data: form choices from a run, and the choropleth for a selection."""
from dataclasses import dataclass
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import maps
from ..models import Bedrijfstakgroep, IndicatorRun
from .common import table
from .labels import NIVEAUS


@dataclass
class MapChoices:
    """What can be chosen on the map page for one run, with sensible defaults."""

    programmes: dict[str, str]
    btgs: list[tuple[str, str]]
    default_crebo: str
    default_group: tuple[str, int] | None
    datalist: str = ""


def map_choices(run: IndicatorRun) -> MapChoices:
    """Offered programmes and btgs of the run; defaults: the most offered programme and the
    btg x niveau with the most white spots. Kept per run and language (a run never changes)."""
    finished = run.finished_on.isoformat() if run.finished_on else ""
    return _map_choices(run.pk, finished, get_language())


@lru_cache(maxsize=8)
def _map_choices(run_id: int, finished: str, language: str) -> MapChoices:
    run = IndicatorRun.objects.get(pk=run_id)
    programmes = table(run, "coverage_by_programme")
    unknown = _("onbekende opleiding")  # outside the f-string, where makemessages finds it
    labels = {r.crebo: f"{r.crebo} – {r.naam or unknown} "
              f"({NIVEAUS.get(int(r.niveau), r.niveau)})" for r in programmes.itertuples()}
    default_crebo = ""
    if len(programmes):
        top = programmes.sort_values(["offerings", "crebo"], ascending=[False, True])
        default_crebo = str(top.iloc[0]["crebo"])
    groups = table(run, "coverage_by_btg_niveau")
    default_group = None
    if len(groups):
        worst = groups.sort_values(["white_spot_gemeenten", "btg_code", "niveau"],
                                   ascending=[False, True, True]).iloc[0]
        default_group = (str(worst["btg_code"]), int(worst["niveau"]))
    btgs = list(Bedrijfstakgroep.objects.order_by("volgorde", "naam").values_list("code", "naam"))
    datalist = format_html_join("", '<option value="{}">{}</option>', labels.items())
    return MapChoices(labels, btgs, default_crebo, default_group, datalist)


@dataclass
class MapSpec:
    """A choropleth plus the words around it."""

    choropleth: maps.Choropleth | None
    title: str
    description: str
    source: str
    source_part: str = ""


def _offerings(run, sel):
    offerings = table(run, "thinning_offerings")
    return maps.select(offerings, btg=sel["btg"], niveau=sel["niveau"], crebo=sel["crebo"])


def _filters_text(sel, choices: MapChoices) -> str:
    parts = []
    if sel["crebo"]:
        parts.append(choices.programmes.get(sel["crebo"], sel["crebo"]))
    if sel["btg"]:
        parts.append(dict(choices.btgs).get(sel["btg"], sel["btg"]))
    if sel["niveau"]:
        parts.append(str(NIVEAUS.get(sel["niveau"], sel["niveau"])))
    return ", ".join(parts) or _("al het aanbod")


def build_map(run: IndicatorRun, sel: dict, choices: MapChoices) -> MapSpec:
    """The choropleth for a cleaned ``MapForm`` selection (``choropleth`` None: nothing to
    draw, the title then says why)."""
    indicator = sel["indicator"]
    when = date_format(run.finished_on, "DATE_FORMAT") if run.finished_on else ""
    thresholds = {int(k): float(v) for k, v in run.params.get("threshold_minutes", {}).items()}
    if indicator in ("reistijd", "bereik"):
        crebo = sel["crebo"]
        label = choices.programmes.get(crebo, "")
        if not crebo or not label:
            return MapSpec(None, _("Geen opleiding gekozen"), "", "")
        btg = crebo_btg(run, crebo)
        rows = maps.select(table(run, "coverage_by_gemeente_programme", btg), crebo=crebo)
        niveau = int(rows["niveau"].iloc[0]) if len(rows) else 0
        threshold = thresholds.get(niveau, 0.0)
        if indicator == "reistijd":
            return MapSpec(
                maps.travel_time_map(rows, threshold),
                _("Reistijd naar %(o)s") % {"o": label},
                _("Minuten van het midden van elke gemeente naar het dichtstbijzijnde aanbod "
                  "van deze opleiding (elke leerweg). Reistijdgrens voor dit niveau: %(m)s "
                  "minuten. Berekening van %(d)s.") % {"m": maps.fmt(threshold), "d": when},
                "coverage_by_gemeente_programme", btg)
        return MapSpec(
            maps.providers_map(rows),
            _("Instellingen binnen bereik: %(o)s") % {"o": label},
            _("Aantal verschillende instellingen dat deze opleiding binnen %(m)s minuten "
              "aanbiedt. Geen enkele: een witte vlek. Berekening van %(d)s.")
            % {"m": maps.fmt(threshold), "d": when},
            "coverage_by_gemeente_programme", btg)
    if indicator in ("witte_vlekken", "toegankelijkheid"):
        btg, niveau = sel["btg"], sel["niveau"]
        group = _("%(b)s, %(n)s") % {"b": dict(choices.btgs).get(btg, btg),
                                     "n": NIVEAUS.get(niveau, niveau)}
        if indicator == "witte_vlekken":
            rows = maps.select(table(run, "coverage_by_gemeente_programme", btg),
                               niveau=niveau)
            if not len(rows):
                return MapSpec(None, _("Geen aanbod in %(g)s") % {"g": group}, "", "")
            return MapSpec(
                maps.white_spot_map(maps.group_by_gemeente(rows)),
                _("Witte vlekken: %(g)s") % {"g": group},
                _("Deel van de aangeboden opleidingen van deze groep dat binnen de "
                  "reistijdgrens (%(m)s minuten) ligt. Geen enkele: een witte vlek. "
                  "Berekening van %(d)s.") % {"m": maps.fmt(thresholds.get(niveau, 0)),
                                              "d": when},
                "coverage_by_gemeente_programme", btg)
        rows = maps.select(table(run, "accessibility_2sfca"), btg=btg, niveau=niveau)
        if not len(rows):
            return MapSpec(None, _("Geen aanbod in %(g)s") % {"g": group}, "", "")
        return MapSpec(
            maps.accessibility_map(rows),
            _("Toegankelijkheid: %(g)s") % {"g": group},
            _("Opleidingsplaatsen binnen bereik per 1.000 jongeren (2SFCA), opgeteld over de "
              "opleidingen van deze groep. Berekening van %(d)s.") % {"d": when},
            "accessibility_2sfca")
    filters = _filters_text(sel, choices)
    offerings = _offerings(run, sel)
    if indicator == "overlap":
        pairs = maps.select(table(run, "overlap_pairs"), btg=sel["btg"], niveau=sel["niveau"],
                            crebo=sel["crebo"])
        return MapSpec(
            maps.overlap_map(maps.overlap_by_gemeente(offerings, pairs)),
            _("Overlap zonder onderbouwing: %(f)s") % {"f": filters},
            _("Deel van het aanbod in de gemeente dat een overlappaar zonder onderbouwing "
              "vormt met een andere instelling (afspraak 1). Berekening van %(d)s.")
            % {"d": when}, "overlap_pairs")
    return MapSpec(
        maps.thinning_map(maps.thinning_by_gemeente(offerings)),
        _("Verschralingsrisico: %(f)s") % {"f": filters},
        _("Aantal aanbod in de gemeente met een risico op verschraling (afspraak 2). "
          "Berekening van %(d)s.") % {"d": when}, "thinning_offerings")


def crebo_btg(run: IndicatorRun, crebo: str) -> str:
    """The btg of an offered programme (the part of the coverage table that holds it)."""
    programmes = table(run, "coverage_by_programme")
    hit = programmes.loc[programmes["crebo"] == crebo, "btg_code"]
    return str(hit.iloc[0]) if len(hit) else ""
