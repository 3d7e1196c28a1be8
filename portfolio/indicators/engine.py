"""``compute_all``: every indicator for one portfolio, plus the headline figures.

The result keeps the checked inputs and the coverage matrices (``context``, ``block``) so
``what_if`` can recompute only the programmes a proposal touches.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from . import coverage, overlap, schema, sector, specialist, thinning
from .context import Context, build_context
from .params import IndicatorParams

FRAME_NAMES = tuple(schema.FRAMES)

# Summary keys that are sums over programmes: a what-if updates them per touched crebo.
ADDITIVE_KEYS = (
    "programmes_offered", "offerings", "studenten", "overlap_pairs", "overlap_flagged",
    "overlap_flagged_same_gemeente", "thinning_risk", "low_enrolment", "sole_provider_krimp",
    "specialist_programmes", "specialist_recent_starts", "specialist_recent_starts_flagged",
)


@dataclass(eq=False)  # tables do not compare with ==; compare frames instead
class IndicatorResult:
    """All indicator tables (see ``schema.FRAMES``) plus ``summary`` (headline figures)."""

    params: IndicatorParams
    summary: dict[str, Any]
    coverage_by_gemeente_programme: pd.DataFrame
    coverage_by_programme: pd.DataFrame
    coverage_by_btg_niveau: pd.DataFrame
    coverage_by_region: pd.DataFrame
    coverage_national: pd.DataFrame
    white_spots: pd.DataFrame
    accessibility_2sfca: pd.DataFrame
    overlap_pairs: pd.DataFrame
    overlap_scores_region: pd.DataFrame
    overlap_scores_btg: pd.DataFrame
    thinning_offerings: pd.DataFrame
    specialist_programmes: pd.DataFrame
    specialist_starts: pd.DataFrame
    sector_view: pd.DataFrame
    sector_trend: pd.DataFrame
    timings: dict[str, float] = field(default_factory=dict, compare=False)
    context: Context | None = field(default=None, repr=False, compare=False)
    block: coverage.Block | None = field(default=None, repr=False, compare=False)
    # What-if keeps derived lookups here (crebo -> rows, groups) so repeated calls are fast.
    cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def frames(self) -> dict[str, pd.DataFrame]:
        """The tables by name, in ``FRAME_NAMES`` order."""
        return {name: getattr(self, name) for name in FRAME_NAMES}

    def to_dict(self, frames: list[str] | tuple[str, ...] | None = None) -> dict[str, Any]:
        """JSON-ready dict: params, summary, timings and the chosen tables (default: all)."""
        names = FRAME_NAMES if frames is None else frames
        return {
            "params": self.params.to_dict(),
            "summary": schema.jsonable(self.summary),
            "timings": schema.jsonable(self.timings),
            "frames": {name: schema.to_records(getattr(self, name)) for name in names},
        }


def additive_counts(
    offers: pd.DataFrame,
    pairs: pd.DataFrame,
    thin: pd.DataFrame,
    spec: pd.DataFrame,
    starts: pd.DataFrame,
) -> dict[str, int]:
    """The ``ADDITIVE_KEYS`` figures for a set of whole programmes."""
    return {
        "programmes_offered": int(offers["crebo"].nunique()),
        "offerings": len(offers),
        "studenten": int(offers["studenten"].sum()),
        "overlap_pairs": len(pairs),
        "overlap_flagged": int(pairs["flagged"].sum()),
        "overlap_flagged_same_gemeente": int((pairs["flagged"] & pairs["same_gemeente"]).sum()),
        "thinning_risk": int(thin["thinning_risk"].sum()),
        "low_enrolment": int(thin["low_enrolment"].sum()),
        "sole_provider_krimp": int((thin["sole_provider_region"] & thin["krimp"]).sum()),
        "specialist_programmes": len(spec),
        "specialist_recent_starts": len(starts),
        "specialist_recent_starts_flagged": int(starts["flagged"].sum()),
    }


def summary_from(
    counts: dict[str, int],
    national: pd.DataFrame,
    grp: coverage.Groups,
    ctx: Context,
    institutions: int,
    locations: int,
) -> dict[str, Any]:
    """Headline figures (all plain Python numbers)."""
    total = national[national["niveau"].isna()].iloc[0]
    ws = ~grp.any_reach
    return {
        **{k: int(counts[k]) for k in ADDITIVE_KEYS},
        "institutions": int(institutions),
        "locations": int(locations),
        "inwoners": int(ctx.inw.sum()),
        "national_coverage_share": float(total["coverage_share"]),
        "mean_programme_share": float(total["mean_programme_share"]),
        "covered_population_sum": int(total["covered_population_sum"]),
        "white_spot_population_sum": int(total["white_spot_population_sum"]),
        "white_spot_pairs": int(total["white_spot_pairs"]),
        "white_spots_btg_niveau": int(ws.sum()),
        "white_spot_population_btg_niveau": int(round(float(np.dot(ws.sum(axis=0), ctx.inw)))),
    }


def compute_all(
    gemeenten: pd.DataFrame,
    aanbod: pd.DataFrame,
    opleidingen: pd.DataFrame,
    inschrijvingen: pd.DataFrame,
    params: IndicatorParams | None = None,
    travel: pd.DataFrame | None = None,
) -> IndicatorResult:
    """Compute every indicator (input schema: package docstring; output: ``schema.FRAMES``).

    ``travel`` is a gemeente x locatie minutes matrix (``travel.travel_minutes`` layout);
    when omitted the default haversine model is used.
    """
    params = params or IndicatorParams()
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 6)
        clock = now

    ctx = build_context(gemeenten, aanbod, opleidingen, inschrijvingen, params, travel)
    offers = ctx.offers
    lap("prepare")
    block = coverage.programme_block(offers, ctx)
    grp = coverage.groups(block)
    lap("coverage_kernel")
    programmes = coverage.programme_frame(ctx, block, offers)
    frames: dict[str, pd.DataFrame] = {
        "coverage_by_gemeente_programme": coverage.gemeente_programme_frame(ctx, block),
        "coverage_by_programme": programmes,
        "coverage_by_btg_niveau": coverage.btg_niveau_frame(ctx, block, grp),
        "coverage_by_region": coverage.region_frame(ctx, block, grp),
        "coverage_national": coverage.national_frame(ctx, block, grp),
        "white_spots": coverage.white_spots_frame(ctx, grp),
        "accessibility_2sfca": coverage.accessibility_frame(ctx, grp),
    }
    lap("coverage_frames")
    pairs = overlap.overlap_pairs(offers, ctx)
    frames["overlap_pairs"] = pairs
    frames["overlap_scores_region"] = overlap.scores_frame(
        overlap.overlap_counts(offers, pairs, "arbeidsmarktregio_code"),
        "arbeidsmarktregio_code", np.unique(ctx.region.astype(str)),
    )
    frames["overlap_scores_btg"] = overlap.scores_frame(
        overlap.overlap_counts(offers, pairs, "btg_code"), "btg_code", offers["btg_code"].unique()
    )
    lap("overlap")
    frames["thinning_offerings"] = thinning.thinning_frame(offers, block, ctx)
    spec, starts = specialist.specialist_frames(offers, programmes, ctx)
    frames["specialist_programmes"], frames["specialist_starts"] = spec, starts
    frames["sector_view"] = sector.sector_view(offers, ctx)
    frames["sector_trend"] = sector.sector_trend(ctx)
    lap("thinning_specialist_sector")
    counts = additive_counts(offers, pairs, frames["thinning_offerings"], spec, starts)
    summary = summary_from(
        counts, frames["coverage_national"], grp, ctx,
        offers["instelling_id"].nunique(), offers["locatie_id"].nunique(),
    )
    lap("summary")
    timings["total"] = round(sum(timings.values()), 6)
    return IndicatorResult(
        params=params, summary=summary, timings=timings, context=ctx, block=block, **frames
    )
