"""Coverage, white spots and 2SFCA accessibility (criterion "dekkend" and "toegankelijk").

Definitions (T = travel minutes gemeente -> location, thr(n) = threshold of niveau n):

- A gemeente **reaches** a programme (crebo) when some active offering of that crebo, in any
  leerweg, is at a location l with T(gemeente, l) <= thr(niveau of the crebo).
- **minutes_nearest**: min over the crebo's locations of T(gemeente, l).
- **providers_reachable**: number of distinct institutions with such an offering in reach.
- **Population-weighted coverage share** of a programme: sum of inhabitants of the gemeenten
  that reach it / sum of all inhabitants. For a region or the country, over all offered
  programmes P: sum over gemeenten g and programmes p of inhabitants(g) x reach(g, p) /
  (|P| x inhabitants) - the share of "inhabitant x programme" pairs in reach.
- Only **offered** programmes (at least one active offering) are counted; a catalogue
  programme without any offering is not a white spot everywhere.
- **btg x niveau**: a gemeente reaches the group when it reaches at least one programme of
  that bedrijfstakgroep and niveau. A **white spot** is a gemeente that reaches none of them
  (table ``white_spots``); at programme level, every gemeente x programme pair out of reach.
- **2SFCA accessibility** (two-step floating catchment area), per programme:
  step 1, per location l: R(l) = supply(l) / demand within thr of l, where supply is the sum
  over the programme's offerings at l of the capacity (or, when unknown, the current
  students) and demand is the youth population (or inhabitants, see ``context``);
  step 2, per gemeente: A = sum of R(l) over the locations within thr, times 1,000.
  Read it as "student places per 1,000 young people within reach". The btg x niveau score is
  the sum over the group's programmes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import schema
from .arrays import group_nunique, group_sum, row_dot
from .arrays import starts as change_points
from .context import Context

# Columns per chunk of the gemeente x (programme, institution, location) matrix; bounds the
# memory of the 10x scale-up to tens of MB instead of gigabytes.
CHUNK_COLUMNS = 8192


@dataclass
class Block:
    """Coverage matrices (programme x gemeente) for a set of programmes, crebo order.

    Programme-major rows keep every reduction over programmes a contiguous row operation.

    The ``unique_*`` arrays are per offering, aligned with the offers the block was built from.
    """

    crebo: np.ndarray
    niveau: np.ndarray
    btg: np.ndarray
    minutes: np.ndarray  # P x G float, inf = no location reachable at all
    reach: np.ndarray  # P x G bool
    providers: np.ndarray  # P x G int
    access: np.ndarray  # P x G float (2SFCA)
    unique_pop: np.ndarray
    unique_gemeenten: np.ndarray
    unique_krimp: np.ndarray

    def columns_for(self, crebos) -> np.ndarray:
        """Positions of the given crebos in this block (-1 when absent)."""
        return pd.Index(self.crebo).get_indexer(list(crebos))


def _empty_block(n_gem: int, n_offers: int) -> Block:
    return Block(
        crebo=np.array([], dtype=object), niveau=np.array([], dtype=np.int64),
        btg=np.array([], dtype=object), minutes=np.zeros((0, n_gem)),
        reach=np.zeros((0, n_gem), bool), providers=np.zeros((0, n_gem), np.int64),
        access=np.zeros((0, n_gem)), unique_pop=np.zeros(n_offers),
        unique_gemeenten=np.zeros(n_offers, np.int64), unique_krimp=np.zeros(n_offers),
    )


def programme_block(offers: pd.DataFrame, ctx: Context) -> Block:
    """Coverage matrices and per-offering unique coverage for whole programmes.

    ``offers`` must be annotated (``Context.annotate``), in ``OFFER_ORDER`` and hold every
    active offering of each crebo it contains. Works on (crebo, institution, location)
    triples: several leerwegen at one location reach the same gemeenten.
    """
    n_gem, n = len(ctx.gem_index), len(offers)
    if n == 0:
        return _empty_block(n_gem, 0)
    crebo = offers["crebo"].to_numpy(object)
    inst = offers["instelling_id"].to_numpy()
    loc = offers["l_idx"].to_numpy()
    new_trip = change_points(crebo, inst, loc)
    t_start = np.flatnonzero(new_trip)
    trip_of_offer = np.cumsum(new_trip) - 1
    t_mult = np.diff(np.append(t_start, n))
    t_loc, t_crebo, t_inst = loc[t_start], crebo[t_start], inst[t_start]
    t_niv = offers["niveau"].to_numpy()[t_start]
    t_thr = ctx.thresholds[t_niv]
    t_supply = np.add.reduceat(offers["supply"].to_numpy(float), t_start)
    catch = ctx.catchment[t_niv, t_loc]
    t_ratio = np.divide(t_supply, catch, out=np.zeros_like(t_supply), where=catch > 0)

    new_prog = change_points(t_crebo)
    p_start = np.flatnonzero(new_prog)
    n_trip, n_prog = len(t_start), len(p_start)
    p_end = np.append(p_start[1:], n_trip)
    prog_of_trip = np.cumsum(new_prog) - 1
    ci_start = np.flatnonzero(change_points(t_crebo, t_inst))

    minutes = np.empty((n_prog, n_gem))
    providers = np.empty((n_prog, n_gem), np.int64)
    access = np.empty((n_prog, n_gem))
    t_upop = np.zeros(n_trip)
    t_ukrimp = np.zeros(n_trip)
    t_ugem = np.zeros(n_trip, np.int64)
    inw_krimp = ctx.inw * ctx.krimp

    p0 = 0
    while p0 < n_prog:
        # Take whole programmes until the chunk holds CHUNK_COLUMNS triples (at least one).
        p1 = max(p0 + 1, int(np.searchsorted(p_end, p_start[p0] + CHUNK_COLUMNS, "right")))
        lo, hi = p_start[p0], p_end[p1 - 1]
        local = p_start[p0:p1] - lo
        m = ctx.travel_t[t_loc[lo:hi]]  # triples x gemeenten, contiguous rows
        r = m <= t_thr[lo:hi, None]
        minutes[p0:p1] = np.minimum.reduceat(m, local, axis=0)
        del m
        c_lo, c_hi = np.searchsorted(ci_start, [lo, hi])
        mult = t_mult[lo:hi]
        one_per_inst = c_hi - c_lo == hi - lo  # every institution: one location per programme
        has = r if one_per_inst else np.logical_or.reduceat(r, ci_start[c_lo:c_hi] - lo, axis=0)
        ci_of_prog = np.searchsorted(ci_start, p_start[p0:p1]) - c_lo
        providers[p0:p1] = np.add.reduceat(has, ci_of_prog, axis=0, dtype=np.int64)
        access[p0:p1] = np.add.reduceat(r * t_ratio[lo:hi, None], local, axis=0) * 1000.0
        # Unique coverage: a gemeente loses access when this triple is the only offering of
        # the programme in reach (a triple with two leerwegen never loses anything alone).
        if one_per_inst and (mult == 1).all():
            counts = providers[p0:p1]  # one offering per institution: the same count
        else:
            counts = np.add.reduceat(r * mult[:, None], local, axis=0)
        sel = np.flatnonzero(mult == 1)
        if sel.size:
            u = r[sel] & (counts[prog_of_trip[lo:hi][sel] - p0] == 1)
            # Sparse sums: few gemeenten depend on one offering, so work on the True cells.
            rows, gem = np.nonzero(u)
            t_upop[lo + sel] = np.bincount(rows, weights=ctx.inw[gem], minlength=sel.size)
            t_ukrimp[lo + sel] = np.bincount(rows, weights=inw_krimp[gem], minlength=sel.size)
            t_ugem[lo + sel] = np.bincount(rows, minlength=sel.size)
        p0 = p1

    thr_prog = ctx.thresholds[t_niv[p_start]]
    return Block(
        crebo=t_crebo[p_start],
        niveau=t_niv[p_start].astype(np.int64),
        btg=offers["btg_code"].to_numpy(object)[t_start][p_start],
        minutes=minutes,
        reach=minutes <= thr_prog[:, None],
        providers=providers,
        access=access,
        unique_pop=t_upop[trip_of_offer],
        unique_gemeenten=t_ugem[trip_of_offer],
        unique_krimp=t_ukrimp[trip_of_offer],
    )


def patch_block(base: Block, touched, new: Block) -> Block:
    """``base`` with the programmes in ``touched`` replaced by those in ``new`` (crebo order).

    Per-offering arrays are not carried over (they belong to the offers of one call).
    """
    keep = ~np.isin(base.crebo, list(touched))
    crebo = np.concatenate([base.crebo[keep], new.crebo])
    order = np.argsort(crebo, kind="stable")

    def cat(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.concatenate([a[keep], b])[order]

    return Block(
        crebo=crebo[order], niveau=cat(base.niveau, new.niveau), btg=cat(base.btg, new.btg),
        minutes=cat(base.minutes, new.minutes), reach=cat(base.reach, new.reach),
        providers=cat(base.providers, new.providers), access=cat(base.access, new.access),
        unique_pop=np.zeros(0), unique_gemeenten=np.zeros(0, np.int64),
        unique_krimp=np.zeros(0),
    )


# --- frames -------------------------------------------------------------------------------


def gemeente_programme_frame(ctx: Context, block: Block) -> pd.DataFrame:
    """Table ``coverage_by_gemeente_programme`` (rows gemeente-major, crebo order)."""
    n_prog, n_gem = block.reach.shape
    minutes = block.minutes.T.ravel()
    regions, r_of_g = ctx.region_groups[:2]
    btgs, b_of_p = np.unique(block.btg.astype(str), return_inverse=True)

    def category(codes: np.ndarray, categories) -> pd.Categorical:
        # Codes instead of |G| x |P| Python strings: far less time and memory.
        return pd.Categorical.from_codes(codes, pd.Index(np.asarray(categories), dtype="str"))

    return schema.conform(
        "coverage_by_gemeente_programme",
        pd.DataFrame(
            {
                "gemeente_code": category(np.repeat(np.arange(n_gem), n_prog), ctx.gem_index),
                "arbeidsmarktregio_code": category(np.repeat(r_of_g, n_prog), regions),
                "crebo": category(np.tile(np.arange(n_prog), n_gem), block.crebo.astype(str)),
                "niveau": np.tile(block.niveau, n_gem),
                "btg_code": category(np.tile(b_of_p, n_gem), btgs),
                "reachable": block.reach.T.ravel(),
                "minutes_nearest": np.where(np.isfinite(minutes), minutes, np.nan),
                "providers_reachable": block.providers.T.ravel(),
                "accessibility": block.access.T.ravel(),
            }
        ),
        presorted=True,  # gemeenten and crebos are both already in code order
    )


def as_int(values) -> np.ndarray:
    """Float sums of whole numbers (inhabitants, counts) back to int64."""
    return np.rint(values).astype(np.int64)


def _weighted_mean_minutes(minutes: np.ndarray, inw: np.ndarray) -> np.ndarray:
    """Population-weighted mean per row over the gemeenten with a finite value."""
    finite = np.isfinite(minutes)
    total = row_dot(finite, inw)
    value = row_dot(np.where(finite, minutes, 0.0), inw)
    return np.divide(value, total, out=np.full(len(total), np.nan), where=total > 0)


def programme_frame(ctx: Context, block: Block, offers: pd.DataFrame) -> pd.DataFrame:
    """Table ``coverage_by_programme`` for the programmes of ``block`` (``offers`` = theirs)."""
    total = ctx.inw.sum()
    covered = row_dot(block.reach, ctx.inw)
    n_prog = len(block.crebo)
    prog = np.searchsorted(block.crebo, offers["crebo"].to_numpy(object))
    names = ctx.names.reindex(block.crebo).fillna("")
    df = pd.DataFrame(
        {
            "crebo": block.crebo,
            "naam": names.to_numpy(object),
            "niveau": block.niveau,
            "btg_code": block.btg,
            "offerings": np.bincount(prog, minlength=n_prog),
            "locations": group_nunique(prog, offers["locatie_id"].to_numpy(), n_prog),
            "providers": group_nunique(prog, offers["instelling_id"].to_numpy(), n_prog),
            "studenten": group_sum(prog, offers["studenten"].to_numpy(), n_prog),
            "threshold_minutes": ctx.thresholds[block.niveau],
            "gemeenten_reachable": block.reach.sum(axis=1),
            "population_reachable": as_int(covered),
            "population_share": covered / total if total > 0 else np.zeros(len(covered)),
            "white_spot_population": as_int(total - covered),
            "mean_minutes_nearest": _weighted_mean_minutes(block.minutes, ctx.inw),
        }
    )
    return schema.conform("coverage_by_programme", df, presorted=True)  # crebo order


@dataclass
class Groups:
    """btg x niveau groups of the programmes of a block (programmes permuted per group)."""

    perm: np.ndarray
    starts: np.ndarray
    btg: np.ndarray
    niveau: np.ndarray
    size: np.ndarray
    any_reach: np.ndarray  # B x G
    min_minutes: np.ndarray  # B x G
    access: np.ndarray  # B x G


def groups(block: Block) -> Groups:
    """Group the programmes of ``block`` by (btg, niveau) and reduce the matrices per group."""
    n_gem = block.reach.shape[1]
    if len(block.crebo) == 0:
        empty = np.zeros((0, n_gem))
        return Groups(np.zeros(0, np.int64), np.zeros(0, np.int64), np.array([], object),
                      np.zeros(0, np.int64), np.zeros(0, np.int64), empty.astype(bool),
                      empty, empty)
    perm = np.lexsort((block.crebo, block.niveau, block.btg))
    btg, niveau = block.btg[perm], block.niveau[perm]
    starts = np.flatnonzero(change_points(btg, niveau))
    return Groups(
        perm=perm, starts=starts, btg=btg[starts], niveau=niveau[starts],
        size=np.diff(np.append(starts, len(perm))),
        any_reach=np.logical_or.reduceat(block.reach[perm], starts, axis=0),
        min_minutes=np.minimum.reduceat(block.minutes[perm], starts, axis=0),
        access=np.add.reduceat(block.access[perm], starts, axis=0),
    )


def btg_niveau_frame(ctx: Context, block: Block, grp: Groups) -> pd.DataFrame:
    """Table ``coverage_by_btg_niveau``."""
    total = ctx.inw.sum()
    share_p = row_dot(block.reach, ctx.inw) / total if total > 0 else np.zeros(len(block.crebo))
    covered = row_dot(grp.any_reach, ctx.inw)
    mean_share = (
        np.add.reduceat(share_p[grp.perm], grp.starts) / grp.size if len(grp.starts) else []
    )
    df = pd.DataFrame(
        {
            "btg_code": grp.btg,
            "niveau": grp.niveau,
            "programmes": grp.size,
            "gemeenten_reachable": grp.any_reach.sum(axis=1),
            "population_reachable": as_int(covered),
            "population_share": covered / total if total > 0 else np.zeros(len(covered)),
            "mean_programme_share": mean_share,
            "white_spot_gemeenten": (~grp.any_reach).sum(axis=1),
            "white_spot_population": as_int(total - covered),
            "mean_minutes_nearest": _weighted_mean_minutes(grp.min_minutes, ctx.inw),
        }
    )
    return schema.conform("coverage_by_btg_niveau", df, presorted=True)  # lexsorted groups


def white_spots_frame(ctx: Context, grp: Groups, columns=None) -> pd.DataFrame:
    """Table ``white_spots`` (optionally only for the group positions in ``columns``)."""
    cols = np.arange(len(grp.starts)) if columns is None else np.asarray(columns, np.int64)
    b_idx, g_idx = np.nonzero(~grp.any_reach[cols])
    b_idx = cols[b_idx]
    minutes = grp.min_minutes[b_idx, g_idx]
    df = pd.DataFrame(
        {
            "gemeente_code": ctx.gem_index.to_numpy(object)[g_idx],
            "arbeidsmarktregio_code": ctx.region[g_idx],
            "btg_code": grp.btg[b_idx],
            "niveau": grp.niveau[b_idx],
            "inwoners": as_int(ctx.inw[g_idx]),
            "minutes_nearest": np.where(np.isfinite(minutes), minutes, np.nan),
            "threshold_minutes": ctx.thresholds[grp.niveau[b_idx]],
        }
    )
    return schema.conform("white_spots", df)


def accessibility_frame(ctx: Context, grp: Groups, columns=None) -> pd.DataFrame:
    """Table ``accessibility_2sfca`` (optionally only for the group positions in ``columns``)."""
    cols = np.arange(len(grp.starts)) if columns is None else np.asarray(columns, np.int64)
    n_gem, n_cols = len(ctx.gem_index), len(cols)
    df = pd.DataFrame(
        {
            "gemeente_code": np.repeat(ctx.gem_index.to_numpy(object), n_cols),
            "btg_code": np.tile(grp.btg[cols], n_gem),
            "niveau": np.tile(grp.niveau[cols], n_gem),
            "accessibility": grp.access[cols].T.ravel(),
        }
    )
    return schema.conform("accessibility_2sfca", df, presorted=True)  # gemeente, group


def region_frame(ctx: Context, block: Block, grp: Groups) -> pd.DataFrame:
    """Table ``coverage_by_region``."""
    regions, r_of_g, order, r_starts = ctx.region_groups
    n_prog = len(block.crebo)
    reach_sorted = block.reach.T[order]  # gemeenten grouped per region
    if n_prog:
        everywhere = np.logical_and.reduceat(reach_sorted, r_starts, axis=0).sum(axis=1)
        somewhere = np.logical_or.reduceat(reach_sorted, r_starts, axis=0).sum(axis=1)
    else:
        everywhere = somewhere = np.zeros(len(regions), np.int64)
    n_reach = block.reach.sum(axis=0)
    inw = ctx.inw

    def per_region(values: np.ndarray) -> np.ndarray:
        return np.bincount(r_of_g, weights=values, minlength=len(regions))

    inw_r = per_region(inw)
    pairs_in_reach = per_region(inw * n_reach)
    denom = inw_r * n_prog
    df = pd.DataFrame(
        {
            "arbeidsmarktregio_code": regions,
            "gemeenten": np.bincount(r_of_g, minlength=len(regions)),
            "inwoners": as_int(inw_r),
            "krimp_gemeenten": as_int(per_region(ctx.krimp.astype(float))),
            "coverage_share": np.divide(pairs_in_reach, denom, out=np.zeros(len(regions)),
                                        where=denom > 0),
            "mean_programmes_reachable": np.divide(pairs_in_reach, inw_r,
                                                   out=np.zeros(len(regions)), where=inw_r > 0),
            "programmes_reachable_everywhere": everywhere,
            "programmes_reachable_somewhere": somewhere,
            "white_spot_pairs": as_int(per_region((n_prog - n_reach).astype(float))),
            "white_spot_population": as_int(per_region(inw * (n_prog - n_reach))),
            "btg_niveau_white_spots": as_int(per_region((~grp.any_reach).sum(axis=0)
                                                        .astype(float))),
        }
    )
    return schema.conform("coverage_by_region", df, presorted=True)  # sorted region codes


def national_frame(ctx: Context, block: Block, grp: Groups) -> pd.DataFrame:
    """Table ``coverage_national``: one row per niveau plus a total row (niveau <NA>)."""
    total = ctx.inw.sum()
    n_gem = len(ctx.gem_index)
    covered = row_dot(block.reach, ctx.inw)
    n_reach = block.reach.sum(axis=1)
    group_ws = (~grp.any_reach).sum(axis=1)
    rows = []
    for niveau in [1, 2, 3, 4, None]:
        sel = np.ones(len(block.crebo), bool) if niveau is None else block.niveau == niveau
        gsel = np.ones(len(grp.starts), bool) if niveau is None else grp.niveau == niveau
        n_prog = int(sel.sum())
        cov = covered[sel].sum()
        rows.append(
            {
                "niveau": pd.NA if niveau is None else niveau,
                "programmes": n_prog,
                "coverage_share": cov / (n_prog * total) if n_prog and total > 0 else 0.0,
                "mean_programme_share": (covered[sel] / total).mean()
                if n_prog and total > 0 else 0.0,
                "covered_population_sum": int(round(cov)),
                "white_spot_population_sum": int(round(n_prog * total - cov)),
                "white_spot_pairs": n_prog * n_gem - n_reach[sel].sum(),
                "btg_niveau_white_spots": group_ws[gsel].sum(),
            }
        )
    df = pd.DataFrame(rows)
    df["niveau"] = pd.array([1, 2, 3, 4, None], dtype="Int64")
    return schema.conform("coverage_national", df, presorted=True)
