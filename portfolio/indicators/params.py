"""Parameters of the indicator engine.

All tunable numbers of the method live in one frozen dataclass, so a run is fully described
by its inputs plus ``IndicatorParams.to_dict()`` (stored as JSON next to the results).

Defaults (editable by staff, shown on the method page):

- ``detour_factor`` 1.3 and ``speed_kmh`` 40: travel minutes = straight-line km x 1.3 / 40 x 60.
- ``threshold_minutes``: the travel time within which a programme counts as reachable,
  per niveau: Entree (1) and niveau 2 = 30 minutes, niveau 3 = 45, niveau 4 = 60.
- ``low_enrolment_threshold`` 15: an offering with fewer students is "low enrolment".
- ``specialist_max_locations`` 5: a programme offered at this many locations or fewer,
  nationally, is a specialist programme.
- ``recent_start_years`` 3: an offering that started in the last 3 years (this year
  included) is a "recent start".
- ``current_year``: the reference year for "recent"; defaults to the current calendar year.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field, fields
from typing import Any

DEFAULT_THRESHOLD_MINUTES: dict[int, float] = {1: 30.0, 2: 30.0, 3: 45.0, 4: 60.0}


def _this_year() -> int:
    return datetime.date.today().year


@dataclass(frozen=True)
class IndicatorParams:
    """Every tunable number of the indicator method (see the module docstring)."""

    detour_factor: float = 1.3
    speed_kmh: float = 40.0
    threshold_minutes: dict[int, float] = field(
        default_factory=lambda: dict(DEFAULT_THRESHOLD_MINUTES)
    )
    low_enrolment_threshold: int = 15
    specialist_max_locations: int = 5
    recent_start_years: int = 3
    current_year: int = field(default_factory=_this_year)

    def __post_init__(self) -> None:
        # JSON turns integer keys into strings; normalise here so from_dict() and direct
        # construction behave the same. A frozen dataclass needs object.__setattr__.
        thresholds = {int(k): float(v) for k, v in dict(self.threshold_minutes).items()}
        object.__setattr__(self, "threshold_minutes", dict(sorted(thresholds.items())))
        if set(thresholds) != {1, 2, 3, 4}:
            raise ValueError("threshold_minutes heeft precies de niveaus 1, 2, 3 en 4 nodig")
        for niveau, minutes in thresholds.items():
            if not (math.isfinite(minutes) and minutes > 0):
                raise ValueError(f"threshold_minutes[{niveau}] moet positief zijn")
        if not (self.detour_factor >= 1.0 and math.isfinite(self.detour_factor)):
            raise ValueError("detour_factor moet >= 1 zijn")
        if not (self.speed_kmh > 0 and math.isfinite(self.speed_kmh)):
            raise ValueError("speed_kmh moet positief zijn")
        if self.low_enrolment_threshold < 0:
            raise ValueError("low_enrolment_threshold mag niet negatief zijn")
        if self.specialist_max_locations < 1:
            raise ValueError("specialist_max_locations moet minstens 1 zijn")
        if self.recent_start_years < 1:
            raise ValueError("recent_start_years moet minstens 1 zijn")

    def threshold_for(self, niveau: int) -> float:
        """Travel-time threshold in minutes for a niveau (1 = Entree ... 4)."""
        try:
            return self.threshold_minutes[int(niveau)]
        except KeyError:
            raise ValueError(f"geen reistijdgrens voor niveau {niveau}") from None

    @property
    def first_recent_year(self) -> int:
        """First year that counts as a recent start (current_year included in the window)."""
        return self.current_year - self.recent_start_years + 1

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (threshold keys become strings, as JSON requires)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["threshold_minutes"] = {str(k): v for k, v in self.threshold_minutes.items()}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IndicatorParams:
        """Inverse of ``to_dict``; missing keys take their defaults, unknown keys are an error."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"onbekende parameters: {sorted(unknown)}")
        return cls(**data)
