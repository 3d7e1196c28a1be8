"""What-if: the effect of a proposed change set on every indicator, fast enough to show live.

A change set is a list of dicts, applied in order:

- ``{"action": "start", "instelling_id", "crebo", "leerweg", "locatie_id" | ("lat", "lon"),
  "gemeente_code", ...}``: a new offering. ``niveau`` and ``btg_code`` default to the
  catalogue (``opleidingen``); ``studenten`` to 0, ``capaciteit`` to unknown, ``onderbouwd``
  to False, ``startjaar`` to ``current_year``. An existing ``locatie_id`` supplies the
  coordinates and gemeente; a new location uses the default travel model (a routing engine
  cannot be asked from here) and gets a negative id unless one is given.
- ``{"action": "stop", "aanbod_id"}``: the offering ends.
- ``{"action": "expand" | "scale_down", "aanbod_id", "studenten_delta", "capaciteit"}``:
  students go up (expand) or down (scale_down, not below 0) by ``abs(studenten_delta)``;
  ``capaciteit``, when given, becomes the new capacity (``None`` = unknown).

Every indicator is a sum over programmes or a function of whole programmes, so only the
touched crebos are recomputed; national, regional and btg x niveau figures are re-aggregated
from the patched gemeente x programme matrices. The result holds the headline figures before
and after, and per indicator only what changed.

**Affected institutions** (besides the initiators): institutions offering the same programme
(any leerweg) in the same arbeidsmarktregio or within the niveau threshold of the changed
offering (same overlap test as agreement 1), and nearby sole providers: institutions that are
the sole provider in their region of a programme of the same btg and niveau, within that
threshold.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from . import coverage, overlap, schema, sector, specialist, thinning
from .arrays import col_dot
from .changes import ACTIONS, Applied, ChangeError, apply_changes
from .compare import TOL, compare, diff_rows
from .context import AANBOD_COLUMNS, OFFER_ORDER, Context, normalise_aanbod
from .engine import ADDITIVE_KEYS, IndicatorResult, additive_counts, compute_all, summary_from
from .params import IndicatorParams

__all__ = ["ACTIONS", "ChangeError", "WhatIfResult", "what_if"]


@dataclass(eq=False)
class WhatIfResult:
    """Before/after headline figures and, per indicator, the rows that changed."""

    changes: list[dict[str, Any]]
    touched_crebos: list[str]
    summary_before: dict[str, Any]
    summary_after: dict[str, Any]
    summary_delta: dict[str, Any]
    coverage_changes: pd.DataFrame
    access_by_programme: pd.DataFrame
    programme_changes: pd.DataFrame
    btg_niveau_changes: pd.DataFrame
    region_changes: pd.DataFrame
    national_changes: pd.DataFrame
    white_spots_added: pd.DataFrame
    white_spots_removed: pd.DataFrame
    accessibility_changes: pd.DataFrame
    overlap_added: pd.DataFrame
    overlap_removed: pd.DataFrame
    overlap_region_changes: pd.DataFrame
    overlap_btg_changes: pd.DataFrame
    thinning_changes: pd.DataFrame
    specialist_changes: pd.DataFrame
    specialist_starts_added: pd.DataFrame
    specialist_starts_removed: pd.DataFrame
    sector_changes: pd.DataFrame
    affected: pd.DataFrame
    affected_instellingen: list[int]
    initiators: list[int]
    elapsed_ms: float = 0.0
    timings_ms: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of every field."""
        return {f.name: schema.jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}


def _rows(result: IndicatorResult, offers: pd.DataFrame, col: str, values) -> pd.DataFrame:
    """The base offerings whose ``col`` is one of ``values``, via a cached index."""
    key = ("offer_rows", col)
    if key not in result.cache:
        result.cache[key] = offers.groupby(col, sort=False).indices
    index = result.cache[key]
    rows = [index[v] for v in values if v in index]
    return offers.iloc[np.sort(np.concatenate(rows))] if rows else offers.iloc[0:0]


def _by_crebo(result: IndicatorResult, name: str, crebos) -> pd.DataFrame:
    """Rows of a per-programme table for some crebos, via a cached crebo -> rows index."""
    cache = result.cache
    key = ("by_crebo", name)
    if key not in cache:
        cache[key] = getattr(result, name).groupby("crebo", sort=False).indices
    index = cache[key]
    rows = [index[c] for c in crebos if c in index]
    df = getattr(result, name)
    return df.iloc[np.concatenate(rows)] if rows else df.iloc[0:0]


