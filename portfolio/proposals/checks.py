"""Signals in Dutch from an impact snapshot: the four collective agreements and "late melding".

Pure functions, no ORM: ``proposal_signals(impact, proposal, ...)`` takes the dict returned by
``portfolio.impact.impact_of_changes`` and a plain description of the proposal, and returns a
list of signal dicts ``{"code", "ernst", "afspraak", "params", "tekst"}``. Signals are stored
with the version; ``signal_text`` renders one again in the reader's language.

Severities: ``waarschuwing`` (conflicts with an agreement unless justified), ``aandacht``
(discuss it), ``info``.
"""
from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils.translation import gettext as _

WAARSCHUWING, AANDACHT, INFO = "waarschuwing", "aandacht", "info"
SEVERITY_ORDER = {WAARSCHUWING: 0, AANDACHT: 1, INFO: 2}
# A long list of gemeenten would bury the message: name a few, count the rest.
MAX_NAMED = 5


def _texts() -> dict[str, str]:
    # Built per call so gettext uses the language that is active at that moment.
    return {
        "overlap": _("Overlap in gemeente %(gemeente)s met instelling %(instelling)s zonder "
                     "onderbouwing capaciteit of onderscheidend aanbod (%(opleiding)s)."),
        "overlap_onderbouwd": _("Overlap in gemeente %(gemeente)s met instelling "
                                "%(instelling)s (%(opleiding)s); er is een onderbouwing van "
                                "capaciteit of onderscheidend aanbod vastgelegd."),
        "dekking_verlies": _("Witte vlek: %(opleiding)s is na dit voorstel niet meer binnen "
                             "reisafstand voor %(gemeenten)s (%(inwoners)s inwoners)."),
        "verschraling": _("Risico op verschraling: %(opleiding)s van %(instelling)s in "
                          "%(gemeente)s komt onder druk te staan."),
        "specialistisch": _("Specialistische opleiding %(opleiding)s met een bovenregionale "
                            "arbeidsmarkt: starten of uitbreiden alleen met aantoonbare "
                            "maatschappelijke meerwaarde."),
        "specialistisch_onderbouwd": _("Specialistische opleiding %(opleiding)s: de "
                                       "maatschappelijke meerwaarde is onderbouwd; bespreek "
                                       "die met de huidige aanbieders."),
        "btg": _("Bedrijfstakgroep %(btg)s: het voorstel raakt het sectorale aanbod "
                 "(%(aantal)s wijziging(en)); bespreek het in het sectorale overleg."),
        "late_melding": _("Late melding: de eerste ingangsdatum (%(ingangsdatum)s) ligt "
                          "%(dagen)s dagen na de melding; afgesproken is minstens "
                          "%(minimum)s dagen vooraf."),
        "late_melding_verleden": _("Late melding: de eerste ingangsdatum (%(ingangsdatum)s) "
                                   "ligt vóór de melding; afgesproken is minstens %(minimum)s "
                                   "dagen vooraf."),
        "dekking_winst": _("Nieuwe dekking: %(opleiding)s komt binnen reisafstand voor "
                           "%(gemeenten)s (%(inwoners)s inwoners)."),
        "synthetisch": _("De impact is berekend op synthetische gegevens, niet op echte "
                         "DUO-cijfers."),
    }


def signal_text(signal: dict, texts: dict[str, str] | None = None) -> str:
    """The signal's sentence in the active language (falls back to the stored text).

    ``texts``: ``_texts()`` built once by a caller that renders several signals.
    """
    template = (texts if texts is not None else _texts()).get(signal.get("code", ""))
    if template is None:
        return signal.get("tekst", "")
    try:
        return template % signal.get("params", {})
    except (KeyError, TypeError, ValueError):
        return signal.get("tekst", "")


def signals_for_reader(signals: list[dict]) -> list[dict]:
    """Stored signals with their sentence in the active language (``signal_text`` each)."""
    texts = _texts()
    return [{**signal, "tekst": signal_text(signal, texts)} for signal in signals]


def _signal(code: str, ernst: str, afspraak: int | None, **params) -> dict:
    signal = {"code": code, "ernst": ernst, "afspraak": afspraak, "params": params}
    signal["tekst"] = signal_text(signal)
    return signal


def _names(values: list[str]) -> str:
    values = sorted(set(values))
    if len(values) <= MAX_NAMED:
        return ", ".join(values)
    return _("%(namen)s en %(n)s andere") % {"namen": ", ".join(values[:MAX_NAMED]),
                                              "n": len(values) - MAX_NAMED}


def _programme(crebo: str, names: dict[str, str]) -> str:
    naam = names.get(str(crebo))
    return f"{naam} ({crebo})" if naam else str(crebo)


