"""Indicator panels for the registry detail pages (region, gemeente, institution, programme,
offering): the figures of the latest finished run that concern that one object.

Each ``*_panel(key)`` returns a dict for its ``indicators/_panel_*.html`` template, or None
when no run has finished yet (the template then says so); results are cached per run.
"""
import functools

import pandas as pd
from django.core.cache import cache

from .. import maps
from ..models import Bedrijfstakgroep, IndicatorTable, Instelling
from .common import gemeente_names, latest_run, table
from .labels import NIVEAUS

PANEL_CACHE_SECONDS = 600


def _per_run(panel):
    """``panel(key)`` for the latest finished run, or None when there is none yet.

    A panel depends only on the run's stored tables (and a few names), so it is computed once
    per run and key and then read from the cache: the detail pages are read far more often
    than runs finish.
    """

    @functools.wraps(panel)
    def cached(key) -> dict | None:
        run = latest_run()
        if run is None:
            return None
        return cache.get_or_set(f"indicator-panel:{panel.__name__}:{run.pk}:{key}",
                                lambda: panel(run, key), PANEL_CACHE_SECONDS)

    return cached


def _programme_names(run) -> dict[str, str]:
    programmes = table(run, "coverage_by_programme")
    return dict(zip(programmes["crebo"], programmes["naam"], strict=True))


def _btg_names() -> dict[str, str]:
    return dict(Bedrijfstakgroep.objects.values_list("code", "naam"))


def _row(df: pd.DataFrame, column: str, value) -> dict | None:
    hit = df[df[column] == value]
    return hit.iloc[0].to_dict() if len(hit) else None


def _pairs_of(run, mask_fn) -> pd.DataFrame:
    pairs = table(run, "overlap_pairs")
    return pairs[mask_fn(pairs)] if len(pairs) else pairs


def _pair_rows(run, pairs: pd.DataFrame, own: str, own_id: int, limit: int = 15) -> list[dict]:
    """Flagged pairs first, seen from ``own`` (``"instelling_id"`` or ``"aanbod_id"``)."""
    if not len(pairs):
        return []
    pairs = pairs.sort_values(["flagged", "same_gemeente", "minutes_between"],
                              ascending=[False, False, True]).head(limit)
    other_side = ["b" if getattr(r, f"{own}_a") == own_id else "a" for r in pairs.itertuples()]
    instellingen = dict(Instelling.objects.filter(
        pk__in=set(pairs["instelling_id_a"]) | set(pairs["instelling_id_b"]))
        .values_list("pk", "naam"))
    gemeenten = gemeente_names()
    names = _programme_names(run)
    rows = []
    for r, side in zip(pairs.itertuples(), other_side, strict=True):
        rows.append({
            "crebo": r.crebo, "opleiding": names.get(r.crebo, ""), "leerweg": r.leerweg,
            "aanbod_id": int(getattr(r, f"aanbod_id_{side}")),
            "instelling": instellingen.get(int(getattr(r, f"instelling_id_{side}")), ""),
            "gemeente": gemeenten.get(getattr(r, f"gemeente_code_{side}"), ""),
            "same_gemeente": bool(r.same_gemeente), "same_region": bool(r.same_region),
            "minutes_between": r.minutes_between, "flagged": bool(r.flagged)})
    return rows


@_per_run
def instelling_panel(run, instelling_id: int) -> dict:
    """Thinning risk of the institution's offerings, its overlap pairs and specialist starts."""
    offerings = table(run, "thinning_offerings")
    mine = offerings[offerings["instelling_id"] == instelling_id]
    pairs = _pairs_of(run, lambda p: (p["instelling_id_a"] == instelling_id)
                      | (p["instelling_id_b"] == instelling_id))
    flagged = pairs[pairs["flagged"].astype(bool)] if len(pairs) else pairs
    starts = table(run, "specialist_starts")
    starts = starts[starts["instelling_id"] == instelling_id] if len(starts) else starts
    gemeenten = gemeente_names()
    names = _programme_names(run)
    at_risk = mine[mine["thinning_risk"].astype(bool)].sort_values("unique_coverage",
                                                                   ascending=False)
    return {
        "run": run, "offerings": len(mine), "thinning_risk": int(mine["thinning_risk"].sum()),
        "low_enrolment": int(mine["low_enrolment"].sum()),
        "sole_provider_krimp": int((mine["sole_provider_region"].astype(bool)
                                    & mine["krimp"].astype(bool)).sum()),
        "at_risk": [{"aanbod_id": int(r.aanbod_id), "opleiding": names.get(r.crebo, r.crebo),
                     "crebo": r.crebo, "leerweg": r.leerweg,
                     "gemeente": gemeenten.get(r.gemeente_code, r.gemeente_code),
                     "studenten": int(r.studenten), "unique_coverage": int(r.unique_coverage)}
                    for r in at_risk.head(15).itertuples()],
        "pairs": len(pairs), "pairs_flagged": len(flagged),
        "pairs_flagged_same_gemeente": int(flagged["same_gemeente"].sum()) if len(flagged)
        else 0,
        "pair_rows": _pair_rows(run, pairs, "instelling_id", instelling_id),
        "specialist_starts": len(starts),
        "specialist_starts_flagged": int(starts["flagged"].sum()) if len(starts) else 0,
    }