# --- the entry point ----------------------------------------------------------------------


def _base_result(base, params: IndicatorParams | None) -> IndicatorResult:
    if isinstance(base, IndicatorResult):
        if params is None or params == base.params:
            return base
        ctx = base.context
        travel = None
        if ctx.travel_source == "input":
            travel = pd.DataFrame(ctx.travel, index=ctx.gem_index, columns=ctx.loc_index)
        return compute_all(ctx.gemeenten, ctx.offers[list(AANBOD_COLUMNS)], ctx.opleidingen,
                           ctx.inschrijvingen, params, travel)
    if isinstance(base, dict):
        return compute_all(params=params, **base)
    raise TypeError("what_if verwacht een IndicatorResult of een dict met invoertabellen")


def what_if(base, changes: list[dict[str, Any]], params: IndicatorParams | None = None
            ) -> WhatIfResult:
    """Apply ``changes`` (module docstring) to ``base`` and report what changes.

    ``base`` is an ``IndicatorResult`` (fast: only touched programmes are recomputed) or a
    dict with the ``compute_all`` inputs. Raises ``ChangeError`` for an invalid change set.
    """
    started = clock = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round((now - clock) * 1000.0, 3)
        clock = now

    res = _base_result(base, params)
    ctx = res.context
    applied = apply_changes(changes, res)
    touched = sorted(applied.touched)
    offers = ctx.offers

    # Offerings of the touched programmes, before and after the change set.
    before_off = _rows(res, offers, "crebo", touched)
    after_off = before_off[~before_off["id"].isin(applied.stops)]
    if applied.updates:
        after_off = after_off.copy()
        for aanbod_id, upd in applied.updates.items():
            mask = after_off["id"] == aanbod_id
            after_off.loc[mask, "studenten"] = upd["studenten"]
            after_off.loc[mask, "capaciteit"] = upd["capaciteit"]
        cap = after_off["capaciteit"].to_numpy(float)
        after_off["supply"] = np.where(np.isnan(cap), after_off["studenten"].to_numpy(float), cap)
    ctx2 = ctx
    if applied.starts:
        new = normalise_aanbod(pd.DataFrame(applied.starts))
        ctx2 = ctx.with_locations(new[["locatie_id", "lat", "lon"]].drop_duplicates("locatie_id"))
        after_off = pd.concat([after_off, ctx2.annotate(new)], ignore_index=True)
        after_off = after_off.sort_values(OFFER_ORDER, kind="stable")
    after_off = after_off.reset_index(drop=True)
    lap("apply")

    # Coverage: recompute touched programmes, patch the national matrices, re-aggregate.
    blk_after = coverage.programme_block(after_off, ctx2)
    blk_full = coverage.patch_block(res.block, touched, blk_after)
    if "groups" not in res.cache:
        res.cache["groups"] = coverage.groups(res.block)
    grp_before = res.cache["groups"]
    grp_after = coverage.groups(blk_full)
    lap("coverage_kernel")
    national_after = coverage.national_frame(ctx, blk_full, grp_after)
    region_after = coverage.region_frame(ctx, blk_full, grp_after)
    btgniv_after = coverage.btg_niveau_frame(ctx, blk_full, grp_after)
    prog_before = _by_crebo(res, "coverage_by_programme", touched)
    prog_after = coverage.programme_frame(ctx2, blk_after, after_off)
    cov_changes, access_prog = _coverage_changes(ctx, res.block, blk_after, touched)
    groups_touched = sorted({(b, n) for b, n in zip(blk_after.btg, blk_after.niveau, strict=True)}
                            | set(zip(prog_before["btg_code"], prog_before["niveau"],
                                      strict=True)))
    ws_added, ws_removed, acc_changes = _group_changes(ctx, grp_before, grp_after,
                                                       groups_touched)
    lap("coverage_frames")

    # Overlap, thinning, specialist: whole programmes, so compare the touched ones only.
    pairs_before = _by_crebo(res, "overlap_pairs", touched)
    pairs_after = overlap.overlap_pairs(after_off, ctx2)
    ov_added, ov_removed = diff_rows(pairs_before, pairs_after, ["aanbod_id_a", "aanbod_id_b"])
    ov_region = _overlap_score_changes(res, "overlap_scores_region", before_off, after_off,
                                       pairs_before, pairs_after, "arbeidsmarktregio_code")
    ov_btg = _overlap_score_changes(res, "overlap_scores_btg", before_off, after_off,
                                    pairs_before, pairs_after, "btg_code")
    lap("overlap")
    thin_before = _by_crebo(res, "thinning_offerings", touched)
    thin_after = thinning.thinning_frame(after_off, blk_after, ctx2)
    spec_before = _by_crebo(res, "specialist_programmes", touched)
    starts_before = _by_crebo(res, "specialist_starts", touched)
    spec_after, starts_after = specialist.specialist_frames(after_off, prog_after, ctx2)
    st_added, st_removed = diff_rows(starts_before, starts_after, ["aanbod_id"])
    lap("thinning_specialist")

    # Sector view of the touched btgs, from all their offerings after the change set.
    btgs = sorted(set(before_off["btg_code"]) | set(after_off["btg_code"]))
    cols = list(sector.VIEW_COLUMNS)
    rest = _rows(res, offers, "btg_code", btgs)
    rest = rest.loc[~rest["crebo"].isin(touched).to_numpy(), cols]
    sector_after = sector.sector_view(pd.concat([rest, after_off[cols]], ignore_index=True),
                                      ctx2, btgs)
    sector_before = res.sector_view[res.sector_view["btg_code"].isin(btgs)]
    lap("sector")

    # Headline figures: additive counts per programme, distinct counts via counters.
    counts = {k: res.summary[k] for k in ADDITIVE_KEYS}
    sub_b = additive_counts(before_off, pairs_before, thin_before, spec_before, starts_before)
    sub_a = additive_counts(after_off, pairs_after, thin_after, spec_after, starts_after)
    counts = {k: counts[k] - sub_b[k] + sub_a[k] for k in ADDITIVE_KEYS}
    summary_after = summary_from(
        counts, national_after, grp_after, ctx,
        _distinct_after(res, "instelling_id", before_off, after_off),
        _distinct_after(res, "locatie_id", before_off, after_off),
    )
    summary_before = dict(res.summary)
    delta = {k: summary_after[k] - summary_before[k] for k in summary_after
             if isinstance(summary_after[k], (int, float))}
    lap("summary")

    affected, initiators = _affected(res, ctx2, applied, before_off, after_off)
    others = sorted({int(i) for i in affected.loc[affected["reason"] != "initiator",
                                                  "instelling_id"]})
    lap("affected")
    result = WhatIfResult(
        changes=applied.normalised,
        touched_crebos=touched,
        summary_before=summary_before,
        summary_after=summary_after,
        summary_delta=delta,
        coverage_changes=cov_changes,
        access_by_programme=access_prog,
        programme_changes=compare(
            prog_before, prog_after, ["crebo"],
            ["offerings", "locations", "providers", "studenten", "gemeenten_reachable",
             "population_reachable", "population_share", "mean_minutes_nearest"],
            ["niveau", "btg_code"]),
        btg_niveau_changes=compare(
            res.coverage_by_btg_niveau, btgniv_after, ["btg_code", "niveau"],
            ["programmes", "gemeenten_reachable", "population_share", "mean_programme_share",
             "white_spot_gemeenten", "white_spot_population", "mean_minutes_nearest"]),
        region_changes=compare(
            res.coverage_by_region, region_after, ["arbeidsmarktregio_code"],
            ["coverage_share", "mean_programmes_reachable", "programmes_reachable_everywhere",
             "programmes_reachable_somewhere", "white_spot_pairs", "btg_niveau_white_spots"]),
        national_changes=_national_changes(res.coverage_national, national_after),
        white_spots_added=ws_added,
        white_spots_removed=ws_removed,
        accessibility_changes=acc_changes,
        overlap_added=ov_added,
        overlap_removed=ov_removed,
        overlap_region_changes=ov_region,
        overlap_btg_changes=ov_btg,
        thinning_changes=compare(
            thin_before, thin_after, ["aanbod_id"],
            ["studenten", "low_enrolment", "sole_provider_region", "unique_coverage",
             "unique_coverage_gemeenten", "unique_coverage_krimp", "thinning_risk"],
            ["instelling_id", "crebo", "leerweg", "gemeente_code"]),
        specialist_changes=compare(
            spec_before, spec_after, ["crebo"],
            ["locations", "providers", "offerings", "studenten", "gemeenten_reachable",
             "population_share", "recent_starts", "recent_starts_flagged"],
            ["niveau", "btg_code"]),
        specialist_starts_added=st_added,
        specialist_starts_removed=st_removed,
        sector_changes=compare(
            sector_before, sector_after, ["btg_code"],
            ["programmes", "offerings", "institutions", "locations", "studenten", "gemeenten",
             "regions", "largest_region_share", "offerings_low_enrolment"]),
        affected=affected,
        affected_instellingen=others,
        initiators=initiators,
    )
    lap("compare")
    result.timings_ms = timings
    result.elapsed_ms = round((time.perf_counter() - started) * 1000.0, 3)
    return result


