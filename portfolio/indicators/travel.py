"""Travel model: minutes from each gemeente to each location.

Default model: the great-circle (haversine) distance between the gemeente centroid and the
location, times a detour factor (roads are not straight), divided by an average speed::

    minutes = haversine_km x detour_factor / speed_kmh x 60

The result is a plain matrix (rows = gemeente codes, columns = locatie ids). Every indicator
takes this matrix as an input, so a real travel-time matrix (for example from a routing
engine, public transport included) can replace it: build the same wide DataFrame, or convert a
long table with ``travel_from_long``. Missing cells (NaN) mean "not reachable".

Limits of the default model: a centroid is not where students live, and straight-line
distance ignores water, bridges and public-transport timetables (Zeeland and the Wadden
islands are optimistic). It is a transparent first approximation, meant to be replaced.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .params import IndicatorParams

EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km; arguments broadcast like numpy arrays (degrees)."""
    lat1, lon1, lat2, lon2 = (
        np.radians(np.asarray(a, dtype=float)) for a in (lat1, lon1, lat2, lon2)
    )
    dlat = lat2 - lat1
    dlon = lon2 - lon1
    a = np.sin(dlat / 2.0) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin(dlon / 2.0) ** 2
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def minutes_from_km(km, params: IndicatorParams) -> np.ndarray:
    """Straight-line km to travel minutes with the detour factor and average speed."""
    return np.asarray(km, dtype=float) * params.detour_factor / params.speed_kmh * 60.0


def travel_minutes(
    gemeenten: pd.DataFrame, locaties: pd.DataFrame, params: IndicatorParams
) -> pd.DataFrame:
    """The default travel matrix: gemeente centroid -> location, in minutes.

    ``gemeenten`` needs ``code``, ``lat``, ``lon``; ``locaties`` needs ``locatie_id``, ``lat``,
    ``lon`` (see ``locaties_from_aanbod``). Returns a float DataFrame indexed by gemeente code
    (index name ``gemeente_code``) with one column per locatie id (columns name ``locatie_id``).
    """
    km = haversine_km(
        gemeenten["lat"].to_numpy(float)[:, None],
        gemeenten["lon"].to_numpy(float)[:, None],
        locaties["lat"].to_numpy(float)[None, :],
        locaties["lon"].to_numpy(float)[None, :],
    )
    return pd.DataFrame(
        minutes_from_km(km, params),
        index=pd.Index(gemeenten["code"].astype(str).to_numpy(), name="gemeente_code"),
        columns=pd.Index(locaties["locatie_id"].astype("int64").to_numpy(), name="locatie_id"),
    )


def locaties_from_aanbod(aanbod: pd.DataFrame) -> pd.DataFrame:
    """One row per location (``locatie_id``, ``lat``, ``lon``, ``gemeente_code``), sorted by id."""
    cols = ["locatie_id", "lat", "lon", "gemeente_code"]
    out = aanbod[cols].drop_duplicates("locatie_id").sort_values("locatie_id")
    return out.reset_index(drop=True)


def travel_from_long(long: pd.DataFrame) -> pd.DataFrame:
    """Wide travel matrix from a long table ``gemeente_code, locatie_id, minutes``.

    Use this to import a routing-engine matrix; pairs that are absent become NaN (unreachable).
    """
    wide = long.pivot_table(
        index="gemeente_code", columns="locatie_id", values="minutes", aggfunc="min"
    )
    wide.index = wide.index.astype(str)
    wide.columns = wide.columns.astype("int64")
    wide.index.name, wide.columns.name = "gemeente_code", "locatie_id"
    return wide.astype(float)
