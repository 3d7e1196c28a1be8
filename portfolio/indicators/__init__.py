"""Portfolio indicators: pure pandas/numpy functions, no Django (shown on the method page).

Inputs (DataFrames produced by the loader):

- ``gemeenten``: ``code`` ("GM0014"), ``lat``, ``lon`` (centroid, WGS84), ``inwoners``,
  ``jongeren`` (NaN when unknown), ``arbeidsmarktregio_code``, ``provincie_code``, ``krimp``.
- ``aanbod``: active offerings: ``id``, ``instelling_id``, ``crebo``, ``niveau`` (1-4),
  ``btg_code``, ``leerweg`` (BOL/BBL), ``locatie_id``, ``gemeente_code`` (of the location),
  ``lat``, ``lon`` (of the location), ``studenten`` (latest year), ``capaciteit`` (NaN when
  unknown), ``onderbouwd`` (a capacity or distinctiveness justification is recorded),
  ``startjaar``.
- ``opleidingen``: ``crebo``, ``niveau``, ``btg_code``, ``naam``.
- ``inschrijvingen``: ``aanbod_id``, ``jaar``, ``studenten`` (for trends).
- ``params``: ``IndicatorParams`` (``params`` module); ``travel``: optional gemeente x locatie
  minutes matrix (``travel`` module) that replaces the default travel model.

Entry points: ``compute_all`` (engine) -> ``IndicatorResult``; ``what_if`` -> ``WhatIfResult``;
``to_records`` for JSON. Definitions: the docstrings of ``travel``, ``coverage``, ``overlap``,
``thinning``, ``specialist``, ``sector`` and ``whatif``; tables and columns: ``schema.FRAMES``.
A plain-loop twin of the engine lives in ``portfolio.indicators_reference`` (for tests).
"""

from .engine import FRAME_NAMES, IndicatorResult, compute_all
from .params import IndicatorParams
from .schema import FRAMES, to_records
from .travel import haversine_km, locaties_from_aanbod, travel_from_long, travel_minutes
from .whatif import ChangeError, WhatIfResult, what_if

__all__ = [
    "FRAMES", "FRAME_NAMES", "ChangeError", "IndicatorParams", "IndicatorResult",
    "WhatIfResult", "compute_all", "haversine_km", "locaties_from_aanbod", "to_records",
    "travel_from_long", "travel_minutes", "what_if",
]