def _coverage_changes(ctx: Context, base: coverage.Block, after: coverage.Block, touched):
    """Changed gemeente x programme cells, and gains/losses of access per programme."""
    crebos = np.array(touched, dtype=object)

    def cols(block: coverage.Block):
        pos = block.columns_for(crebos)
        ok = pos >= 0
        if not ok.any():  # every touched programme is absent on this side
            shape = (len(ctx.gem_index), len(crebos))
            return (np.zeros(shape, bool), np.full(shape, np.inf), np.zeros(shape, np.int64),
                    np.zeros(shape))
        p = np.where(ok, pos, 0)
        # gemeente x touched-programme views of the programme-major matrices
        return (
            np.where(ok, block.reach[p].T, False),
            np.where(ok, block.minutes[p].T, np.inf),
            np.where(ok, block.providers[p].T, 0),
            np.where(ok, block.access[p].T, 0.0),
        )

    rb, mb, pb, ab = cols(base)
    ra, ma, pa, aa = cols(after)
    same_min = (mb == ma) | np.isclose(mb, ma, rtol=TOL, atol=TOL)
    changed = (rb != ra) | ~same_min | (pb != pa) | ~np.isclose(ab, aa, rtol=TOL, atol=TOL)
    g, p = np.nonzero(changed)
    gain, loss = ra & ~rb, rb & ~ra

    def fin(x: np.ndarray) -> np.ndarray:
        return np.where(np.isfinite(x), x, np.nan)

    change = np.where(gain[g, p], "gain", np.where(loss[g, p], "loss", "other"))
    cells = pd.DataFrame(
        {
            "gemeente_code": ctx.gem_index.to_numpy(object)[g], "crebo": crebos[p],
            "inwoners": ctx.inw[g].astype(np.int64), "change": change,
            "reachable_before": rb[g, p], "reachable_after": ra[g, p],
            "minutes_before": fin(mb[g, p]), "minutes_after": fin(ma[g, p]),
            "providers_before": pb[g, p], "providers_after": pa[g, p],
            "accessibility_before": ab[g, p], "accessibility_after": aa[g, p],
        }
    ).sort_values(["crebo", "gemeente_code"], kind="stable").reset_index(drop=True)
    per_prog = pd.DataFrame(
        {
            "crebo": crebos,
            "gemeenten_gained": gain.sum(axis=0), "gemeenten_lost": loss.sum(axis=0),
            "population_gained": col_dot(ctx.inw, gain).astype(np.int64),
            "population_lost": col_dot(ctx.inw, loss).astype(np.int64),
        }
    )
    return cells, per_prog


