"""Specialist programmes (collective agreement 3: keep them accessible, do not copy them).

- A programme is **specialist** when it is offered at no more than
  ``specialist_max_locations`` distinct locations nationally (all active offerings).
- Its **national reach** is the population-weighted coverage share (see ``coverage``).
- A **recent start by another institution** is an offering of a specialist programme with
  ``startjaar`` in the last ``recent_start_years`` years (``current_year`` included) whose
  institution did not already offer the programme before that window. When the programme
  itself is newer than the window, the institution(s) with the earliest start year count as
  established. Such a start is **flagged** unless it records a justification (added social
  value: ``onderbouwd``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import schema
from .arrays import codes, group_sum
from .context import Context


def specialist_frames(
    offers: pd.DataFrame, programmes: pd.DataFrame, ctx: Context
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tables ``specialist_programmes`` and ``specialist_starts``.

    ``programmes`` is ``coverage_by_programme`` for (at least) the crebos of ``offers``.
    """
    params = ctx.params
    spec = programmes[programmes["locations"] <= params.specialist_max_locations]
    spec_crebo = spec["crebo"].to_numpy(object)
    o = offers[offers["crebo"].isin(spec_crebo).to_numpy()]  # hash lookup, not a sort
    first = params.first_recent_year
    year = o["startjaar"].to_numpy()
    prog = np.searchsorted(spec_crebo, o["crebo"].to_numpy(object))  # spec is crebo-sorted
    pair = codes(prog * (int(o["instelling_id"].max()) + 1 if len(o) else 1)
                 + o["instelling_id"].to_numpy())
    # The year each institution started each programme, and the programme's first year.
    inst_start = np.full(int(pair.max()) + 1 if len(o) else 0, np.iinfo(np.int64).max)
    np.minimum.at(inst_start, pair, year)
    prog_start = np.full(len(spec_crebo), np.iinfo(np.int64).max)
    np.minimum.at(prog_start, prog, year)
    established = (inst_start[pair] < first) | (inst_start[pair] == prog_start[prog])
    starts = o[(year >= first) & ~established]
    starts = starts.rename(columns={"id": "aanbod_id"}).assign(flagged=~starts["onderbouwd"])
    starts_frame = schema.conform("specialist_starts", starts)
    pos = np.searchsorted(spec_crebo, starts_frame["crebo"].to_numpy(object))
    n = len(spec_crebo)
    df = spec.assign(
        recent_starts=np.bincount(pos, minlength=n),
        recent_starts_flagged=group_sum(pos, starts_frame["flagged"].to_numpy(bool), n),
    )
    return schema.conform("specialist_programmes", df, presorted=True), starts_frame
