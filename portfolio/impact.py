"""What-if impact of proposed offering changes on the current registry (used by proposals,
rulings and the what-if API)."""
import threading

from django.apps import apps
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from mbo_regie.errors import DomainError

from . import indicators
from .indicator_selectors import indicator_inputs, indicator_params
from .models import Aanbod, Gemeente, IndicatorSettings, Instelling, Locatie, Opleiding

_lock = threading.Lock()
_base: dict = {}


class ImpactError(DomainError):
    """A change in the change set cannot be evaluated (the message says which and why)."""

    def __init__(self, message, *, index: int | None = None, field: str | None = None):
        super().__init__(message, code="invalid_change")
        self.index = index
        self.field = field


def _registry_version() -> tuple:
    """Changes to offerings, enrolments, locations or parameters all leave a history row."""
    parts = []
    for model in ("HistoricalAanbod", "HistoricalInschrijving", "HistoricalLocatie"):
        history = apps.get_model("portfolio", model)
        # ids alone can repeat after a rolled-back transaction on SQLite; dates and counts don't.
        parts.append(tuple(history.objects.aggregate(i=Max("history_id"), d=Max("history_date"),
                                                     n=Count("history_id")).values()))
    parts.append(IndicatorSettings.objects.aggregate(m=Max("updated_on"))["m"])
    return tuple(parts)


def _base_result():
    """The indicators of the current registry, computed once per registry version."""
    version = _registry_version()
    with _lock:
        if _base.get("version") != version:
            inputs = indicator_inputs()
            _base["result"] = indicators.compute_all(**inputs.frames(),
                                                     params=indicator_params())
            _base["synthetisch"] = inputs.synthetisch
            _base["version"] = version
        return _base["result"], _base["synthetisch"]


def _engine_change(i: int, change: dict) -> dict:
    action = change.get("action")
    if action not in indicators.whatif.ACTIONS:
        raise ImpactError(_("Onbekende actie %(a)r.") % {"a": action}, index=i, field="action")
    if action == "start":
        opleiding = Opleiding.objects.filter(pk=change.get("opleiding_id")).first()
        locatie = (Locatie.objects.select_related("gemeente")
                   .filter(pk=change.get("locatie_id")).first())
        if opleiding is None:
            raise ImpactError(_("Kies een bestaande opleiding."), index=i, field="opleiding_id")
        if locatie is None:
            raise ImpactError(_("Kies een bestaande locatie."), index=i, field="locatie_id")
        return {"action": "start", "instelling_id": change.get("instelling_id")
                or locatie.instelling_id, "crebo": opleiding.crebo,
                "leerweg": change.get("leerweg") or "BOL", "locatie_id": locatie.pk,
                "lat": locatie.lat, "lon": locatie.lon, "gemeente_code": locatie.gemeente.code,
                "studenten": change.get("studenten") or 0, "capaciteit": change.get("capaciteit"),
                "onderbouwd": bool(change.get("onderbouwd"))}
    aanbod = Aanbod.objects.filter(pk=change.get("aanbod_id"),
                                   status=Aanbod.Status.ACTIEF).first()
    if aanbod is None:
        raise ImpactError(_("Kies een bestaand, actief aanbod."), index=i, field="aanbod_id")
    if action == "stop":
        return {"action": "stop", "aanbod_id": aanbod.pk}
    # "studenten" is the expected number per year after the change; the engine wants a delta.
    current = aanbod.inschrijvingen.order_by("-jaar").values_list("studenten", flat=True).first()
    target = change.get("studenten")
    delta = change.get("studenten_delta")
    if delta is None:
        delta = (target - (current or 0)) if target is not None else 0
    return {"action": action, "aanbod_id": aanbod.pk, "studenten_delta": abs(int(delta)),
            "capaciteit": change.get("capaciteit")}


def _names(model, ids) -> dict:
    return dict(model.objects.filter(pk__in=set(ids)).values_list("pk", "naam"))


def _gemeente_names(codes) -> dict:
    return dict(Gemeente.objects.filter(code__in=set(codes)).values_list("code", "naam"))


def impact_of_changes(changes: list[dict]) -> dict:
    """What the changes would do to every indicator, and who is affected (JSON-ready).

    Raises ImpactError (a DomainError) naming the change and field that cannot be evaluated.
    """
    engine_changes = [_engine_change(i, c) for i, c in enumerate(changes)]
    base, synthetisch = _base_result()
    try:
        result = indicators.what_if(base, engine_changes)
    except indicators.ChangeError as exc:
        raise ImpactError(str(exc)) from None
    overlap = result.overlap_added
    cov = result.coverage_changes
    lost = cov[cov["reachable_before"] & ~cov["reachable_after"]]
    gained = cov[~cov["reachable_before"] & cov["reachable_after"]]
    inst = _names(Instelling, list(overlap["instelling_id_a"]) + list(overlap["instelling_id_b"])
                  + list(result.affected_instellingen))
    gem = _gemeente_names(list(overlap["gemeente_code_b"]) + list(cov["gemeente_code"]))
    initiators = set(result.initiators)

    def coverage_rows(df):
        return [{"gemeente_code": r.gemeente_code, "gemeente_naam": gem.get(r.gemeente_code, ""),
                 "crebo": r.crebo, "inwoners": int(r.inwoners)} for r in df.itertuples()]

    overlap_new = []
    for r in overlap.itertuples():
        # Report each new pair from the side of the initiating institution.
        mine_a = r.instelling_id_a in initiators or r.aanbod_id_a < 0
        own, other = (("a", "b") if mine_a else ("b", "a"))
        other_id = int(getattr(r, f"instelling_id_{other}"))
        code = getattr(r, f"gemeente_code_{other}")
        overlap_new.append({
            "gemeente_code": code, "gemeente_naam": gem.get(code, ""),
            "instelling_id": int(getattr(r, f"instelling_id_{own}")),
            "other_instelling_id": other_id, "other_instelling_naam": inst.get(other_id, ""),
            "crebo": r.crebo, "leerweg": r.leerweg, "onderbouwd": bool(r.justified),
            "same_gemeente": bool(r.same_gemeente), "same_region": bool(r.same_region),
            "minutes_between": round(float(r.minutes_between), 1),
        })
    return indicators.schema.jsonable({
        "before": result.summary_before,
        "after": result.summary_after,
        "deltas": result.summary_delta,
        "affected_instelling_ids": [int(i) for i in result.affected_instellingen],
        "affected": [{"instelling_id": int(r.instelling_id),
                      "instelling_naam": inst.get(int(r.instelling_id), ""),
                      "reason": r.reason, "crebo": r.crebo}
                     for r in result.affected.drop_duplicates(["instelling_id", "reason",
                                                               "crebo"]).itertuples()],
        "overlap_new": overlap_new,
        "overlap_removed": len(result.overlap_removed),
        "coverage_lost": coverage_rows(lost),
        "coverage_gained": coverage_rows(gained),
        "white_spots_added": indicators.to_records(result.white_spots_added),
        "white_spots_removed": indicators.to_records(result.white_spots_removed),
        "thinning": indicators.to_records(result.thinning_changes),
        "specialist": indicators.to_records(result.specialist_changes),
        "programmes": indicators.to_records(result.programme_changes),
        "sector": indicators.to_records(result.sector_changes),
        "synthetisch": synthetisch,
        "elapsed_ms": round(result.elapsed_ms, 1),
    })