def _group_changes(ctx: Context, grp_b: coverage.Groups, grp_a: coverage.Groups, wanted):
    """White spots added/removed and 2SFCA changes, for the touched btg x niveau groups.

    A group without offered programmes has no white spots (it is outside the portfolio).
    """
    n_gem = len(ctx.gem_index)
    codes = ctx.gem_index.to_numpy(object)
    index_b = {k: i for i, k in enumerate(zip(grp_b.btg, grp_b.niveau, strict=True))}
    index_a = {k: i for i, k in enumerate(zip(grp_a.btg, grp_a.niveau, strict=True))}
    ws_parts: dict[str, list[pd.DataFrame]] = {"added": [], "removed": []}
    acc_parts = []
    for btg, niveau in wanted:
        ib, ia = index_b.get((btg, niveau)), index_a.get((btg, niveau))
        ws_b = ~grp_b.any_reach[ib] if ib is not None else np.zeros(n_gem, bool)
        ws_a = ~grp_a.any_reach[ia] if ia is not None else np.zeros(n_gem, bool)
        for name, mask, grp, i in (("added", ws_a & ~ws_b, grp_a, ia),
                                   ("removed", ws_b & ~ws_a, grp_b, ib)):
            g = np.flatnonzero(mask)
            if g.size:
                minutes = grp.min_minutes[i, g]
                ws_parts[name].append(pd.DataFrame({
                    "gemeente_code": codes[g], "arbeidsmarktregio_code": ctx.region[g],
                    "btg_code": btg, "niveau": niveau, "inwoners": ctx.inw[g].astype(np.int64),
                    "minutes_nearest": np.where(np.isfinite(minutes), minutes, np.nan),
                    "threshold_minutes": ctx.thresholds[niveau],
                }))
        acc_b = grp_b.access[ib] if ib is not None else np.zeros(n_gem)
        acc_a = grp_a.access[ia] if ia is not None else np.zeros(n_gem)
        g = np.flatnonzero(~np.isclose(acc_b, acc_a, rtol=TOL, atol=TOL))
        if g.size:
            acc_parts.append(pd.DataFrame({
                "gemeente_code": codes[g], "btg_code": btg, "niveau": niveau,
                "status": "added" if ib is None else "removed" if ia is None else "changed",
                "accessibility_before": acc_b[g], "accessibility_after": acc_a[g],
            }))
    empty_ws = schema.empty_frame("white_spots")
    added, removed = (
        pd.concat(ws_parts[n], ignore_index=True) if ws_parts[n] else empty_ws
        for n in ("added", "removed")
    )
    acc = pd.concat(acc_parts, ignore_index=True) if acc_parts else pd.DataFrame(
        columns=["gemeente_code", "btg_code", "niveau", "status", "accessibility_before",
                 "accessibility_after"])
    return added, removed, acc


