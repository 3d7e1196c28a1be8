"""Choropleth maps of the gemeenten, built from the stored tables of an indicator run.

Three pure steps, no ORM: per-gemeente figures from an indicator table (``*_by_gemeente``,
DataFrame in, DataFrame out), classes with a legend (the ``*_map`` builders), and the SVG
(``render``) from the gemeente shapes (``Gemeente.svg_path``: absolute M/L paths in the
viewBox ``0 0 1000 1180``). The colours are never the only carrier of a figure: every shape
has a ``<title>`` with its number and the page shows the same figures as a table.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

import pandas as pd
from django.utils.formats import get_format, number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

VIEWBOX = "0 0 1000 1180"
# ColorBrewer "Blues": sequential, readable for every colour-vision type and in greyscale.
BLUES = ("#deebf7", "#9ecae1", "#4292c6", "#2171b5", "#08306b")
NO_DATA = "#f0f0f0"
# Out of reach is orange and hatched: a second hue the blues never reach, plus a pattern.
OUT_OF_REACH = "#fdb863"


@dataclass(frozen=True)
class Klasse:
    """One legend entry: its text, its fill and whether shapes in it are hatched."""

    label: str
    colour: str
    hatched: bool = False


@dataclass
class Choropleth:
    """Per-gemeente figures with their class, ready to draw and to show as a table.

    ``figures`` has ``gemeente_code``, ``klasse`` (index into ``classes``), ``figure`` (the
    figure as text, for the shape's title) and the ``columns`` shown in the table.
    """

    figures: pd.DataFrame
    classes: list[Klasse]
    columns: list[tuple[str, str, str]]
    sort_by: list[str]
    ascending: list[bool]
    no_data: Klasse = field(default_factory=lambda: Klasse(_("geen gegevens"), NO_DATA))


class Formatter:
    """Figures as text in the active language; separators and words are looked up once, so
    formatting a few thousand cells stays cheap."""

    def __init__(self):
        decimal = str(get_format("DECIMAL_SEPARATOR"))
        thousands = str(get_format("THOUSAND_SEPARATOR"))
        self.swap = str.maketrans({",": thousands, ".": decimal})
        self.yes, self.no = _("ja"), _("nee")

    def __call__(self, value, kind: str = "int") -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return "–"
        if kind == "bool":
            return self.yes if value else self.no
        if kind == "share":
            return f"{100 * float(value):,.1f}%".translate(self.swap)
        if kind == "float":
            return f"{float(value):,.1f}".translate(self.swap)
        return f"{int(value):,}".translate(self.swap)


def fmt(value, kind: str = "int") -> str:
    """A figure as text in the active language (``int``, ``float``, ``share`` or ``bool``);
    missing values become a dash."""
    return Formatter()(value, kind)


def _bins(values: pd.Series, edges: list[float], first: int = 0) -> pd.Series:
    """Class index per value: ``first`` + number of edges the value exceeds."""
    index = pd.Series(first, index=values.index, dtype="int64")
    for edge in edges:
        index += (values > edge).astype("int64")
    return index


# ---- Per-gemeente figures -------------------------------------------------------------------

def select(df: pd.DataFrame, *, btg: str = "", niveau: int | None = None,
           crebo: str = "") -> pd.DataFrame:
    """Rows of a table for an optional btg, niveau and crebo (empty means all)."""
    mask = pd.Series(True, index=df.index)
    if btg:
        mask &= df["btg_code"] == btg
    if niveau:
        mask &= df["niveau"] == int(niveau)
    if crebo:
        mask &= df["crebo"] == crebo
    return df[mask]


def group_by_gemeente(coverage: pd.DataFrame) -> pd.DataFrame:
    """Per gemeente over a group of programmes (one btg x niveau): how many are in reach.

    A gemeente reaching none of them is a white spot (the definition of ``white_spots``).
    """
    g = coverage.groupby("gemeente_code", sort=True)
    out = pd.DataFrame({"programmes": g.size(),
                        "programmes_reachable": g["reachable"].sum().astype("int64"),
                        "minutes_nearest": g["minutes_nearest"].min()})
    out["share"] = out["programmes_reachable"] / out["programmes"]
    out["white_spot"] = out["programmes_reachable"] == 0
    return out.reset_index()


def overlap_by_gemeente(offerings: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Per gemeente with offerings: how many of them are in a pair without justification.

    ``offerings`` has one row per active offering with its ``gemeente_code`` (the
    ``thinning_offerings`` table); ``pairs`` is ``overlap_pairs``, filtered the same way.
    """
    flagged = pairs[pairs["flagged"].astype(bool)]
    ids = set(flagged["aanbod_id_a"]) | set(flagged["aanbod_id_b"])
    marked = offerings.assign(overlapping=offerings["aanbod_id"].isin(ids))
    g = marked.groupby("gemeente_code", sort=True)
    out = pd.DataFrame({"offerings": g.size(),
                        "offerings_overlapping": g["overlapping"].sum().astype("int64")})
    same = flagged[flagged["same_gemeente"].astype(bool)].groupby("gemeente_code_a").size()
    out["pairs_flagged_same_gemeente"] = same.reindex(out.index, fill_value=0).astype("int64")
    out["overlap_score"] = out["offerings_overlapping"] / out["offerings"]
    return out.reset_index()


def thinning_by_gemeente(offerings: pd.DataFrame) -> pd.DataFrame:
    """Per gemeente with offerings: how many carry a thinning risk, and why."""
    g = offerings.groupby("gemeente_code", sort=True)
    out = pd.DataFrame({
        "offerings": g.size(),
        "thinning_risk": g["thinning_risk"].sum().astype("int64"),
        "low_enrolment": g["low_enrolment"].sum().astype("int64"),
        "sole_provider_region": g["sole_provider_region"].sum().astype("int64"),
        "krimp": g["krimp"].any().astype(bool),
    })
    return out.reset_index()


# ---- Classes and legends --------------------------------------------------------------------

def _minutes(threshold: float) -> str:
    return number_format(threshold, 0)


def travel_time_map(rows: pd.DataFrame, threshold: float) -> Choropleth:
    """Minutes to the nearest offering of one programme, in classes around its threshold."""
    half, late = threshold / 2, threshold * 1.5
    classes = [
        Klasse(_("tot %(m)s min") % {"m": _minutes(half)}, BLUES[0]),
        Klasse(_("%(a)s–%(b)s min (binnen bereik)") % {"a": _minutes(half),
                                                       "b": _minutes(threshold)}, BLUES[2]),
        Klasse(_("%(a)s–%(b)s min (buiten bereik)") % {"a": _minutes(threshold),
                                                       "b": _minutes(late)}, BLUES[3], True),
        Klasse(_("meer dan %(m)s min (buiten bereik)") % {"m": _minutes(late)}, BLUES[4], True),
    ]
    minutes = rows["minutes_nearest"].astype(float)
    figures = rows.assign(klasse=_bins(minutes, [half, threshold, late]))
    figures.loc[minutes.isna(), "klasse"] = -1
    f, text = Formatter(), _("%(m)s min, %(r)s")
    inside, outside = _("binnen bereik"), _("buiten bereik")
    figures["figure"] = [text % {"m": f(m, "float"), "r": inside if r else outside}
                         for m, r in zip(minutes, rows["reachable"], strict=True)]
    return Choropleth(figures, classes, [
        ("minutes_nearest", _("Minuten"), "float"),
        ("reachable", _("Binnen %(m)s min") % {"m": _minutes(threshold)}, "bool"),
        ("providers_reachable", _("Instellingen"), "int"),
    ], ["minutes_nearest"], [True])


def providers_map(rows: pd.DataFrame) -> Choropleth:
    """How many institutions offer the programme within reach; 0 is a white spot."""
    classes = [Klasse(_("geen (witte vlek)"), OUT_OF_REACH, True),
               Klasse(_("1 instelling"), BLUES[0]), Klasse(_("2 instellingen"), BLUES[1]),
               Klasse(_("3 of 4 instellingen"), BLUES[3]),
               Klasse(_("5 of meer instellingen"), BLUES[4])]
    n = rows["providers_reachable"].astype("int64")
    figures = rows.assign(klasse=_bins(n, [0, 1, 2, 4]))
    text = _("%(n)s instellingen binnen bereik")
    figures["figure"] = [text % {"n": v} for v in n]
    return Choropleth(figures, classes, [
        ("providers_reachable", _("Instellingen"), "int"),
        ("minutes_nearest", _("Minuten"), "float"),
    ], ["providers_reachable", "minutes_nearest"], [True, False])


def white_spot_map(groups: pd.DataFrame) -> Choropleth:
    """Share of a btg x niveau's programmes in reach; none in reach is a white spot."""
    classes = [Klasse(_("geen enkele (witte vlek)"), OUT_OF_REACH, True),
               Klasse(_("minder dan 25%"), BLUES[0]), Klasse(_("25% tot 50%"), BLUES[1]),
               Klasse(_("50% tot 75%"), BLUES[3]), Klasse(_("75% of meer"), BLUES[4])]
    share = groups["share"].astype(float)
    klasse = _bins(share, [0, 0.25 - 1e-9, 0.5 - 1e-9, 0.75 - 1e-9])
    figures = groups.assign(klasse=klasse)
    text = _("%(r)s van %(n)s opleidingen binnen bereik")
    figures["figure"] = [text % {"r": r, "n": n} for r, n in
                         zip(groups["programmes_reachable"], groups["programmes"], strict=True)]
    return Choropleth(figures, classes, [
        ("programmes_reachable", _("Bereikbaar"), "int"),
        ("share", _("Aandeel"), "share"),
        ("minutes_nearest", _("Minuten"), "float"),
        ("white_spot", _("Witte vlek"), "bool"),
    ], ["share", "minutes_nearest"], [True, False])


def accessibility_map(rows: pd.DataFrame) -> Choropleth:
    """2SFCA places per 1,000 young people, in quartiles of the gemeenten with any places."""
    score = rows["accessibility"].astype(float).fillna(0.0)
    positive = score[score > 0]
    edges = sorted({round(float(q), 1) for q in positive.quantile([0.25, 0.5, 0.75])}) \
        if len(positive) else []
    bounds = [0.0, *edges]
    classes = [Klasse(_("geen plaatsen binnen bereik"), OUT_OF_REACH, True)]
    for i, low in enumerate(bounds):
        high = bounds[i + 1] if i + 1 < len(bounds) else None
        label = (_("meer dan %(a)s") % {"a": fmt(low, "float")} if high is None else
                 _("%(a)s tot %(b)s") % {"a": fmt(low, "float"), "b": fmt(high, "float")})
        classes.append(Klasse(label, BLUES[min(4, i + (4 - len(edges)))]))
    figures = rows.assign(accessibility=score, klasse=_bins(score, bounds))
    f, text = Formatter(), _("%(v)s plaatsen per 1.000 jongeren")
    figures["figure"] = [text % {"v": f(v, "float")} for v in score]
    return Choropleth(figures, classes, [
        ("accessibility", _("Plaatsen per 1.000 jongeren"), "float"),
    ], ["accessibility"], [True])


def overlap_map(by_gemeente: pd.DataFrame) -> Choropleth:
    """Share of a gemeente's offerings that overlap without a recorded justification."""
    classes = [Klasse(_("geen overlap zonder onderbouwing"), BLUES[0]),
               Klasse(_("tot 25% van het aanbod"), BLUES[1]),
               Klasse(_("25% tot 50% van het aanbod"), BLUES[3]),
               Klasse(_("50% of meer van het aanbod"), BLUES[4])]
    score = by_gemeente["overlap_score"].astype(float)
    figures = by_gemeente.assign(klasse=_bins(score, [0, 0.25 - 1e-9, 0.5 - 1e-9]))
    text = _("%(o)s van %(n)s aanbod met overlap zonder onderbouwing")
    figures["figure"] = [text % {"o": o, "n": n} for o, n in
                         zip(by_gemeente["offerings_overlapping"], by_gemeente["offerings"],
                             strict=True)]
    return Choropleth(figures, classes, [
        ("offerings", _("Aanbod"), "int"),
        ("offerings_overlapping", _("Met overlap"), "int"),
        ("overlap_score", _("Overlapscore"), "share"),
        ("pairs_flagged_same_gemeente", _("Paren in de gemeente"), "int"),
    ], ["overlap_score", "offerings_overlapping"], [False, False],
        no_data=Klasse(_("geen aanbod in de gemeente"), NO_DATA))


def thinning_map(by_gemeente: pd.DataFrame) -> Choropleth:
    """Number of offerings at risk of thinning in a gemeente."""
    classes = [Klasse(_("geen aanbod met risico"), BLUES[0]), Klasse(_("1 of 2"), BLUES[1]),
               Klasse(_("3 tot en met 5"), BLUES[2]), Klasse(_("6 tot en met 10"), BLUES[3]),
               Klasse(_("meer dan 10"), BLUES[4])]
    risk = by_gemeente["thinning_risk"].astype("int64")
    figures = by_gemeente.assign(klasse=_bins(risk, [0, 2, 5, 10]))
    text = _("%(r)s van %(n)s aanbod met verschralingsrisico")
    figures["figure"] = [text % {"r": r, "n": n}
                         for r, n in zip(risk, by_gemeente["offerings"], strict=True)]
    return Choropleth(figures, classes, [
        ("offerings", _("Aanbod"), "int"),
        ("thinning_risk", _("Met risico"), "int"),
        ("low_enrolment", _("Lage instroom"), "int"),
        ("sole_provider_region", _("Enige aanbieder in de regio"), "int"),
        ("krimp", _("Krimp"), "bool"),
    ], ["thinning_risk", "offerings"], [False, False],
        no_data=Klasse(_("geen aanbod in de gemeente"), NO_DATA))


# ---- Rendering ------------------------------------------------------------------------------

@dataclass
class Rendered:
    """What the page shows: the SVG, the legend (with counts), the table rows (as data and as
    the ready-made ``<tbody>`` rows) and the table's columns."""

    svg: str
    legend: list[dict]
    rows: list[dict]
    columns: list[tuple[str, str, str]]
    table_body: str = ""


def _fill(klasse: Klasse, index: int) -> str:
    return f"url(#arcering-{index})" if klasse.hatched else klasse.colour


def _patterns(classes: list[Klasse]) -> str:
    parts = []
    for i, k in enumerate(classes):
        if k.hatched:
            parts.append(
                f'<pattern id="arcering-{i}" patternUnits="userSpaceOnUse" width="5" height="5" '
                f'patternTransform="rotate(45)"><rect width="5" height="5" fill="{k.colour}"/>'
                f'<line x1="0" y1="0" x2="0" y2="5" stroke="#3a3a3a" stroke-width="1.6"/>'
                f"</pattern>")
    return "".join(parts)


def render(ch: Choropleth, shapes: list[tuple[str, str, str]], *, title: str,
           description: str, gemeente_url: str = "") -> Rendered:
    """Draw every gemeente of ``shapes`` ((code, naam, path) triples) in its class colour.

    Gemeenten without a figure get the ``no_data`` class; the table lists every gemeente
    with its figures, sorted as the choropleth says (no data last). ``gemeente_url`` (with
    ``{code}``) links the names in the table.
    """
    classes = [*ch.classes, ch.no_data]
    missing = len(classes) - 1
    figures = ch.figures.set_index("gemeente_code")
    klasse = figures["klasse"].to_dict()
    text = figures["figure"].to_dict()
    counts = [0] * len(classes)
    paths = []
    for code, naam, d in shapes:
        k = klasse.get(code, -1)
        k = missing if k < 0 else int(k)
        counts[k] += 1
        label = f"{naam}: {text.get(code, ch.no_data.label)}"
        paths.append(f'<path d="{d}" fill="{_fill(classes[k], k)}" data-gemeente="{code}" '
                     f'data-klasse="{k}"><title>{escape(label)}</title></path>')
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{VIEWBOX}" role="img" '
           f'aria-labelledby="kaart-titel kaart-uitleg" class="choropleth" '
           f'width="500" height="590"><title id="kaart-titel">{escape(title)}</title>'
           f'<desc id="kaart-uitleg">{escape(description)}</desc>'
           f"<defs>{_patterns(classes)}</defs>"
           f'<g fill-rule="evenodd" stroke="#ffffff" stroke-width="0.6" '
           f'stroke-linejoin="round">{"".join(paths)}</g></svg>')
    # Legend swatches are small SVGs of their own, so hatched ones need their own pattern.
    legend = [{"label": c.label, "hatched": c.hatched, "count": counts[i],
               "pattern": _patterns([c]).replace("arcering-0", f"legenda-{i}"),
               "swatch": f"url(#legenda-{i})" if c.hatched else c.colour}
              for i, c in enumerate(classes) if counts[i] or i < missing]
    rows = _rows(ch, shapes, classes)
    return Rendered(svg, legend, rows, ch.columns, _table_body(rows, gemeente_url))


