"""The what-if change set: checking it and turning it into stops, updates and starts.

The accepted forms are documented in ``whatif``. Every problem raises ``ChangeError`` with a
message for the user (Dutch, like the rest of the interface).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .context import Context
from .engine import IndicatorResult

ACTIONS = ("start", "stop", "expand", "scale_down")


class ChangeError(ValueError):
    """A change in a what-if change set is invalid (message is shown to the user)."""


def _num(change: dict, key: str, kind=float, default=None):
    value = change.get(key, default)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return default
    try:
        return kind(value)
    except (TypeError, ValueError):
        raise ChangeError(f"{key} moet een getal zijn") from None


@dataclass
class Applied:
    """A checked change set: offerings to stop, new numbers per offering, offerings to start."""

    stops: set[int] = field(default_factory=set)
    updates: dict[int, dict[str, Any]] = field(default_factory=dict)
    starts: list[dict[str, Any]] = field(default_factory=list)
    normalised: list[dict[str, Any]] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)


def _start_row(change: dict, k: int, ctx: Context, offers_by_id: pd.DataFrame) -> dict:
    for key in ("instelling_id", "crebo", "leerweg"):
        if change.get(key) in (None, ""):
            raise ChangeError(f"start: {key} ontbreekt")
    crebo = str(change["crebo"])
    cat = ctx.opleidingen.set_index("crebo")
    known = offers_by_id[offers_by_id["crebo"] == crebo]
    niveau = _num(change, "niveau", int)
    btg = change.get("btg_code")
    if crebo in cat.index:
        niveau = niveau or int(cat.at[crebo, "niveau"])
        btg = btg or cat.at[crebo, "btg_code"]
    elif len(known):
        niveau = niveau or int(known["niveau"].iloc[0])
        btg = btg or known["btg_code"].iloc[0]
    if niveau not in (1, 2, 3, 4) or not btg:
        raise ChangeError(f"start: niveau en btg_code van crebo {crebo} zijn onbekend")
    loc = _num(change, "locatie_id", int)
    lat, lon = _num(change, "lat"), _num(change, "lon")
    gemeente = change.get("gemeente_code")
    known = loc is not None and loc in ctx.loc_index
    if known:
        # The travel matrix already has this location; coordinates are informative only.
        pos = ctx.loc_index.get_loc(loc)
        lat = ctx.loc_lat[pos] if lat is None else lat
        lon = ctx.loc_lon[pos] if lon is None else lon
        if not gemeente:
            at_loc = offers_by_id.loc[offers_by_id["locatie_id"] == loc, "gemeente_code"]
            gemeente = at_loc.iloc[0] if len(at_loc) else None
    elif lat is None or lon is None or math.isnan(lat) or math.isnan(lon):
        raise ChangeError("start: een nieuwe locatie heeft lat en lon nodig")
    if not gemeente or str(gemeente) not in ctx.gem_index:
        raise ChangeError("start: gemeente_code ontbreekt of is onbekend")
    leerweg = str(change["leerweg"]).upper()
    if leerweg not in ("BOL", "BBL"):
        raise ChangeError("start: leerweg moet BOL of BBL zijn")
    capaciteit = _num(change, "capaciteit", float, np.nan)
    return {
        "id": _num(change, "id", int, -(k + 1)),
        "instelling_id": _num(change, "instelling_id", int),
        "crebo": crebo,
        "niveau": niveau,
        "btg_code": str(btg),
        "leerweg": leerweg,
        "locatie_id": loc if loc is not None else -(k + 1),
        "gemeente_code": str(gemeente),
        "lat": math.nan if lat is None else float(lat),
        "lon": math.nan if lon is None else float(lon),
        "studenten": max(0, _num(change, "studenten", int, 0)),
        "capaciteit": capaciteit,
        "onderbouwd": bool(change.get("onderbouwd", False)),
        "startjaar": _num(change, "startjaar", int, ctx.params.current_year),
    }


def _lookups(res: IndicatorResult) -> dict[str, Any]:
    """Per-base lookups for validating changes, built once and cached on the result."""
    if "lookups" not in res.cache:
        offers = res.context.offers
        res.cache["lookups"] = {
            "pos": pd.Index(offers["id"]),
            "crebo": offers["crebo"].to_numpy(object),
            "studenten": offers["studenten"].to_numpy(),
            "capaciteit": offers["capaciteit"].to_numpy(float),
            "existing": set(zip(offers["instelling_id"].tolist(), offers["crebo"].tolist(),
                                offers["locatie_id"].tolist(), offers["leerweg"].tolist(),
                                strict=True)),
        }
    return res.cache["lookups"]


def apply_changes(changes: list[dict], res: IndicatorResult) -> Applied:
    """Check ``changes`` against the base result and collect what they do."""
    if not isinstance(changes, (list, tuple)) or not changes:
        raise ChangeError("de wijzigingsset is leeg")
    ctx = res.context
    look = _lookups(res)
    pos = look["pos"]
    out = Applied()
    started: set[tuple] = set()
    for k, change in enumerate(changes):
        if not isinstance(change, dict):
            raise ChangeError("elke wijziging is een dict")
        action = change.get("action")
        if action not in ACTIONS:
            raise ChangeError(f"onbekende actie {action!r}; kies uit {ACTIONS}")
        if action == "start":
            row = _start_row(change, k, ctx, ctx.offers)
            key = (row["instelling_id"], row["crebo"], row["locatie_id"], row["leerweg"])
            if key in look["existing"] or key in started or row["id"] in pos:
                raise ChangeError("start: dit aanbod bestaat al")
            started.add(key)
            out.starts.append(row)
            out.touched.add(row["crebo"])
            out.normalised.append({"action": action, **row})
            continue
        aanbod_id = _num(change, "aanbod_id", int)
        if aanbod_id is None or aanbod_id not in pos:
            raise ChangeError(f"{action}: onbekend aanbod_id {change.get('aanbod_id')!r}")
        if aanbod_id in out.stops:
            raise ChangeError(f"{action}: aanbod {aanbod_id} is al gestopt in deze set")
        i = pos.get_loc(aanbod_id)
        out.touched.add(look["crebo"][i])
        if action == "stop":
            out.stops.add(aanbod_id)
            out.normalised.append({"action": action, "aanbod_id": aanbod_id})
            continue
        update = out.updates.setdefault(
            aanbod_id,
            {"studenten": int(look["studenten"][i]), "capaciteit": float(look["capaciteit"][i])},
        )
        delta = abs(_num(change, "studenten_delta", int, 0))
        if delta == 0 and "capaciteit" not in change:
            raise ChangeError(f"{action}: geef studenten_delta of capaciteit")
        sign = 1 if action == "expand" else -1
        update["studenten"] = max(0, update["studenten"] + sign * delta)
        if "capaciteit" in change:
            cap = _num(change, "capaciteit", float, np.nan)
            if cap < 0:
                raise ChangeError(f"{action}: capaciteit mag niet negatief zijn")
            update["capaciteit"] = cap
        out.normalised.append({"action": action, "aanbod_id": aanbod_id,
                               "studenten_delta": sign * delta,
                               "capaciteit": update["capaciteit"]})
    return out