def _overlap_score_changes(res: IndicatorResult, name: str, before_off, after_off,
                           pairs_before, pairs_after, by: str) -> pd.DataFrame:
    """Overlap score rows that change: base counts - touched before + touched after."""
    key = ("overlap_counts", name)
    if key not in res.cache:
        base = getattr(res, name)
        res.cache[key] = dict(zip(base[by].tolist(),
                                  base[overlap.COUNT_COLUMNS].to_numpy(np.int64), strict=True))
    base_counts = res.cache[key]
    sub_b = overlap.overlap_counts(before_off, pairs_before, by)
    sub_a = overlap.overlap_counts(after_off, pairs_after, by)
    sub_b = dict(zip(sub_b.index.tolist(), sub_b.to_numpy(np.int64), strict=True))
    sub_a = dict(zip(sub_a.index.tolist(), sub_a.to_numpy(np.int64), strict=True))
    zero = np.zeros(len(overlap.COUNT_COLUMNS), np.int64)
    rows = []
    for k in sorted(set(sub_b) | set(sub_a)):
        before = base_counts.get(k, zero)
        after = before - sub_b.get(k, zero) + sub_a.get(k, zero)
        if (before == after).all():
            continue
        rec = {by: k, "status": "changed" if k in base_counts else "added"}
        for j, col in enumerate(overlap.COUNT_COLUMNS):
            rec[f"{col}_before"], rec[f"{col}_after"] = int(before[j]), int(after[j])
        # overlap_score = offerings_overlapping / offerings (0 when there are none)
        for side, c in (("before", before), ("after", after)):
            rec[f"overlap_score_{side}"] = float(c[1] / c[0]) if c[0] > 0 else 0.0
        rows.append(rec)
    cols = [by, "status"] + [f"{c}_{w}" for c in overlap.COUNT_COLUMNS + ["overlap_score"]
                             for w in ("before", "after")]
    return pd.DataFrame(rows, columns=cols)


def _national_changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    def keyed(df: pd.DataFrame) -> pd.DataFrame:
        return df.assign(niveau=df["niveau"].fillna(0).astype("int64"))

    out = compare(keyed(before), keyed(after), ["niveau"],
                   ["programmes", "coverage_share", "mean_programme_share",
                    "covered_population_sum", "white_spot_population_sum", "white_spot_pairs",
                    "btg_niveau_white_spots"])
    out["niveau"] = out["niveau"].astype("Int64").replace(0, pd.NA)
    return out