def _coverage(code: str, rows: list[dict], names: dict[str, str], ernst: str) -> list[dict]:
    """One signal per programme: which gemeenten gain or lose it, and how many people live there."""
    by_crebo: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_crebo[str(row.get("crebo", ""))].append(row)
    out = []
    for crebo, items in sorted(by_crebo.items()):
        gemeenten = [str(r.get("gemeente_naam") or r.get("gemeente_code", "?")) for r in items]
        inwoners = sum(int(r.get("inwoners") or 0) for r in items)
        out.append(_signal(code, ernst, 2 if code == "dekking_verlies" else None,
                           opleiding=_programme(crebo, names), gemeenten=_names(gemeenten),
                           inwoners=f"{inwoners:,}".replace(",", ".")))
    return out


def _newly_at_risk(row: dict) -> bool:
    """A thinning row (``thinning_changes``) whose offering is at risk after, not before."""
    return bool(row.get("thinning_risk_after")) and not row.get("thinning_risk_before")


def proposal_signals(impact: dict | None, proposal: dict, *, late_days: int,
                     today: datetime.date | None = None) -> list[dict]:
    """All signals for one version, most severe first.

    ``proposal``: ``{"gemeld_op": date | None, "wijzigingen": [{"actie", "crebo",
    "opleiding_naam", "specialistisch", "btg_code", "btg_naam", "onderbouwd",
    "ingangsdatum": date}], "instellingen": {id: naam}, "gemeenten": {code: naam}}``;
    ``gemeld_op`` is the submission date (today for a draft); the name lookups serve the
    thinning rows, which carry ids and codes only.
    """
    impact = impact or {}
    changes = proposal.get("wijzigingen", [])
    names = {str(c["crebo"]): c.get("opleiding_naam", "") for c in changes}
    out: list[dict] = []

    # Agreement 1: no second provider of the same programme nearby without a justification.
    seen = set()
    for row in impact.get("overlap_new", []):
        key = (row.get("gemeente_code"), row.get("other_instelling_id"), row.get("crebo"))
        if key in seen:
            continue
        seen.add(key)
        params = {"gemeente": row.get("gemeente_naam") or row.get("gemeente_code", "?"),
                  "instelling": row.get("other_instelling_naam") or "?",
                  "opleiding": _programme(str(row.get("crebo", "")), names)}
        if row.get("onderbouwd"):
            out.append(_signal("overlap_onderbouwd", AANDACHT, 1, **params))
        else:
            out.append(_signal("overlap", WAARSCHUWING, 1, **params))

    # Agreement 2: no thinning of (shrinking) regions.
    out += _coverage("dekking_verlies", impact.get("coverage_lost", []), names, WAARSCHUWING)
    instellingen = proposal.get("instellingen", {})
    gemeenten = proposal.get("gemeenten", {})
    for row in impact.get("thinning", []):
        if not _newly_at_risk(row):
            continue
        inst = row.get("instelling_id")
        out.append(_signal(
            "verschraling", WAARSCHUWING, 2,
            opleiding=_programme(str(row.get("crebo", "")), names),
            instelling=instellingen.get(str(inst)) or instellingen.get(inst) or str(inst),
            gemeente=gemeenten.get(row.get("gemeente_code")) or row.get("gemeente_code", "?")))

    # Agreement 3: specialist programmes stay with their few providers unless justified.
    specialist = {str(r.get("crebo")) for r in impact.get("specialist", []) if r.get("crebo")}
    for change in changes:
        crebo = str(change["crebo"])
        if change["actie"] not in ("start", "expand"):
            continue
        if not (change.get("specialistisch") or crebo in specialist):
            continue
        code = "specialistisch_onderbouwd" if change.get("onderbouwd") else "specialistisch"
        signal = _signal(code, AANDACHT if change.get("onderbouwd") else WAARSCHUWING, 3,
                         opleiding=_programme(crebo, names))
        if signal not in out:
            out.append(signal)

    # Agreement 4: the btg jointly owns its programmes, numbers and spread.
    per_btg: dict[str, int] = defaultdict(int)
    btg_names = {}
    for change in changes:
        if change.get("btg_code"):
            per_btg[change["btg_code"]] += 1
            btg_names[change["btg_code"]] = change.get("btg_naam") or change["btg_code"]
    for code, n in sorted(per_btg.items()):
        out.append(_signal("btg", INFO, 4, btg=btg_names[code], aantal=n))

    # Late melding: a change announced too short before it takes effect surprises others.
    gemeld_op = proposal.get("gemeld_op") or today or datetime.date.today()
    dates = [c["ingangsdatum"] for c in changes if c.get("ingangsdatum")]
    if dates:
        first = min(dates)
        days = (first - gemeld_op).days
        if days < late_days:
            code = "late_melding" if days >= 0 else "late_melding_verleden"
            out.append(_signal(code, WAARSCHUWING, None,
                               ingangsdatum=first.strftime("%d-%m-%Y"), dagen=days,
                               minimum=late_days))

    out += _coverage("dekking_winst", impact.get("coverage_gained", []), names, INFO)
    if impact.get("synthetisch"):
        out.append(_signal("synthetisch", INFO, None))
    return sorted(out, key=lambda s: SEVERITY_ORDER[s["ernst"]])
