"""Parse the Werkagenda progress report into the shipped JSON and a parse report.

    python -m werkagenda.importer.parse SOURCE.txt \
        --json data/werkagenda/werkagenda_2025.json --report data/werkagenda/parse_report.md

`parse_text` is the entry point for code (the Django importer uses it for --source).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import corrections, kamerbrief, normalise
from .layout import COLUMNS, STATUS, VOORTGANG, WANNEER, WAT, WIE, Line, Row
from .rows import parse_rows

FORMAT_VERSION = 1
PRIORITIES = {  # names of the three priorities, as the Kamerbrief lists them
    "1": "Kansengelijkheid",
    "2": "Aansluiting onderwijs-arbeidsmarkt",
    "3": "Kwaliteit, onderzoek en innovatie",
}
ROUNDS = [
    {"code": "zomer-2024", "naam": "zomer 2024", "kolom": "Status zomer 2024", "volgorde": 1},
    # The report's last column is headed "Voortgang?"; its texts refer to the progress letter
    # "van najaar 2025" (e.g. action 1.1.9), so the round is named after that.
    {"code": "najaar-2025", "naam": "najaar 2025", "kolom": "Voortgang", "volgorde": 2},
]
ROUND_COLUMNS = {"zomer-2024": STATUS, "najaar-2025": VOORTGANG}
SOURCE_TITLE = ("Werkagenda mbo 2023-2027, voortgangsoverzicht (Wat? Wie? Wanneer? "
                "Status zomer 2024, Voortgang)")


@dataclass
class Report:
    """What the parser did and what it was unsure about, for parse_report.md."""

    source: str = ""
    sha256: str = ""
    notes: list[str] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)
    unknown_parties: list[str] = field(default_factory=list)
    joins: list[str] = field(default_factory=list)


def _cell_text(row: Row, col: int, vocab: set[str]) -> str:
    narrow = col in (WIE, WANNEER)
    paragraphs = [normalise.join_lines(p, vocab, narrow=narrow) for p in row.cells.get(col, [])]
    if narrow:
        return " ".join(paragraphs)
    return normalise.join_paragraphs(paragraphs)


def _apply_objective_texts(rows: list[Row], report: Report) -> dict[str, list[Line]]:
    texts: dict[str, list[Line]] = {}
    for objective, prefix in corrections.OBJECTIVE_TEXTS.items():
        first = next((r for r in rows if r.objective == objective), None)
        paragraphs = first.cells.get(WAT, []) if first else []
        if paragraphs and " ".join(x.text for x in paragraphs[0]).startswith(prefix) \
                and len(paragraphs) > 1:
            texts[objective] = paragraphs.pop(0)
            report.corrections.append(
                f"{objective}: first Wat paragraph '{prefix}…' is the objective's own text "
                "(corrections.OBJECTIVE_TEXTS)")
        else:
            report.corrections.append(f"NOT APPLIED: objective text {objective} '{prefix}…'")
    return texts


def _apply_moves(rows: list[Row], report: Report) -> None:
    for (objective, prefix), (target_prefix, col) in corrections.MOVES.items():
        source_row = source_col = paragraph = None
        for row in rows:
            if row.objective != objective:
                continue
            for c, paragraphs in row.cells.items():
                for p in paragraphs:
                    if " ".join(x.text for x in p).startswith(prefix):
                        source_row, source_col, paragraph = row, c, p
        target = next((r for r in rows if r.objective == objective and " ".join(
            x.text for x in r.cells.get(WAT, [[]])[0]).startswith(target_prefix)), None)
        if paragraph is None or target is None:
            report.corrections.append(f"NOT APPLIED: move '{prefix}…' → '{target_prefix}…'")
            continue
        source_row.cells[source_col].remove(paragraph)
        target.cells.setdefault(col, []).append(paragraph)
        report.corrections.append(
            f"{objective}: moved '{prefix}…' (line {paragraph[0].lineno}) from "
            f"{COLUMNS[source_col]} of the action at line {source_row.first_line} to "
            f"{COLUMNS[col]} of '{target_prefix}…' (corrections.MOVES)")


def _progress(text: str, previous: dict | None, *, continuous: bool) -> dict:
    if normalise.is_idem(text):
        category = previous["categorie"] if previous else normalise.ONBEKEND
        rule = "Idem.: ongewijzigd, categorie overgenomen uit de vorige ronde"
        return {"tekst": text, "idem": True, "categorie": category, "regel": rule}
    category, rule = normalise.status_category(text)
    if continuous and category == normalise.AFGEROND:
        # A "Doorlopend" action cannot be finished: what is done is one step of it.
        category, rule = normalise.OP_SCHEMA, f"{rule}; doorlopende actie, dus op schema"
    return {"tekst": text, "idem": False, "categorie": category, "regel": rule}


def parse_text(text: str, *, source: str = "") -> tuple[dict, Report]:
    """Parse the report text into the Werkagenda data structure and a report."""
    report = Report(source=source, sha256=hashlib.sha256(text.encode()).hexdigest())
    table = parse_rows(text)
    report.notes.extend(table.notes)
    rows = table.rows
    objective_texts = _apply_objective_texts(rows, report)
    _apply_moves(rows, report)
    for key in corrections.unused_labels():
        report.corrections.append(f"NOT APPLIED: label {key}")
    vocab = normalise.vocabulary(text)

    actions = []
    per_objective: Counter = Counter()
    for row in rows:
        per_objective[row.objective] += 1
        wie = _cell_text(row, WIE, vocab)
        wanneer = _cell_text(row, WANNEER, vocab)
        parties, unknown = normalise.parse_parties(wie)
        code = f"{row.objective}.{per_objective[row.objective]}"
        report.unknown_parties.extend(f"{code}: '{name}'" for name in unknown)
        start, end, continuous = normalise.parse_years(wanneer)
        progress, previous = [], None
        for rnd in ROUNDS:
            body = _cell_text(row, ROUND_COLUMNS[rnd["code"]], vocab)
            entry = _progress(body, previous, continuous=continuous) | {"ronde": rnd["code"]}
            progress.append(entry)
            previous = entry
        report.uncertain.extend(f"{code}: {u}" for u in row.uncertain)
        actions.append({
            "code": code,
            "doelstelling": row.objective,
            "volgorde": per_objective[row.objective],
            "wat": _cell_text(row, WAT, vocab),
            "wie_origineel": wie,
            "wie": [{"partij": c, "primair": p} for c, p in parties],
            "wanneer": wanneer,
            "startjaar": start,
            "eindjaar": end,
            "doorlopend": continuous,
            "voortgang": progress,
            "bronregel": row.first_line,
            "parser_opmerkingen": row.notes,
        })
    used = {p["partij"] for a in actions for p in a["wie"]}
    data = {
        "formaat": FORMAT_VERSION,
        "bron": {
            "titel": SOURCE_TITLE,
            "bestand": Path(source).name if source else "",
            "sha256": report.sha256,
            "toelichting": "Feiten uit een openbaar overheidsdocument (Werkagenda mbo, "
                           "voortgangsoverzicht); ingelezen met werkagenda.importer.",
        },
        "rondes": ROUNDS,
        "partijen": [
            {"code": p.code, "naam": p.naam, "volledige_naam": p.volledige_naam,
             "soort": p.soort}
            for p in normalise.PARTIES if p.code in used
        ],
        "prioriteiten": [{"nummer": int(n), "naam": PRIORITIES.get(n, f"Prioriteit {n}")}
                         for n in table.priorities],
        "doelstellingen": [
            {"code": code, "prioriteit": int(code.split(".")[0]),
             "tekst": normalise.join_lines(objective_texts[code], vocab)
             if code in objective_texts else ""}
            for code in table.objectives
        ],
        "acties": actions,
        "indicatoren": kamerbrief.INDICATORS,
    }
    return data, report


def render_report(data: dict, report: Report, review: str = "") -> str:
    """The parse report as Markdown."""
    counts = Counter(a["doelstelling"] for a in data["acties"])
    lines = [
        "# Parse report: Werkagenda mbo voortgangsoverzicht",
        "",
        f"Source: `{report.source}` (sha256 `{report.sha256[:16]}…`). Generated by "
        "`python -m werkagenda.importer.parse`; do not edit by hand (the hand check below "
        "comes from `werkagenda/importer/REVIEW.md`).",
        "",
        "## Result",
        "",
        f"- {len(data['prioriteiten'])} priorities, {len(data['doelstellingen'])} objectives, "
        f"{len(data['acties'])} actions, {len(data['partijen'])} parties, "
        f"{len(data['indicatoren'])} indicators.",
        "- Actions per objective: " + ", ".join(f"{k}: {v}" for k, v in counts.items()) + ".",
        "- Objectives with their own text: "
        + ", ".join(d["code"] for d in data["doelstellingen"] if d["tekst"]) + ".",
        "",
        "## How the table is recovered",
        "",
        "See the docstrings of `layout.py` and `labelling.py`. In short: pages (2+ blank "
        "lines) → boxes (1 blank line) → merged lines split → every box labelled with a row "
        "and column by a Viterbi search over the whole document (line widths measured in em "
        "with Helvetica metrics, lower-case starts continue a cell from the previous page, "
        "cells left mid-sentence must continue) → cells joined into text.",
        "",
        "## Explicit corrections (werkagenda/importer/corrections.py)",
        "",
        *[f"- {c}" for c in report.corrections],
        *[f"- {n}" for n in report.notes if "explicit" in n or "pinned" in n],
        "",
        "## Merged lines split by rule",
        "",
        *[f"- {n}" for n in report.notes if "explicit" not in n and "pinned" not in n],
        "",
        "## Uncertain labels (runner-up label costs less than 1.0 extra)",
        "",
        "Each was checked by hand (see below); all are correct as labelled unless the hand "
        "check says otherwise.",
        "",
        *[f"- {u}" for u in report.uncertain],
        "",
        "## Wie: names not in the party registry",
        "",
        *([f"- {u}" for u in report.unknown_parties] or ["- none"]),
        "",
        "## Status categories (keyword rules, first match wins)",
        "",
        *[f"- **{c}**: {rule}" for c, rule, _ in normalise.STATUS_RULES],
        "- **Idem.** takes the category of the previous round and is flagged `idem`.",
        "- otherwise **onbekend**.",
        "",
        "| ronde | " + " | ".join(normalise_categories()) + " |",
        "|---|" + "---|" * len(normalise_categories()),
    ]
    for rnd in data["rondes"]:
        tally = Counter(p["categorie"] for a in data["acties"] for p in a["voortgang"]
                        if p["ronde"] == rnd["code"])
        idem = sum(1 for a in data["acties"] for p in a["voortgang"]
                   if p["ronde"] == rnd["code"] and p["idem"])
        lines.append(f"| {rnd['naam']} (Idem: {idem}) | "
                     + " | ".join(str(tally[c]) for c in normalise_categories()) + " |")
    lines += ["", "## Wanneer: start and end years", "",
              "All years 2010-2039 are collected; one year is start and end unless 'e.v.', "
              "'Vanaf', 'Start' or 'Begin' leaves the end open; 'Doorlopend' is flagged.", "",
              "Actions without any year: " + (", ".join(
                  a["code"] for a in data["acties"] if a["startjaar"] is None) or "none") + ".",
              ""]
    if review:
        lines += [review.strip(), ""]
    return "\n".join(lines)


def normalise_categories() -> list[str]:
    return [normalise.OP_SCHEMA, normalise.VERTRAAGD, normalise.AFGEROND,
            normalise.NIET_GESTART, normalise.ONBEKEND]


def main(argv: list[str] | None = None) -> int:
    """Command line: parse SOURCE and write the JSON and the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--json", type=Path, required=True)
    parser.add_argument("--report", type=Path)
    args = parser.parse_args(argv)
    text = args.source.read_text(encoding="utf-8")
    data, report = parse_text(text, source=args.source.name)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.report:
        review_file = Path(__file__).with_name("REVIEW.md")
        review = review_file.read_text(encoding="utf-8") if review_file.exists() else ""
        args.report.write_text(render_report(data, report, review), encoding="utf-8")
    print(f"{len(data['acties'])} actions → {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