def _distinct_after(res: IndicatorResult, col: str, before_off, after_off) -> int:
    """Distinct values of ``col`` over all offerings after the change set."""
    key = ("count", col)
    if key not in res.cache:
        res.cache[key] = Counter(res.context.offers[col].tolist())
    counts = res.cache[key]
    delta = Counter(after_off[col].tolist())
    delta.subtract(before_off[col].tolist())
    n = len(counts)
    for value, d in delta.items():
        old = counts.get(value, 0)
        n += (old + d > 0) - (old > 0)
    return n


def _sole_providers(res: IndicatorResult) -> dict[str, np.ndarray]:
    """Arrays of the base's sole-provider offerings (cached): who may be "nearby"."""
    if "sole" not in res.cache:
        thin = res.thinning_offerings
        sole = thin[thin["sole_provider_region"]]
        ctx = res.context
        res.cache["sole"] = {
            "btg": sole["btg_code"].to_numpy(object), "niveau": sole["niveau"].to_numpy(),
            "inst": sole["instelling_id"].to_numpy(), "id": sole["aanbod_id"].to_numpy(),
            "crebo": sole["crebo"].to_numpy(object),
            "g": ctx.gem_index.get_indexer(sole["gemeente_code"]),
            "l": ctx.loc_index.get_indexer(sole["locatie_id"]),
        }
    return res.cache["sole"]


def _affected(res: IndicatorResult, ctx: Context, applied: Applied, before_off, after_off):
    """Institutions touched by the change set (module docstring), one row per reason."""
    both = pd.concat([before_off, after_off], ignore_index=True).drop_duplicates("id")
    ids = both["id"].to_numpy()
    crebo = both["crebo"].to_numpy(object)
    inst = both["instelling_id"].to_numpy()
    g_idx, l_idx = both["g_idx"].to_numpy(), both["l_idx"].to_numpy()
    region = both["arbeidsmarktregio_code"].to_numpy(object)
    btg, niveau = both["btg_code"].to_numpy(object), both["niveau"].to_numpy()
    changed_ids = set(applied.stops) | set(applied.updates) | {s["id"] for s in applied.starts}
    sole = _sole_providers(res)
    T = ctx.travel
    cols: dict[str, list] = {k: [] for k in ("instelling_id", "reason", "aanbod_id", "crebo",
                                             "changed_aanbod_id")}

    def add(insts, reason, aanbod_ids, crebos, changed) -> None:
        cols["instelling_id"].extend(np.asarray(insts).tolist())
        cols["reason"].extend([reason] * len(insts))
        cols["aanbod_id"].extend(np.asarray(aanbod_ids).tolist())
        cols["crebo"].extend(np.asarray(crebos).tolist())
        cols["changed_aanbod_id"].extend([changed] * len(insts))

    for i in np.flatnonzero(np.isin(ids, list(changed_ids))):
        thr = ctx.thresholds[niveau[i]]
        add([inst[i]], "initiator", [ids[i]], [crebo[i]], ids[i])
        other = np.flatnonzero((crebo == crebo[i]) & (inst != inst[i]))
        between = np.maximum(T[g_idx[other], l_idx[i]], T[g_idx[i], l_idx[other]])
        same_region = region[other] == region[i]
        near = ~same_region & ((between <= thr) | (g_idx[other] == g_idx[i]))
        for mask, reason in ((same_region, "same_programme_region"),
                             (near, "same_programme_nearby")):
            o = other[mask]
            add(inst[o], reason, ids[o], crebo[o], ids[i])
        cand = np.flatnonzero((sole["btg"] == btg[i]) & (sole["niveau"] == niveau[i])
                              & (sole["inst"] != inst[i]))
        between = np.maximum(T[sole["g"][cand], l_idx[i]], T[g_idx[i], sole["l"][cand]])
        hit = cand[between <= thr]
        add(sole["inst"][hit], "sole_provider_nearby", sole["id"][hit], sole["crebo"][hit],
            ids[i])
    df = pd.DataFrame(cols).drop_duplicates()
    df = df.astype({"instelling_id": "int64", "aanbod_id": "int64", "changed_aanbod_id": "int64"})
    initiators = sorted({int(i) for i in inst[np.isin(ids, list(changed_ids))]})
    return df.sort_values(list(cols), kind="stable").reset_index(drop=True), initiators
