"""Input checking and the prepared arrays shared by all indicator functions.

The loader hands over plain DataFrames (schema in the package docstring). ``build_context``
checks them once, fixes dtypes, sorts them and turns them into aligned numpy arrays
(gemeenten in code order, the travel matrix as gemeente x locatie minutes), so the indicator
kernels can work on arrays without re-checking.

Demand for the 2SFCA score is the youth population (``jongeren``) where it is known. Where it
is unknown it is estimated as inhabitants x (known youth / inhabitants of the gemeenten where
youth is known); when that share cannot be computed (youth known nowhere, or only for
gemeenten without inhabitants), the unknown gemeenten use their number of inhabitants.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from .arrays import col_dot
from .params import IndicatorParams
from .travel import haversine_km, locaties_from_aanbod, minutes_from_km, travel_minutes

GEMEENTEN_COLUMNS = (
    "code", "lat", "lon", "inwoners", "jongeren", "arbeidsmarktregio_code", "provincie_code",
    "krimp",
)
AANBOD_COLUMNS = (
    "id", "instelling_id", "crebo", "niveau", "btg_code", "leerweg", "locatie_id",
    "gemeente_code", "lat", "lon", "studenten", "capaciteit", "onderbouwd", "startjaar",
)
OPLEIDINGEN_COLUMNS = ("crebo", "niveau", "btg_code", "naam")
INSCHRIJVINGEN_COLUMNS = ("aanbod_id", "jaar", "studenten")

# The kernels rely on this order: programmes contiguous, then institution, then location.
OFFER_ORDER = ["crebo", "instelling_id", "locatie_id", "leerweg", "id"]


def _require(df: pd.DataFrame, columns: tuple[str, ...], name: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{name}: kolommen ontbreken: {missing}")


def normalise_gemeenten(gemeenten: pd.DataFrame) -> pd.DataFrame:
    """Checked copy of ``gemeenten`` with fixed dtypes, sorted by code."""
    _require(gemeenten, GEMEENTEN_COLUMNS, "gemeenten")
    g = pd.DataFrame(
        {
            "code": gemeenten["code"].astype(str).to_numpy(),
            "lat": gemeenten["lat"].astype(float).to_numpy(),
            "lon": gemeenten["lon"].astype(float).to_numpy(),
            "inwoners": gemeenten["inwoners"].astype("int64").to_numpy(),
            "jongeren": gemeenten["jongeren"].astype(float).to_numpy(),
            "arbeidsmarktregio_code": gemeenten["arbeidsmarktregio_code"].astype(str).to_numpy(),
            "provincie_code": gemeenten["provincie_code"].astype(str).to_numpy(),
            "krimp": gemeenten["krimp"].astype(bool).to_numpy(),
        }
    )
    if g["code"].duplicated().any():
        raise ValueError("gemeenten: dubbele codes")
    if (g["inwoners"] < 0).any():
        raise ValueError("gemeenten: negatief aantal inwoners")
    return g.sort_values("code", kind="stable").reset_index(drop=True)


def normalise_aanbod(aanbod: pd.DataFrame) -> pd.DataFrame:
    """Checked copy of ``aanbod`` with fixed dtypes, in ``OFFER_ORDER``."""
    _require(aanbod, AANBOD_COLUMNS, "aanbod")
    a = pd.DataFrame(
        {
            "id": aanbod["id"].astype("int64").to_numpy(),
            "instelling_id": aanbod["instelling_id"].astype("int64").to_numpy(),
            "crebo": aanbod["crebo"].astype(str).to_numpy(),
            "niveau": aanbod["niveau"].astype("int64").to_numpy(),
            "btg_code": aanbod["btg_code"].astype(str).to_numpy(),
            "leerweg": aanbod["leerweg"].astype(str).to_numpy(),
            "locatie_id": aanbod["locatie_id"].astype("int64").to_numpy(),
            "gemeente_code": aanbod["gemeente_code"].astype(str).to_numpy(),
            "lat": aanbod["lat"].astype(float).to_numpy(),
            "lon": aanbod["lon"].astype(float).to_numpy(),
            "studenten": aanbod["studenten"].fillna(0).astype("int64").to_numpy(),
            "capaciteit": aanbod["capaciteit"].astype(float).to_numpy(),
            "onderbouwd": aanbod["onderbouwd"].fillna(False).astype(bool).to_numpy(),
            "startjaar": aanbod["startjaar"].astype("int64").to_numpy(),
        }
    )
    if a["id"].duplicated().any():
        raise ValueError("aanbod: dubbele ids")
    if (a["studenten"] < 0).any():
        raise ValueError("aanbod: negatief aantal studenten")
    return a.sort_values(OFFER_ORDER, kind="stable").reset_index(drop=True)


@dataclass
class Context:
    """Checked inputs plus aligned arrays; built once per run by ``build_context``."""

    params: IndicatorParams
    gemeenten: pd.DataFrame
    opleidingen: pd.DataFrame
    names: pd.Series  # programme name by crebo
    inschrijvingen: pd.DataFrame
    offers: pd.DataFrame  # normalised aanbod + l_idx, g_idx, region, krimp, supply
    gem_index: pd.Index  # gemeente codes, row order of every G-sized array
    loc_index: pd.Index  # locatie ids, column order of ``travel``
    travel: np.ndarray  # G x L minutes; +inf = unreachable
    travel_t: np.ndarray  # the same, L x G and C-contiguous (row gathers per location)
    inw: np.ndarray  # inhabitants (float64)
    demand: np.ndarray  # 2SFCA demand (youth where known)
    krimp: np.ndarray  # bool per gemeente
    region: np.ndarray  # arbeidsmarktregio code per gemeente
    thresholds: np.ndarray  # minutes by niveau; index 0 unused
    catchment: np.ndarray  # (5, L): demand within the niveau threshold of each location
    loc_lat: np.ndarray  # coordinates of the travel columns (NaN when unknown)
    loc_lon: np.ndarray
    travel_source: str = "model"  # "model" (haversine default) or "input" (given matrix)

    @cached_property
    def region_groups(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(sorted region codes, region index per gemeente, gemeenten ordered by region,
        start of each region in that order)."""
        regions, r_of_g = np.unique(self.region.astype(str), return_inverse=True)
        order = np.argsort(r_of_g, kind="stable")
        first = np.ones(len(order), bool)
        first[1:] = r_of_g[order][1:] != r_of_g[order][:-1]
        return regions, r_of_g, order, np.flatnonzero(first)

    @cached_property
    def catalogue_per_btg(self) -> pd.Series:
        """Number of catalogue programmes (``opleidingen``) per btg."""
        return self.opleidingen.groupby("btg_code")["crebo"].nunique()

    def annotate(self, offers: pd.DataFrame) -> pd.DataFrame:
        """Add kernel columns to normalised offers: array positions, region, krimp, supply."""
        out = offers.copy()
        g_idx = self.gem_index.get_indexer(out["gemeente_code"])
        if (g_idx < 0).any():
            bad = sorted(set(out.loc[g_idx < 0, "gemeente_code"]))[:5]
            raise ValueError(f"aanbod: onbekende gemeentecodes {bad}")
        l_idx = self.loc_index.get_indexer(out["locatie_id"])
        if (l_idx < 0).any():
            bad = sorted(set(out.loc[l_idx < 0, "locatie_id"]))[:5]
            raise ValueError(f"reistijdmatrix mist locaties {bad}")
        bad_niveau = ~out["niveau"].isin([1, 2, 3, 4])
        if bad_niveau.any():
            bad = sorted(set(out.loc[bad_niveau, "niveau"]))
            raise ValueError(f"aanbod: onbekend niveau {bad}")
        out["g_idx"] = g_idx
        out["l_idx"] = l_idx
        out["arbeidsmarktregio_code"] = self.region[g_idx]
        out["krimp"] = self.krimp[g_idx]
        # 2SFCA supply: the recorded capacity when known, otherwise the current students.
        cap = out["capaciteit"].to_numpy(float)
        out["supply"] = np.where(np.isnan(cap), out["studenten"].to_numpy(float), cap)
        return out

    def with_locations(self, locaties: pd.DataFrame) -> Context:
        """A copy with extra travel columns for new locations (default travel model).

        Used by what-if for a start at a location that is not in the matrix: a routing engine
        cannot be called from a pure function, so such a column uses the haversine model.
        """
        new = locaties[~locaties["locatie_id"].isin(self.loc_index)]
        if new.empty:
            return self
        g = self.gemeenten
        km = haversine_km(
            g["lat"].to_numpy()[:, None], g["lon"].to_numpy()[:, None],
            new["lat"].to_numpy(float)[None, :], new["lon"].to_numpy(float)[None, :],
        )
        cols = minutes_from_km(km, self.params)
        travel = np.concatenate([self.travel, cols], axis=1)
        catchment = np.concatenate([self.catchment, _catchment(cols, self.demand, self.thresholds)],
                                   axis=1)
        return dataclasses.replace(
            self,
            travel=travel,
            travel_t=np.ascontiguousarray(travel.T),
            catchment=catchment,
            loc_index=self.loc_index.append(pd.Index(new["locatie_id"].astype("int64"))),
            loc_lat=np.concatenate([self.loc_lat, new["lat"].to_numpy(float)]),
            loc_lon=np.concatenate([self.loc_lon, new["lon"].to_numpy(float)]),
        )


