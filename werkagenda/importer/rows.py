"""Put the labelled boxes together into table rows (one per action)."""

from __future__ import annotations

from dataclasses import dataclass

from .labelling import CLOSED, EMPTY, cell_state, label_fragments
from .layout import COLUMNS, Row, build_fragments

UNCERTAIN = 1.0  # a box whose best alternative label costs less extra than this is reported


@dataclass
class Table:
    """The parsed table: rows in order, the headings seen, and what the parser noted."""

    rows: list[Row]
    priorities: list[str]
    objectives: list[str]
    notes: list[str]


def parse_rows(text: str) -> Table:
    """Parse the whole extraction into rows with their raw cells."""
    pages, priorities, objectives, notes = build_fragments(text)
    labels, margins = label_fragments(pages)
    rows: list[Row] = []
    cells = [EMPTY] * 5
    index = 0
    for page in pages:
        seen_on_page: set[int] = set()
        for fragment in page:
            label, margin = labels[index], margins[index]
            index += 1
            if label.starts_row:
                rows.append(Row(objective=fragment.objective, first_line=fragment.first_line))
                cells = [EMPTY] * 5
            row = rows[-1]
            col = label.column
            # A page-top box that continues a cell left mid-sentence joins its last paragraph.
            # A box split at a forced line break that did not start a row stays one paragraph.
            join = fragment.joins_previous or fragment.row_break or (
                label.segment == "cont" and col not in seen_on_page
                and cells[col] not in (EMPTY, CLOSED))
            row.add(col, fragment.lines, join=join)
            row.notes.extend(fragment.notes)
            cells[col] = cell_state(fragment.lines[-1].text, col)
            seen_on_page.add(col)
            if margin < UNCERTAIN and fragment.fixed is None:
                row.uncertain.append(
                    f"r{fragment.first_line} '{fragment.text[:50]}…' read as "
                    f"{COLUMNS[col]} (margin {margin:.2f})")
    return Table(rows=rows, priorities=priorities, objectives=objectives, notes=notes)
