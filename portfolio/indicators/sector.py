"""Sector view per bedrijfstakgroep (collective agreement 4: the btg owns its portfolio).

``sector_view``, per btg: offered programmes (and programmes in the catalogue), offerings,
institutions, locations, students (latest year), the spread over gemeenten and
arbeidsmarktregio's, the share of students in the btg's largest region, and the number of
low-enrolment offerings.

``sector_trend``, per btg and year: students and offerings with students, from
``inschrijvingen``, with the change against the previous year. Enrolment rows are joined to
``aanbod`` for their btg; when ``inschrijvingen`` carries its own ``btg_code`` column
(e.g. to keep the history of stopped offerings) that column is used instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import schema
from .arrays import codes, group_nunique, group_sum
from .context import Context

# The offering columns sector_view reads (what-if concatenates only these).
VIEW_COLUMNS = ("btg_code", "crebo", "id", "instelling_id", "locatie_id", "gemeente_code",
                "arbeidsmarktregio_code", "studenten")


def sector_view(offers: pd.DataFrame, ctx: Context, btgs=None) -> pd.DataFrame:
    """Table ``sector_view``; ``btgs`` limits the rows (default: all btgs seen)."""
    catalogue = ctx.catalogue_per_btg
    if btgs is None:
        btgs = set(offers["btg_code"]) | set(catalogue.index)
    btgs = sorted(btgs)
    n = len(btgs)
    b = pd.Index(btgs).get_indexer(offers["btg_code"].to_numpy(object))
    sel = b >= 0
    o = offers[sel]
    b = b[sel]
    stud = o["studenten"].to_numpy()
    total = group_sum(b, stud, n)
    # Students per btg x region, to find each btg's largest region.
    region = codes(o["arbeidsmarktregio_code"].to_numpy(object))
    n_reg = int(region.max()) + 1 if len(region) else 1
    per_region = np.bincount(b * n_reg + region, weights=stud.astype(float),
                             minlength=n * n_reg).reshape(n, n_reg)
    largest = per_region.max(axis=1) if n else np.zeros(0)
    df = pd.DataFrame(
        {
            "btg_code": btgs,
            "programmes": group_nunique(b, o["crebo"].to_numpy(object), n),
            "programmes_catalogue": catalogue.reindex(btgs, fill_value=0).to_numpy(),
            "offerings": np.bincount(b, minlength=n),
            "institutions": group_nunique(b, o["instelling_id"].to_numpy(), n),
            "locations": group_nunique(b, o["locatie_id"].to_numpy(), n),
            "studenten": total,
            "gemeenten": group_nunique(b, o["gemeente_code"].to_numpy(object), n),
            "regions": group_nunique(b, region, n),
            "largest_region_share": np.divide(largest, total, out=np.full(n, np.nan),
                                              where=total > 0),
            "offerings_low_enrolment": group_sum(
                b, stud < ctx.params.low_enrolment_threshold, n),
        }
    )
    return schema.conform("sector_view", df, presorted=True)


def sector_trend(ctx: Context) -> pd.DataFrame:
    """Table ``sector_trend`` (see the module docstring)."""
    ins = ctx.inschrijvingen
    if len(ins) == 0:
        return schema.empty_frame("sector_trend")
    if "btg_code" in ins.columns:
        rows = pd.DataFrame(
            {"btg_code": ins["btg_code"].astype(str), "jaar": ins["jaar"].astype("int64"),
             "studenten": ins["studenten"].astype("int64")}
        )
    else:
        btg = ctx.offers.set_index("id")["btg_code"]
        rows = pd.DataFrame(
            {"btg_code": btg.reindex(ins["aanbod_id"].astype("int64")).to_numpy(object),
             "jaar": ins["jaar"].astype("int64").to_numpy(),
             "studenten": ins["studenten"].astype("int64").to_numpy()}
        ).dropna(subset=["btg_code"])
    rows["has"] = rows["studenten"] > 0
    df = rows.groupby(["btg_code", "jaar"], as_index=False).agg(
        studenten=("studenten", "sum"), offerings=("has", "sum")
    )
    prev = df.groupby("btg_code")["studenten"].shift(1)
    prev_year = df.groupby("btg_code")["jaar"].shift(1)
    # A gap in the years has no "previous year": leave the change empty rather than compare
    # with an older year.
    prev = prev.where(prev_year == df["jaar"] - 1)
    df["change"] = df["studenten"] - prev
    df["change_pct"] = np.where(prev > 0, df["change"] / prev * 100.0, np.nan)
    return schema.conform("sector_trend", df)
