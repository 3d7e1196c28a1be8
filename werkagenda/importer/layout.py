"""Recover the table rows of the Werkagenda progress report from its PDF text extraction.

The report is a five-column table (Wat? Wie? Wanneer? Status zomer 2024, Voortgang). The
extraction writes each page as text boxes ("paragraphs", separated by a blank line) in reading
order: per table row the boxes of the Wat column, then Wie, Wanneer, Status and Voortgang.
Pages are separated by two or more blank lines. Four artefacts make this hard:

1. cells split over a page break continue at the top of the next page, again column by column;
2. boxes on one baseline are merged onto one line ("Doorlopend Mogelijkheden om ...");
3. at a page top, the end of one row's Wat cell and the start of the next row's Wat cell can
   share a box, separated only by a forced line break (a line without trailing space);
4. nothing marks which wide box is Wat, Status or Voortgang.

Merged lines are split by rules (a known "wanneer" phrase after a party list) or by an explicit
table (`corrections.LINE_SPLITS`). Each page is then labelled with a small Viterbi search:
every box gets a column and "same row / new row", under the table's order constraints, with
costs from the box's line width (the Wat column is widest, Voortgang narrowest), its first
character (lower case continues a cell from the previous page) and whether the previous page
left that cell mid-sentence. `corrections.LABELS` pins the few boxes the costs cannot decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import corrections

WAT, WIE, WANNEER, STATUS, VOORTGANG = range(5)
COLUMNS = ("wat", "wie", "wanneer", "status", "voortgang")
NARROW = 15  # the Wie and Wanneer columns hold at most ~14 characters per line

HEADER_RE = re.compile(r"^\s*Wat\?\s+Wie\?")
PRIORITEIT_RE = re.compile(r"^Prioriteit\s+(\d)\s*$")
DOELSTELLING_RE = re.compile(r"^Doelstelling\s+(\d\.\d)\s*$")
# Phrases that open a Wanneer cell; used to split "Wie Wanneer Status" merged on one line.
WANNEER_START = (
    r"(?:Doorlopend:?|(?:Begin|Start) in \d{4}|Start van|Vanaf \d{4}|Januari \d{4}|Nieuwe"
    r"|\d{4}(?:\s*[-–]\s*\d{4})?(?:\s+e\.\s?v\.)?(?:\s+en)?)"
)
WANNEER_THEN_TEXT_RE = re.compile(rf"^({WANNEER_START})\s+([A-Z‘'\"(].*)$")
WANNEER_ONLY_RE = re.compile(rf"^({WANNEER_START})$")


@dataclass
class Line:
    text: str  # without trailing whitespace
    hard: bool  # the source line had no trailing space: a forced break, not a soft wrap
    lineno: int


@dataclass
class Fragment:
    """One box (or part of a box) of the extraction, to be labelled with a row and column."""

    lines: list[Line]
    page: int
    fixed: int | None = None  # column fixed by a split rule or a correction
    fixed_segment: str | None = None  # "cont" / "new" fixed by a correction
    joins_previous: bool = False  # rest of a merged line's box: same cell, same paragraph
    row_break: bool = False  # split at a forced break in a page-top box: a row may start here
    force_new: bool = False  # first box after a Doelstelling heading
    objective: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)

    @property
    def width(self) -> int:
        return max(len(line.text) for line in self.lines)

    @property
    def narrow(self) -> bool:
        return self.width <= NARROW and not self.is_idem

    @property
    def is_idem(self) -> bool:
        return self.lines[0].text.startswith("Idem")

    @property
    def starts_lower(self) -> bool:
        first = self.lines[0].text
        return bool(first) and first[0].islower() and not first.startswith(("o.a.", "e.v."))

    @property
    def first_line(self) -> int:
        return self.lines[0].lineno


@dataclass
class Row:
    """One table row: an action, with its cells as lists of paragraphs (lists of lines)."""

    objective: str
    cells: dict[int, list[list[Line]]] = field(default_factory=dict)
    first_line: int = 0
    notes: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)

    def add(self, col: int, lines: list[Line], *, join: bool) -> None:
        paragraphs = self.cells.setdefault(col, [])
        if join and paragraphs:
            paragraphs[-1].extend(lines)
        else:
            paragraphs.append(list(lines))


@dataclass
class Layout:
    """The parsed table: rows in order, the headings seen, and everything the parser noted."""

    rows: list[Row]
    priorities: list[str]
    objectives: list[str]
    notes: list[str]


def read_pages(text: str) -> list[list[list[Line]]]:
    """Split the extraction into pages (2+ blank lines) of boxes (1 blank line) of lines."""
    pages: list[list[list[Line]]] = [[]]
    box: list[Line] = []
    blanks = 0
    for lineno, raw in enumerate(text.splitlines(), start=1):
        raw = raw.replace("\u00a0", " ")
        if not raw.strip():
            if box:
                pages[-1].append(box)
                box = []
            blanks += 1
            continue
        if blanks >= 2 and pages[-1]:
            pages.append([])
        blanks = 0
        box.append(Line(text=raw.rstrip(), hard=not raw.endswith((" ", "\t")), lineno=lineno))
    if box:
        pages[-1].append(box)
    return [page for page in pages if page]


def _split_wie_wanneer(line: Line) -> list[tuple[int, str]] | None:
    """Split "OCW, SBB 2023 Het advies ..." into Wie, Wanneer and (optional) Status parts."""
    words = line.text.split()
    for k in range(1, len(words)):
        wie = " ".join(words[:k])
        if len(wie) > NARROW or WANNEER_ONLY_RE.match(wie):
            break
        rest = " ".join(words[k:])
        if not re.match(r"^[A-Z0-9]", rest):
            continue
        if WANNEER_ONLY_RE.match(rest):
            return [(WIE, wie), (WANNEER, rest)]
        match = WANNEER_THEN_TEXT_RE.match(rest)
        if match and len(match.group(1)) <= NARROW:
            return [(WIE, wie), (WANNEER, match.group(1)), (STATUS, match.group(2))]
        # "OCW Start van" / "OCW Nieuwe": a Wanneer cell that continues on the next lines.
        first_of_rest = re.match(rf"^({WANNEER_START})\b", rest)
        if first_of_rest and len(rest) <= NARROW:
            return [(WIE, wie), (WANNEER, rest)]
    return None


def _pieces_to_fragments(pieces, line: Line, rest: list[Line], page: int, note: str):
    out = [
        Fragment(lines=[Line(text, hard=(i < len(pieces) - 1) or line.hard, lineno=line.lineno)],
                 page=page, fixed=col, notes=[note])
        for i, (col, text) in enumerate(pieces)
    ]
    if rest:
        out.append(Fragment(lines=rest, page=page, fixed=pieces[-1][0], joins_previous=True))
    for earlier, later in zip(out, out[1:], strict=False):
        # The merged pieces of one line never continue each other's paragraph.
        later.joins_previous = later.joins_previous and earlier.fixed == later.fixed
    return out


def split_box(box: list[Line], page: int, history: list[Fragment], notes: list[str]):
    """Turn one box into fragments: headings, explicit and rule-based splits of merged lines."""
    previous = history[-1] if history else None
    before = history[-2] if len(history) > 1 else None
    out: list[Fragment | tuple[str, str]] = []
    lines = list(box)
    while lines and (HEADER_RE.match(lines[0].text) or PRIORITEIT_RE.match(lines[0].text)
                     or DOELSTELLING_RE.match(lines[0].text)):
        head = lines.pop(0).text
        if m := PRIORITEIT_RE.match(head):
            out.append(("prioriteit", m.group(1)))
        elif m := DOELSTELLING_RE.match(head):
            out.append(("doelstelling", m.group(1)))
    if not lines:
        return out
    # 1. Explicit splits of lines that merge cells of several columns.
    for i, line in enumerate(lines):
        pieces = corrections.LINE_SPLITS.get(line.text)
        if pieces:
            if i:
                out.append(Fragment(lines=lines[:i], page=page))
            note = f"r{line.lineno}: explicit split of a merged line ({len(pieces)} cells)"
            notes.append(note)
            out.extend(_pieces_to_fragments(pieces, line, lines[i + 1:], page, note))
            return out
    first = lines[0]
    prev_is_narrow = previous is not None and (previous.narrow or previous.fixed == WIE)
    prev_is_wide = previous is not None and not prev_is_narrow
    # Only the box right after a Wie cell (itself after a Wat box) can open with Wanneer.
    after_wie = prev_is_narrow and previous.fixed != WANNEER and not (
        before is not None and before.narrow)
    # 2. "Doorlopend Mogelijkheden om ...": a Wanneer cell merged with the first Status line.
    if after_wie and len(first.text) > NARROW:
        match = WANNEER_THEN_TEXT_RE.match(first.text)
        if match:
            note = f"r{first.lineno}: split Wanneer '{match.group(1)}' from the Status text"
            notes.append(note)
            out.extend(_pieces_to_fragments(
                [(WANNEER, match.group(1)), (STATUS, match.group(2))], first, lines[1:], page,
                note))
            return out
    # 3. "OCW, SBB 2023 Het advies ...": Wie, Wanneer (and Status) merged after a Wat box.
    if prev_is_wide:
        pieces = _split_wie_wanneer(first)
        if pieces:
            note = f"r{first.lineno}: split merged line into " + " | ".join(
                f"{COLUMNS[c]} '{t}'" for c, t in pieces)
            notes.append(note)
            out.extend(_pieces_to_fragments(pieces, first, lines[1:], page, note))
            return out
    out.append(Fragment(lines=lines, page=page))
    return out


def _split_forced_breaks(fragment: Fragment) -> list[Fragment]:
    """Split a page-top box at forced breaks followed by a capital: a row may start there."""
    parts: list[Fragment] = []
    current: list[Line] = []
    for i, line in enumerate(fragment.lines):
        current.append(line)
        nxt = fragment.lines[i + 1] if i + 1 < len(fragment.lines) else None
        if (nxt is not None and line.hard and not line.text.endswith("-")
                and nxt.text[:1].isupper()):
            parts.append(current)
            current = []
    parts.append(current)
    if len(parts) == 1:
        return [fragment]
    out = [Fragment(lines=parts[0], page=fragment.page, fixed=fragment.fixed,
                    fixed_segment=fragment.fixed_segment, force_new=fragment.force_new)]
    out += [Fragment(lines=p, page=fragment.page, row_break=True) for p in parts[1:]]
    return out


def build_fragments(text: str):
    """Read the extraction into per-page fragments; headings are attached to the fragments."""
    notes: list[str] = []
    priorities: list[str] = []
    objectives: list[str] = []
    pages: list[list[Fragment]] = []
    objective = ""
    for page_no, page in enumerate(read_pages(text), start=1):
        fragments: list[Fragment] = []
        force_next = False
        for box in page:
            for item in split_box(box, page_no, fragments, notes):
                if isinstance(item, tuple):
                    kind, code = item
                    if kind == "prioriteit":
                        priorities.append(code)
                    else:
                        objectives.append(code)
                        objective = code
                        force_next = True
                    continue
                item.objective = objective
                item.force_new = item.force_new or force_next
                force_next = False
                fragments.append(item)
        # Forced breaks only end a row inside the page-top run of Wat continuation boxes.
        expanded: list[Fragment] = []
        in_top_run = True
        for fragment in fragments:
            if fragment.narrow or fragment.fixed is not None or fragment.force_new:
                in_top_run = False
            if in_top_run and len(fragment.lines) > 1:
                for part in _split_forced_breaks(fragment):
                    part.objective = fragment.objective
                    expanded.append(part)
            else:
                expanded.append(fragment)
        for fragment in expanded:
            label = corrections.label_for(fragment.objective, fragment.text)
            if label:
                fragment.fixed_segment, fragment.fixed = label
                notes.append(f"r{fragment.first_line}: box '{fragment.text[:40]}…' pinned to "
                             f"a {label[0]} row, column {COLUMNS[label[1]]} (corrections.LABELS)")
        if expanded:
            pages.append(expanded)
    return pages, priorities, objectives, notes
