"""Output frames of the indicator engine: columns, types, order and meaning.

``FRAMES`` is the single description of every result table. The engine and the reference
implementation both pass their output through ``conform`` (same columns, dtypes and row
order), and the method page can render ``FRAMES`` as documentation. ``to_records`` turns a
frame into JSON-ready dicts (NaN and infinity become ``None``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Frame:
    """One output table: ordered ``(column, dtype, meaning)`` triples and the row order."""

    description: str
    columns: tuple[tuple[str, str, str], ...]
    sort_by: tuple[str, ...]

    @property
    def names(self) -> list[str]:
        return [c[0] for c in self.columns]


_OFFERING_KEYS = (
    ("aanbod_id", "int64", "offering id"),
    ("instelling_id", "int64", "institution id"),
    ("crebo", "str", "programme (crebo)"),
    ("niveau", "int64", "niveau 1 (Entree) to 4"),
    ("btg_code", "str", "bedrijfstakgroep"),
)

_OVERLAP_COUNTS = (
    ("offerings", "int64", "offerings in the group"),
    ("offerings_overlapping", "int64", "offerings with at least one flagged overlap pair"),
    ("overlap_score", "float64", "offerings_overlapping / offerings (0 when no offerings)"),
    ("pairs", "int64", "overlap pairs touching the group (justified or not)"),
    ("pairs_flagged", "int64", "pairs without a recorded justification"),
    ("pairs_flagged_same_gemeente", "int64", "flagged pairs in one and the same gemeente"),
)

FRAMES: dict[str, Frame] = {
    "coverage_by_gemeente_programme": Frame(
        "Per gemeente x offered programme: reachability within the niveau threshold. "
        "The code columns are categorical: this table has |gemeenten| x |programmes| rows.",
        (
            ("gemeente_code", "category", "gemeente (CBS code)"),
            ("arbeidsmarktregio_code", "category", "arbeidsmarktregio of the gemeente"),
            ("crebo", "category", "programme"),
            ("niveau", "int64", "niveau of the programme"),
            ("btg_code", "category", "bedrijfstakgroep of the programme"),
            ("reachable", "bool", "an offering of the crebo (any leerweg) within the threshold"),
            ("minutes_nearest", "float64", "minutes to the nearest offering (NaN: none)"),
            ("providers_reachable", "int64", "distinct institutions offering it within reach"),
            ("accessibility", "float64", "2SFCA score: student places per 1,000 demand"),
        ),
        ("gemeente_code", "crebo"),
    ),
    "coverage_by_programme": Frame(
        "Per offered programme: supply and national reach.",
        (
            ("crebo", "str", "programme"),
            ("naam", "str", "name (empty when not in opleidingen)"),
            ("niveau", "int64", "niveau"),
            ("btg_code", "str", "bedrijfstakgroep"),
            ("offerings", "int64", "active offerings"),
            ("locations", "int64", "distinct locations"),
            ("providers", "int64", "distinct institutions"),
            ("studenten", "int64", "students, latest year"),
            ("threshold_minutes", "float64", "travel-time threshold of the niveau"),
            ("gemeenten_reachable", "int64", "gemeenten that reach it"),
            ("population_reachable", "int64", "inhabitants of those gemeenten"),
            ("population_share", "float64", "population_reachable / all inhabitants"),
            ("white_spot_population", "int64", "inhabitants of gemeenten that do not reach it"),
            ("mean_minutes_nearest", "float64", "population-weighted mean minutes to nearest"),
        ),
        ("crebo",),
    ),
    "coverage_by_btg_niveau": Frame(
        "Per btg x niveau: can one reach at least one programme of the group?",
        (
            ("btg_code", "str", "bedrijfstakgroep"),
            ("niveau", "int64", "niveau"),
            ("programmes", "int64", "offered programmes in the group"),
            ("gemeenten_reachable", "int64", "gemeenten reaching at least one of them"),
            ("population_reachable", "int64", "inhabitants of those gemeenten"),
            ("population_share", "float64", "population_reachable / all inhabitants"),
            ("mean_programme_share", "float64", "mean of the programmes' population_share"),
            ("white_spot_gemeenten", "int64", "gemeenten reaching none of them"),
            ("white_spot_population", "int64", "inhabitants of those gemeenten"),
            ("mean_minutes_nearest", "float64", "population-weighted mean minutes to nearest"),
        ),
        ("btg_code", "niveau"),
    ),
    "coverage_by_region": Frame(
        "Per arbeidsmarktregio: how much of the offered portfolio its inhabitants reach.",
        (
            ("arbeidsmarktregio_code", "str", "arbeidsmarktregio"),
            ("gemeenten", "int64", "gemeenten in the region"),
            ("inwoners", "int64", "inhabitants"),
            ("krimp_gemeenten", "int64", "krimp gemeenten in the region"),
            ("coverage_share", "float64", "population-weighted share of programmes reachable"),
            ("mean_programmes_reachable", "float64", "population-weighted programmes in reach"),
            ("programmes_reachable_everywhere", "int64", "reachable from every gemeente"),
            ("programmes_reachable_somewhere", "int64", "reachable from at least one gemeente"),
            ("white_spot_pairs", "int64", "gemeente x programme pairs out of reach"),
            ("white_spot_population", "int64", "sum over programmes of inhabitants out of reach"),
            ("btg_niveau_white_spots", "int64", "gemeente x btg-niveau pairs out of reach"),
        ),
        ("arbeidsmarktregio_code",),
    ),
    "coverage_national": Frame(
        "National coverage per niveau; the row with niveau <NA> is all niveaus together.",
        (
            ("niveau", "Int64", "niveau; <NA> = all"),
            ("programmes", "int64", "offered programmes"),
            ("coverage_share", "float64", "population-weighted share of programmes reachable"),
            ("mean_programme_share", "float64", "mean of the programmes' population_share"),
            ("covered_population_sum", "int64", "sum over programmes of inhabitants in reach"),
            ("white_spot_population_sum", "int64", "sum over programmes of inhabitants not"),
            ("white_spot_pairs", "int64", "gemeente x programme pairs out of reach"),
            ("btg_niveau_white_spots", "int64", "gemeente x btg-niveau pairs out of reach"),
        ),
        ("niveau",),
    ),
    "white_spots": Frame(
        "Gemeenten that reach no programme at all of a btg x niveau (programme-level white "
        "spots are the rows of coverage_by_gemeente_programme with reachable = False).",
        (
            ("gemeente_code", "str", "gemeente"),
            ("arbeidsmarktregio_code", "str", "its arbeidsmarktregio"),
            ("btg_code", "str", "bedrijfstakgroep"),
            ("niveau", "int64", "niveau"),
            ("inwoners", "int64", "inhabitants"),
            ("minutes_nearest", "float64", "minutes to the nearest programme of the group"),
            ("threshold_minutes", "float64", "threshold of the niveau"),
        ),
        ("gemeente_code", "btg_code", "niveau"),
    ),
    "accessibility_2sfca": Frame(
        "2SFCA accessibility per gemeente x btg x niveau (sum over the group's programmes).",
        (
            ("gemeente_code", "str", "gemeente"),
            ("btg_code", "str", "bedrijfstakgroep"),
            ("niveau", "int64", "niveau"),
            ("accessibility", "float64", "student places per 1,000 demand"),
        ),
        ("gemeente_code", "btg_code", "niveau"),
    ),
    "overlap_pairs": Frame(
        "Pairs of offerings of different institutions, same crebo and leerweg, in the same "
        "gemeente, the same arbeidsmarktregio or within the niveau threshold of each other.",
        (
            ("aanbod_id_a", "int64", "offering with the lower id"),
            ("aanbod_id_b", "int64", "offering with the higher id"),
            ("crebo", "str", "programme"),
            ("niveau", "int64", "niveau"),
            ("btg_code", "str", "bedrijfstakgroep"),
            ("leerweg", "str", "BOL or BBL"),
            ("instelling_id_a", "int64", "institution of a"),
            ("instelling_id_b", "int64", "institution of b"),
            ("gemeente_code_a", "str", "gemeente of a's location"),
            ("gemeente_code_b", "str", "gemeente of b's location"),
            ("arbeidsmarktregio_code_a", "str", "arbeidsmarktregio of a"),
            ("arbeidsmarktregio_code_b", "str", "arbeidsmarktregio of b"),
            ("same_gemeente", "bool", "both in one gemeente"),
            ("same_region", "bool", "both in one arbeidsmarktregio"),
            ("within_threshold", "bool", "minutes_between <= niveau threshold"),
            ("minutes_between", "float64", "max(minutes gemeente a -> b, gemeente b -> a)"),
            ("justified", "bool", "a or b records a capacity/distinctiveness justification"),
            ("flagged", "bool", "not justified"),
        ),
        ("aanbod_id_a", "aanbod_id_b"),
    ),
    "overlap_scores_region": Frame(
        "Overlap per arbeidsmarktregio (a pair counts in the regions of both its offerings).",
        (("arbeidsmarktregio_code", "str", "arbeidsmarktregio"),) + _OVERLAP_COUNTS,
        ("arbeidsmarktregio_code",),
    ),
    "overlap_scores_btg": Frame(
        "Overlap per bedrijfstakgroep.",
        (("btg_code", "str", "bedrijfstakgroep"),) + _OVERLAP_COUNTS,
        ("btg_code",),
    ),
    "thinning_offerings": Frame(
        "Thinning risk per offering (agreement 2).",
        (
            ("aanbod_id", "int64", "offering"),
            ("instelling_id", "int64", "institution"),
            ("crebo", "str", "programme"),
            ("niveau", "int64", "niveau"),
            ("btg_code", "str", "bedrijfstakgroep"),
            ("leerweg", "str", "BOL or BBL"),
            ("locatie_id", "int64", "location"),
            ("gemeente_code", "str", "gemeente of the location"),
            ("arbeidsmarktregio_code", "str", "its arbeidsmarktregio"),
            ("krimp", "bool", "the location's gemeente is a krimp gemeente"),
            ("studenten", "int64", "students, latest year"),
            ("startjaar", "int64", "start year"),
            ("low_enrolment", "bool", "studenten < low_enrolment_threshold"),
            ("sole_provider_region", "bool", "only institution with the crebo in the region"),
            ("unique_coverage", "int64", "inhabitants losing access if this offering stops"),
            ("unique_coverage_gemeenten", "int64", "gemeenten losing access"),
            ("unique_coverage_krimp", "int64", "inhabitants of krimp gemeenten losing access"),
            ("thinning_risk", "bool", "(sole provider in krimp) or (low enrolment and unique)"),
        ),
        ("aanbod_id",),
    ),
    "specialist_programmes": Frame(
        "Programmes at few locations nationally (agreement 3) and their national reach.",
        (
            ("crebo", "str", "programme"),
            ("naam", "str", "name"),
            ("niveau", "int64", "niveau"),
            ("btg_code", "str", "bedrijfstakgroep"),
            ("locations", "int64", "distinct locations"),
            ("providers", "int64", "distinct institutions"),
            ("offerings", "int64", "offerings"),
            ("studenten", "int64", "students"),
            ("gemeenten_reachable", "int64", "gemeenten within the threshold"),
            ("population_share", "float64", "national reach: share of inhabitants in reach"),
            ("recent_starts", "int64", "recent starts by other institutions"),
            ("recent_starts_flagged", "int64", "of which without recorded justification"),
        ),
        ("crebo",),
    ),
    "specialist_starts": Frame(
        "Recent starts of specialist programmes by institutions that were not offering them.",
        (
            ("aanbod_id", "int64", "offering"),
            ("crebo", "str", "programme"),
            ("instelling_id", "int64", "starting institution"),
            ("locatie_id", "int64", "location"),
            ("gemeente_code", "str", "gemeente"),
            ("startjaar", "int64", "start year"),
            ("onderbouwd", "bool", "added social value / justification recorded"),
            ("flagged", "bool", "not onderbouwd"),
        ),
        ("aanbod_id",),
    ),
    "sector_view": Frame(
        "Per bedrijfstakgroep (agreement 4): size and spread of the portfolio.",
        (
            ("btg_code", "str", "bedrijfstakgroep"),
            ("programmes", "int64", "offered programmes"),
            ("programmes_catalogue", "int64", "programmes in opleidingen (offered or not)"),
            ("offerings", "int64", "active offerings"),
            ("institutions", "int64", "distinct institutions"),
            ("locations", "int64", "distinct locations"),
            ("studenten", "int64", "students, latest year"),
            ("gemeenten", "int64", "distinct gemeenten with an offering"),
            ("regions", "int64", "distinct arbeidsmarktregio's with an offering"),
            ("largest_region_share", "float64", "students in the largest region / studenten"),
            ("offerings_low_enrolment", "int64", "offerings below the enrolment threshold"),
        ),
        ("btg_code",),
    ),
    "sector_trend": Frame(
        "Students per bedrijfstakgroep per year (from inschrijvingen).",
        (
            ("btg_code", "str", "bedrijfstakgroep"),
            ("jaar", "int64", "year"),
            ("studenten", "int64", "students"),
            ("offerings", "int64", "offerings with students that year"),
            ("change", "float64", "studenten minus the previous year's (NaN: first year)"),
            ("change_pct", "float64", "change / previous year's studenten x 100"),
        ),
        ("btg_code", "jaar"),
    ),
}


_EMPTY: dict[str, pd.DataFrame] = {}


def empty_frame(name: str) -> pd.DataFrame:
    """An empty frame with the right columns and dtypes."""
    if name not in _EMPTY:
        spec = FRAMES[name]
        _EMPTY[name] = pd.DataFrame({c: pd.Series([], dtype=t) for c, t, _ in spec.columns})
    return _EMPTY[name].copy()


def conform(name: str, df: pd.DataFrame, presorted: bool = False) -> pd.DataFrame:
    """Select, type and order the columns of ``df`` as ``FRAMES[name]`` says; sort the rows.

    ``presorted=True`` skips the sort for frames built in the documented order already.
    """
    spec = FRAMES[name]
    if len(df) == 0:
        return empty_frame(name)
    out = df.loc[:, spec.names]
    dtypes = out.dtypes
    casts = {c: t for c, t, _ in spec.columns if str(dtypes[c]) != t}
    if casts:
        out = out.astype(casts)
    # Stable sort on the documented keys makes results comparable across implementations.
    if not presorted:
        out = out.sort_values(list(spec.sort_by), kind="stable", na_position="last")
    return out.reset_index(drop=True)


def _clean(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, (list, tuple, set, np.ndarray)):
        return [_clean(v) for v in value]
    return value


def to_records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-serialisable list of row dicts; NaN, NA and infinity become ``None``."""
    cols = list(df.columns)
    data = [df[c].to_numpy(dtype=object) for c in cols]
    return [
        {c: _clean(v) for c, v in zip(cols, row, strict=True)} for row in zip(*data, strict=True)
    ] if cols else [{} for _ in range(len(df))]


def jsonable(value: Any) -> Any:
    """Recursively convert dicts/lists/numpy scalars/frames into JSON-ready Python values."""
    if isinstance(value, pd.DataFrame):
        return to_records(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    return _clean(value)
