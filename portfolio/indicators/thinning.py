"""Thinning risk (collective agreement 2: no "verschraling" of shrinking regions).

Per active offering:

- **low_enrolment**: fewer students (latest year) than ``low_enrolment_threshold``. A fresh
  start also has few students; ``startjaar`` is in the table to tell them apart.
- **sole_provider_region**: its institution is the only institution offering the crebo (any
  leerweg) at a location in the offering's arbeidsmarktregio.
- **unique_coverage**: inhabitants of the gemeenten that reach the programme only through
  this offering, i.e. that lose access within the niveau threshold if it stops. Another
  leerweg of the same programme at the same location keeps access, so such an offering has
  unique coverage 0. ``unique_coverage_gemeenten`` counts those gemeenten and
  ``unique_coverage_krimp`` the inhabitants of krimp gemeenten among them.
- **thinning_risk**: (sole provider in the region and the location is in a krimp gemeente)
  or (low enrolment and unique coverage > 0) - an offering whose loss would thin out the
  offer for the students who depend on it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import schema
from .arrays import codes, group_nunique
from .context import Context
from .coverage import Block


def thinning_frame(offers: pd.DataFrame, block: Block, ctx: Context) -> pd.DataFrame:
    """Table ``thinning_offerings``; ``block`` must come from ``programme_block(offers)``."""
    if len(offers) == 0:
        return schema.empty_frame("thinning_offerings")
    # Distinct institutions per crebo x region, looked up for every offering.
    region = ctx.region_groups[1][offers["g_idx"].to_numpy()]
    key = codes(codes(offers["crebo"].to_numpy(object)) * (int(region.max()) + 1) + region)
    providers = group_nunique(key, offers["instelling_id"].to_numpy(), int(key.max()) + 1)
    low = offers["studenten"].to_numpy() < ctx.params.low_enrolment_threshold
    sole = providers[key] == 1
    unique = np.rint(block.unique_pop).astype(np.int64)
    df = offers.rename(columns={"id": "aanbod_id"}).assign(
        low_enrolment=low,
        sole_provider_region=sole,
        unique_coverage=unique,
        unique_coverage_gemeenten=block.unique_gemeenten,
        unique_coverage_krimp=np.rint(block.unique_krimp).astype(np.int64),
        thinning_risk=(sole & offers["krimp"].to_numpy(bool)) | (low & (unique > 0)),
    )
    return schema.conform("thinning_offerings", df)
