"""Reads for the indicators: engine inputs from the registry, parameters, stored results."""
import hashlib
from dataclasses import dataclass

import pandas as pd

from .indicators import IndicatorParams
from .models import (
    Aanbod,
    Bron,
    Gemeente,
    IndicatorRun,
    IndicatorSettings,
    IndicatorTable,
    Inschrijving,
    Opleiding,
)

#: The gemeente x programme table is stored per btg; every other table in one piece.
PARTITIONED = {"coverage_by_gemeente_programme": "btg_code"}


@dataclass
class Inputs:
    """The registry as the engine's input frames, with a fingerprint of their content."""

    gemeenten: pd.DataFrame
    aanbod: pd.DataFrame
    opleidingen: pd.DataFrame
    inschrijvingen: pd.DataFrame
    synthetisch: bool

    @property
    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for df in (self.gemeenten, self.aanbod, self.opleidingen, self.inschrijvingen):
            digest.update(pd.util.hash_pandas_object(df, index=False).to_numpy().tobytes())
        return digest.hexdigest()

    def frames(self) -> dict[str, pd.DataFrame]:
        return {"gemeenten": self.gemeenten, "aanbod": self.aanbod,
                "opleidingen": self.opleidingen, "inschrijvingen": self.inschrijvingen}


def indicator_params() -> IndicatorParams:
    """The parameters in force (the staff-edited settings row, or the defaults)."""
    s = IndicatorSettings.objects.order_by("pk").first() or IndicatorSettings()
    return IndicatorParams(
        detour_factor=s.detour_factor, speed_kmh=s.speed_kmh,
        threshold_minutes={1: s.minutes_niveau_1, 2: s.minutes_niveau_2,
                           3: s.minutes_niveau_3, 4: s.minutes_niveau_4},
        low_enrolment_threshold=s.low_enrolment_threshold,
        specialist_max_locations=s.specialist_max_locations,
        recent_start_years=s.recent_start_years,
    )


def _frame(queryset, columns: dict[str, str]) -> pd.DataFrame:
    """values_list → DataFrame with renamed columns (fast: no model instances)."""
    rows = list(queryset.values_list(*columns))
    return pd.DataFrame.from_records(rows, columns=list(columns.values()))


def indicator_inputs() -> Inputs:
    """Active offerings with their location, programme and latest-year students."""
    gemeenten = _frame(Gemeente.objects.order_by("code"), {
        "code": "code", "lat": "lat", "lon": "lon", "inwoners": "inwoners",
        "jongeren": "jongeren", "arbeidsmarktregio__code": "arbeidsmarktregio_code",
        "provincie__code": "provincie_code", "krimp_status": "krimp_status"})
    gemeenten["krimp"] = gemeenten.pop("krimp_status") == Gemeente.Krimp.KRIMPREGIO
    gemeenten["jongeren"] = gemeenten["jongeren"].astype(float)

    inschrijvingen = _frame(Inschrijving.objects.order_by("aanbod_id", "jaar"),
                            {"aanbod_id": "aanbod_id", "jaar": "jaar", "studenten": "studenten"})
    aanbod = _frame(Aanbod.objects.filter(status=Aanbod.Status.ACTIEF).order_by("id"), {
        "id": "id", "instelling_id": "instelling_id", "opleiding__crebo": "crebo",
        "opleiding__niveau": "niveau", "opleiding__btg__code": "btg_code", "leerweg": "leerweg",
        "locatie_id": "locatie_id", "locatie__gemeente__code": "gemeente_code",
        "locatie__lat": "lat", "locatie__lon": "lon", "capaciteit": "capaciteit",
        "profiel": "profiel", "capaciteit_onderbouwing": "capaciteit_onderbouwing",
        "startdatum": "startdatum", "bron": "bron"})
    latest = int(inschrijvingen["jaar"].max()) if len(inschrijvingen) else None
    now = inschrijvingen[inschrijvingen["jaar"] == latest].set_index("aanbod_id")["studenten"]
    aanbod["studenten"] = aanbod["id"].map(now).fillna(0).astype("int64")
    aanbod["capaciteit"] = aanbod["capaciteit"].astype(float)
    aanbod["onderbouwd"] = ((aanbod.pop("profiel").str.strip() != "")
                            | (aanbod.pop("capaciteit_onderbouwing").str.strip() != ""))
    start = pd.to_datetime(aanbod.pop("startdatum"), errors="coerce")
    aanbod["startjaar"] = start.dt.year.fillna(2000).astype("int64")
    synthetisch = bool((aanbod.pop("bron") == Bron.SYNTHETISCH).any())

    opleidingen = _frame(Opleiding.objects.order_by("crebo"), {
        "crebo": "crebo", "niveau": "niveau", "btg__code": "btg_code", "naam": "naam"})
    return Inputs(gemeenten, aanbod, opleidingen, inschrijvingen, synthetisch)


def indicator_run_latest(*, done: bool = True) -> IndicatorRun | None:
    """The newest run (by default the newest finished one)."""
    runs = IndicatorRun.objects.all()
    if done:
        runs = runs.filter(status=IndicatorRun.Status.DONE)
    return runs.order_by("-finished_on", "-id").first() if done else runs.first()


def indicator_runs():
    """All runs, newest first."""
    return IndicatorRun.objects.select_related("requested_by").order_by("-created_on", "-id")


def indicator_table(run: IndicatorRun, name: str, *, part: str | None = None) -> pd.DataFrame:
    """A stored result table of a run; for partitioned tables one part or all of them."""
    tables = IndicatorTable.objects.filter(run=run, name=name)
    if name in PARTITIONED and part is not None:
        tables = tables.filter(part=part)
    frames = [t.frame() for t in tables.order_by("part")]
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