@_per_run
def opleiding_panel(run, crebo: str) -> dict:
    """National reach of the programme, whether it is specialist, its overlap and risks."""
    coverage = _row(table(run, "coverage_by_programme"), "crebo", crebo)
    specialist = _row(table(run, "specialist_programmes"), "crebo", crebo)
    pairs = _pairs_of(run, lambda p: p["crebo"] == crebo)
    offerings = table(run, "thinning_offerings")
    mine = offerings[offerings["crebo"] == crebo]
    return {"run": run, "coverage": coverage, "specialist": specialist,
            "share": maps.fmt(coverage["population_share"], "share") if coverage else "",
            "pairs": len(pairs), "pairs_flagged": int(pairs["flagged"].sum()) if len(pairs)
            else 0, "thinning_risk": int(mine["thinning_risk"].sum())}


@_per_run
def aanbod_panel(run, aanbod_id: int) -> dict:
    """Thinning figures of one offering and the offerings it overlaps with."""
    thinning = _row(table(run, "thinning_offerings"), "aanbod_id", aanbod_id)
    pairs = _pairs_of(run, lambda p: (p["aanbod_id_a"] == aanbod_id)
                      | (p["aanbod_id_b"] == aanbod_id))
    return {"run": run, "thinning": thinning, "pairs": len(pairs),
            "pairs_flagged": int(pairs["flagged"].sum()) if len(pairs) else 0,
            "pair_rows": _pair_rows(run, pairs, "aanbod_id", aanbod_id)}


@_per_run
def regio_panel(run, code: str) -> dict:
    """Coverage and overlap of an arbeidsmarktregio, its white spots and offerings at risk."""
    spots = table(run, "white_spots")
    spots = spots[spots["arbeidsmarktregio_code"] == code] if len(spots) else spots
    offerings = table(run, "thinning_offerings")
    in_region = offerings[offerings["arbeidsmarktregio_code"] == code]
    gemeenten = gemeente_names()
    btgs = _btg_names()
    biggest = spots.sort_values(["inwoners", "gemeente_code"], ascending=[False, True]) \
        if len(spots) else spots
    coverage = _row(table(run, "coverage_by_region"), "arbeidsmarktregio_code", code)
    overlap = _row(table(run, "overlap_scores_region"), "arbeidsmarktregio_code", code)
    return {
        "run": run, "coverage": coverage, "overlap": overlap,
        "coverage_share": maps.fmt(coverage["coverage_share"], "share") if coverage else "",
        "overlap_score": maps.fmt(overlap["overlap_score"], "share") if overlap else "",
        "white_spots": len(spots),
        "white_spot_rows": [{"gemeente": gemeenten.get(r.gemeente_code, r.gemeente_code),
                             "code": r.gemeente_code, "btg": btgs.get(r.btg_code, r.btg_code),
                             "niveau": NIVEAUS.get(int(r.niveau), r.niveau),
                             "inwoners": int(r.inwoners), "minutes": r.minutes_nearest}
                            for r in biggest.head(15).itertuples()],
        "offerings": len(in_region), "thinning_risk": int(in_region["thinning_risk"].sum()),
    }


@_per_run
def gemeente_panel(run, code: str) -> dict:
    """Per niveau the offered programmes in reach of the gemeente, and its white spots."""
    name = "coverage_by_gemeente_programme"
    parts = IndicatorTable.objects.filter(run=run, name=name).values_list("part", flat=True)
    frames = [table(run, name, part) for part in sorted(parts)]
    rows = [f[f["gemeente_code"] == code] for f in frames if len(f)]
    mine = pd.concat(rows) if rows else pd.DataFrame(columns=["niveau", "reachable"])
    per_niveau = []
    for niveau, group in mine.groupby("niveau", sort=True):
        per_niveau.append({"niveau": NIVEAUS.get(int(niveau), niveau), "programmes": len(group),
                           "reachable": int(group["reachable"].sum()),
                           "share": group["reachable"].mean()})
    spots = table(run, "white_spots")
    spots = spots[spots["gemeente_code"] == code] if len(spots) else spots
    btgs = _btg_names()
    offerings = table(run, "thinning_offerings")
    here = offerings[offerings["gemeente_code"] == code]
    return {"run": run, "per_niveau": per_niveau,
            "white_spot_rows": [{"btg": btgs.get(r.btg_code, r.btg_code), "btg_code": r.btg_code,
                                 "niveau": NIVEAUS.get(int(r.niveau), r.niveau),
                                 "niveau_code": int(r.niveau), "minutes": r.minutes_nearest,
                                 "threshold": r.threshold_minutes}
                                for r in spots.itertuples()],
            "offerings": len(here), "thinning_risk": int(here["thinning_risk"].sum())}