def _catchment(travel: np.ndarray, demand: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    out = np.zeros((len(thresholds), travel.shape[1]))
    for niveau in range(1, len(thresholds)):
        out[niveau] = col_dot(demand, travel <= thresholds[niveau])
    return out


def _demand(g: pd.DataFrame) -> np.ndarray:
    inw = g["inwoners"].to_numpy(float)
    youth = g["jongeren"].to_numpy(float)
    known = ~np.isnan(youth)
    if not known.any() or inw[known].sum() <= 0:
        # No usable youth share: unknown gemeenten fall back to their inhabitants.
        return np.where(known, youth, inw)
    ratio = youth[known].sum() / inw[known].sum()
    return np.where(known, youth, inw * ratio)


def _align_travel(
    travel: pd.DataFrame | None, g: pd.DataFrame, a: pd.DataFrame, params: IndicatorParams
) -> pd.DataFrame:
    if travel is None:
        return travel_minutes(g, locaties_from_aanbod(a), params)
    if not isinstance(travel, pd.DataFrame):
        raise TypeError("travel moet een DataFrame zijn (gemeente x locatie, minuten)")
    t = travel.copy()
    t.index = t.index.astype(str)
    t.columns = pd.Index(t.columns).astype("int64")
    missing = sorted(set(g["code"]) - set(t.index))
    if missing:
        raise ValueError(f"reistijdmatrix mist gemeenten {missing[:5]}")
    return t.reindex(index=g["code"]).astype(float)


def build_context(
    gemeenten: pd.DataFrame,
    aanbod: pd.DataFrame,
    opleidingen: pd.DataFrame,
    inschrijvingen: pd.DataFrame,
    params: IndicatorParams,
    travel: pd.DataFrame | None = None,
) -> Context:
    """Check and align all inputs (see the module docstring)."""
    _require(opleidingen, OPLEIDINGEN_COLUMNS, "opleidingen")
    _require(inschrijvingen, INSCHRIJVINGEN_COLUMNS, "inschrijvingen")
    g = normalise_gemeenten(gemeenten)
    a = normalise_aanbod(aanbod)
    t = _align_travel(travel, g, a, params)
    minutes = t.to_numpy(float, copy=True)
    minutes[np.isnan(minutes)] = np.inf
    thresholds = np.full(5, np.nan)  # indexed by niveau; 0 is unused
    for niveau, mins in params.threshold_minutes.items():
        thresholds[niveau] = mins
    demand = _demand(g)
    coords = locaties_from_aanbod(a).set_index("locatie_id")
    loc_index = pd.Index(t.columns, name="locatie_id")
    ctx = Context(
        params=params,
        gemeenten=g,
        opleidingen=pd.DataFrame(
            {
                "crebo": opleidingen["crebo"].astype(str).to_numpy(),
                "niveau": opleidingen["niveau"].astype("int64").to_numpy(),
                "btg_code": opleidingen["btg_code"].astype(str).to_numpy(),
                "naam": opleidingen["naam"].fillna("").astype(str).to_numpy(),
            }
        ).drop_duplicates("crebo"),
        names=_names(opleidingen),
        inschrijvingen=inschrijvingen.copy(),
        offers=a,
        gem_index=pd.Index(g["code"], name="gemeente_code"),
        loc_index=loc_index,
        travel=minutes,
        travel_t=np.ascontiguousarray(minutes.T),
        inw=g["inwoners"].to_numpy(float),
        demand=demand,
        krimp=g["krimp"].to_numpy(bool),
        region=g["arbeidsmarktregio_code"].to_numpy(object),
        thresholds=thresholds,
        catchment=_catchment(minutes, demand, thresholds),
        loc_lat=coords["lat"].reindex(loc_index).to_numpy(float),
        loc_lon=coords["lon"].reindex(loc_index).to_numpy(float),
        travel_source="model" if travel is None else "input",
    )
    ctx.offers = ctx.annotate(a)
    return ctx


def _names(opleidingen: pd.DataFrame) -> pd.Series:
    return pd.Series(
        opleidingen["naam"].fillna("").astype(str).to_numpy(),
        index=pd.Index(opleidingen["crebo"].astype(str).to_numpy(), name="crebo"),
    ).groupby(level=0).first()
