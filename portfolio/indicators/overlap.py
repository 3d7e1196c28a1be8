"""Overlap (collective agreement 1: no identical programmes side by side in one region).

An **overlap pair** is two active offerings of *different* institutions with the same crebo
and the same leerweg that are

- in the same gemeente (``same_gemeente``), or
- in the same arbeidsmarktregio (``same_region``), or
- within the niveau threshold of each other (``within_threshold``): the travel time from
  the gemeente of each location to the other location is at most the threshold, i.e.
  ``minutes_between = max(T(gemeente a, location b), T(gemeente b, location a)) <= thr``.
  Using the gemeente x locatie matrix keeps a routing-engine matrix usable here too, and the
  max makes the relation symmetric.

A pair is **justified** when either offering records a capacity or distinctiveness
justification (``onderbouwd``) - the agreement accepts overlap when one school's capacity is
insufficient or the offer is clearly distinctive - and **flagged** otherwise.

**Overlap score** of a region or btg: the share of its offerings that are in at least one
flagged pair. A pair counts in the regions of both of its offerings (once when they share
the region). All counts are sums over programmes, so a what-if can update them per crebo.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import schema
from .context import Context

# Candidate pairs generated per step; bounds memory for programmes with many offerings.
PAIR_CHUNK = 2_000_000
COUNT_COLUMNS = [
    "offerings", "offerings_overlapping", "pairs", "pairs_flagged", "pairs_flagged_same_gemeente",
]


def _candidate_pairs(group_start: np.ndarray, n: int):
    """Yield (i, j) index arrays of all i < j inside each group, in bounded chunks."""
    group_end = np.repeat(np.append(group_start[1:], n), np.diff(np.append(group_start, n)))
    partners = group_end - np.arange(n) - 1  # rows after i in its group
    cum = np.concatenate([[0], np.cumsum(partners)])
    i0 = 0
    while i0 < n:
        i1 = max(i0 + 1, int(np.searchsorted(cum, cum[i0] + PAIR_CHUNK, "right")) - 1)
        i1 = min(i1, n)
        counts = partners[i0:i1]
        total = int(counts.sum())
        if total:
            i = np.repeat(np.arange(i0, i1), counts)
            offset = np.arange(total) - np.repeat(cum[i0:i1] - cum[i0], counts)
            yield i, i + 1 + offset
        i0 = i1


def overlap_pairs(offers: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """Table ``overlap_pairs`` for the given annotated offers (whole programmes)."""
    if len(offers) < 2:
        return schema.empty_frame("overlap_pairs")
    o = offers.sort_values(["crebo", "leerweg", "id"], kind="stable")
    crebo = o["crebo"].to_numpy(object)
    leerweg = o["leerweg"].to_numpy(object)
    inst = o["instelling_id"].to_numpy()
    g_idx = o["g_idx"].to_numpy()
    l_idx = o["l_idx"].to_numpy()
    region = o["arbeidsmarktregio_code"].to_numpy(object)
    r_idx = ctx.region_groups[1][g_idx]  # integer region codes: fast comparisons
    thr = ctx.thresholds[o["niveau"].to_numpy()]
    new = np.ones(len(o), bool)
    new[1:] = (crebo[1:] != crebo[:-1]) | (leerweg[1:] != leerweg[:-1])
    found_i, found_j, found_min = [], [], []
    for i, j in _candidate_pairs(np.flatnonzero(new), len(o)):
        keep = inst[i] != inst[j]
        i, j = i[keep], j[keep]
        between = np.maximum(ctx.travel[g_idx[i], l_idx[j]], ctx.travel[g_idx[j], l_idx[i]])
        keep = (g_idx[i] == g_idx[j]) | (r_idx[i] == r_idx[j]) | (between <= thr[i])
        found_i.append(i[keep])
        found_j.append(j[keep])
        found_min.append(between[keep])
    if not found_i:
        return schema.empty_frame("overlap_pairs")
    i, j = np.concatenate(found_i), np.concatenate(found_j)
    between = np.concatenate(found_min)
    just = o["onderbouwd"].to_numpy(bool)
    gem = o["gemeente_code"].to_numpy(object)
    ids = o["id"].to_numpy()
    df = pd.DataFrame(
        {
            "aanbod_id_a": ids[i], "aanbod_id_b": ids[j], "crebo": crebo[i],
            "niveau": o["niveau"].to_numpy()[i], "btg_code": o["btg_code"].to_numpy(object)[i],
            "leerweg": leerweg[i], "instelling_id_a": inst[i], "instelling_id_b": inst[j],
            "gemeente_code_a": gem[i], "gemeente_code_b": gem[j],
            "arbeidsmarktregio_code_a": region[i], "arbeidsmarktregio_code_b": region[j],
            "same_gemeente": g_idx[i] == g_idx[j], "same_region": r_idx[i] == r_idx[j],
            "within_threshold": between <= thr[i],
            "minutes_between": np.where(np.isfinite(between), between, np.nan),
            "justified": just[i] | just[j], "flagged": ~(just[i] | just[j]),
        }
    )
    return schema.conform("overlap_pairs", df)


def overlap_counts(offers: pd.DataFrame, pairs: pd.DataFrame, by: str) -> pd.DataFrame:
    """Additive overlap counts per ``by`` ("arbeidsmarktregio_code" or "btg_code").

    numpy only (no groupby): what-if calls this on a few rows and must stay fast.
    """
    flagged = pairs["flagged"].to_numpy(bool)
    same_gem = pairs["same_gemeente"].to_numpy(bool)
    ids_a = pairs["aanbod_id_a"].to_numpy()
    ids_b = pairs["aanbod_id_b"].to_numpy()
    overlapping = np.isin(offers["id"].to_numpy(), np.concatenate([ids_a[flagged],
                                                                   ids_b[flagged]]))
    off_keys = offers[by].to_numpy(object)
    if by == "btg_code":
        pair_keys = pairs["btg_code"].to_numpy(object)
        pair_sel = np.ones(len(pairs), bool)
    else:
        # A pair counts in both regions, once when they are the same region.
        key_a = pairs["arbeidsmarktregio_code_a"].to_numpy(object)
        key_b = pairs["arbeidsmarktregio_code_b"].to_numpy(object)
        pair_sel = np.concatenate([np.ones(len(pairs), bool), key_a != key_b])
        pair_keys = np.concatenate([key_a, key_b])
        flagged = np.concatenate([flagged, flagged])
        same_gem = np.concatenate([same_gem, same_gem])
    pair_keys, flagged, same_gem = pair_keys[pair_sel], flagged[pair_sel], same_gem[pair_sel]
    keys, inv = np.unique(np.concatenate([off_keys, pair_keys]).astype(str), return_inverse=True)
    inv_off, inv_pair = inv[: len(off_keys)], inv[len(off_keys):]
    n = len(keys)
    out = pd.DataFrame(
        {
            "offerings": np.bincount(inv_off, minlength=n),
            "offerings_overlapping": np.bincount(inv_off, weights=overlapping, minlength=n),
            "pairs": np.bincount(inv_pair, minlength=n),
            "pairs_flagged": np.bincount(inv_pair, weights=flagged, minlength=n),
            "pairs_flagged_same_gemeente": np.bincount(inv_pair, weights=flagged & same_gem,
                                                       minlength=n),
        },
        index=pd.Index(keys, name=by),
    )
    return out.astype("int64")


def scores_frame(counts: pd.DataFrame, by: str, keys) -> pd.DataFrame:
    """Table ``overlap_scores_region`` / ``overlap_scores_btg`` from counts, one row per key."""
    c = counts.reindex(sorted(set(keys) | set(counts.index)), fill_value=0)
    off = c["offerings"].to_numpy(float)
    df = c.reset_index(names=by)
    df["overlap_score"] = np.divide(
        c["offerings_overlapping"].to_numpy(float), off, out=np.zeros(len(off)), where=off > 0
    )
    name = "overlap_scores_region" if by == "arbeidsmarktregio_code" else "overlap_scores_btg"
    return schema.conform(name, df)
