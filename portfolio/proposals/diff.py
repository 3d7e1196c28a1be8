"""What changed between two versions of a proposal. Pure functions on version snapshots.

A snapshot (``selectors.version_snapshot``) is ``{"samenvatting": str, "motivatie": {code:
str}, "wijzigingen": [{"key": str, "label": str, <field>: value, ...}]}``. Text is compared
word by word, so the page can show deletions and insertions inline.
"""
from __future__ import annotations

import difflib
import re

# Fields of a change that a new version may alter; the rest is the change's identity (key).
CHANGE_FIELDS = ("studenten", "capaciteit", "ingangsdatum", "profiel",
                 "capaciteit_onderbouwing")
_TOKENS = re.compile(r"\s+|[^\s]+")


def words_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Segments ``(op, text)`` with op ``equal``, ``delete`` or ``insert``; joined they read
    as the old text with the new words marked."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    segments: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("equal", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(("insert", "".join(b[j1:j2])))
    return [s for s in segments if s[1]]


def snapshot_diff(old: dict, new: dict) -> dict:
    """Differences between two snapshots; an empty section means that part did not change.

    Returns ``{"samenvatting": segments | None, "motivatie": [(code, segments)],
    "toegevoegd": [change], "verwijderd": [change], "gewijzigd": [(change, [(field, old,
    new)])], "leeg": bool}``.
    """
    summary = None
    if (old.get("samenvatting") or "") != (new.get("samenvatting") or ""):
        summary = words_diff(old.get("samenvatting", ""), new.get("samenvatting", ""))
    motivation = []
    old_m, new_m = old.get("motivatie", {}), new.get("motivatie", {})
    for code in list(dict.fromkeys([*old_m, *new_m])):
        if (old_m.get(code) or "") != (new_m.get(code) or ""):
            motivation.append((code, words_diff(old_m.get(code, ""), new_m.get(code, ""))))
    old_c = {c["key"]: c for c in old.get("wijzigingen", [])}
    new_c = {c["key"]: c for c in new.get("wijzigingen", [])}
    changed = []
    for key in new_c.keys() & old_c.keys():
        fields = [(f, old_c[key].get(f), new_c[key].get(f)) for f in CHANGE_FIELDS
                  if old_c[key].get(f) != new_c[key].get(f)]
        if fields:
            changed.append((new_c[key], fields))
    result = {
        "samenvatting": summary,
        "motivatie": motivation,
        "toegevoegd": [new_c[k] for k in new_c if k not in old_c],
        "verwijderd": [old_c[k] for k in old_c if k not in new_c],
        "gewijzigd": sorted(changed, key=lambda item: item[0]["label"]),
    }
    result["leeg"] = not any(result.values())
    return result