def _rows(ch: Choropleth, shapes, classes) -> list[dict]:
    names = {code: naam for code, naam, _d in shapes}
    figures = ch.figures[ch.figures["gemeente_code"].isin(names)]
    figures = figures.sort_values([*ch.sort_by, "gemeente_code"],
                                  ascending=[*ch.ascending, True], na_position="last")
    f = Formatter()
    labels = [c.label for c in classes]
    cells = [[f(v, kind) for v in figures[c]] for c, _label, kind in ch.columns]
    rows = [{"code": code, "naam": names[code], "klasse": labels[k if k >= 0 else -1],
             "cells": [col[i] for col in cells]}
            for i, (code, k) in enumerate(zip(figures["gemeente_code"], figures["klasse"],
                                              strict=True))]
    shown = set(figures["gemeente_code"])
    rows += [{"code": code, "naam": naam, "klasse": ch.no_data.label,
              "cells": ["–"] * len(ch.columns)}
             for code, naam in sorted(names.items(), key=lambda kv: kv[1]) if code not in shown]
    return rows


def _table_body(rows: list[dict], gemeente_url: str) -> str:
    # Built here rather than in a template loop: a few hundred rows render ten times faster.
    out = []
    for row in rows:
        name = (format_html('<a class="utrecht-link utrecht-link--html-a" href="{}">{}</a>',
                            gemeente_url.format(code=row["code"]), row["naam"])
                if gemeente_url else escape(row["naam"]))
        cells = "".join(f'<td class="utrecht-table__cell utrecht-table__cell--numeric">'
                        f"{escape(c)}</td>" for c in row["cells"])
        out.append(f'<tr class="utrecht-table__row" data-gemeente="{row["code"]}">'
                   f'<th class="utrecht-table__header-cell" scope="row">{name}</th>{cells}</tr>')
    return "".join(out)
