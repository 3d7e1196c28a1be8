"""Label every box of the extraction with its table row and column (a Viterbi search).

A box is labelled (segment, column, starts_row): segment "cont" means the box continues the
row left unfinished on the previous page, "new" that it belongs to a row that began on this
page. The search runs over the whole document at once, because whether a cell was left
mid-sentence at the bottom of a page decides where a lower-case box at the top of the next one
belongs. The state carries that: per column, empty / closed / open / dangling.

Costs come from line widths (see `text_width`), first characters, openness of cells and a few
priors (most rows have one Status paragraph). `margins` tells how much worse the best
alternative label for each box is: small margins are reported as uncertain.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .layout import STATUS, VOORTGANG, WANNEER, WAT, WIE, Fragment

INF = float("inf")
TOP = "top"  # state between pages
EMPTY, CLOSED, OPEN, DANGLING = range(4)

FUNCTION_WORDS = {
    "de", "het", "een", "van", "over", "in", "op", "aan", "met", "voor", "en", "of", "te", "die",
    "dat", "naar", "om", "bij", "door", "tot", "als", "is", "zijn", "wordt", "worden", "hun",
}
SENTENCE_END = (".", "!", "?", ".)", ".’", ".”")

NEW_SEQUENCE = {  # allowed column steps inside a row's first page, with their cost
    (WAT, WAT): 0, (WAT, WIE): 0, (WIE, WIE): 1, (WIE, WANNEER): 0, (WIE, STATUS): 3,
    (WANNEER, WANNEER): 1, (WANNEER, STATUS): 0, (WANNEER, VOORTGANG): 2,
    # Most rows have one Status paragraph: a second box is more often Voortgang.
    (STATUS, STATUS): 0.7, (STATUS, VOORTGANG): 0, (VOORTGANG, VOORTGANG): 0,
}
ROW_START = 0.5

# Advance widths of Helvetica/Arial (per 1000 em). The report is set in a proportional face,
# so character counts are a poor measure of how full a line is; these widths are a good one.
_GLYPH = {
    " ": 278, "!": 278, '"': 355, "%": 889, "&": 667, "'": 191, "(": 333, ")": 333, "*": 389,
    "+": 584, ",": 278, "-": 333, ".": 278, "/": 278, ":": 278, ";": 278, "?": 556, "@": 1015,
    "[": 278, "]": 278, "’": 222, "‘": 222, "“": 333, "”": 333, "–": 556, "—": 1000, "•": 350,
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (
        667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778,
        722, 667, 611, 722, 667, 944, 667, 667, 611), strict=True)),
    **dict(zip("abcdefghijklmnopqrstuvwxyz", (
        556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556,
        333, 500, 278, 556, 500, 722, 500, 500, 500), strict=True)),
}
# Column capacities in em, measured on boxes whose column is certain; +-TOLERANCE of noise.
CAPACITY = {WAT: 20.4, STATUS: 19.6, VOORTGANG: 18.7}
TOLERANCE = 0.4

WANNEER_WORDS = re.compile(
    r"\b(?:\d{4}|doorlopend|voorjaar|najaar|zomer|medio|start|begin|vanaf|tranche|periode"
    r"|jaarlijks|e\.\s?v\.|cohort|studiejaar|regeling|verkenning|onderzoek)", re.IGNORECASE)
PARTY_WORDS = re.compile(
    r"\b(?:OCW|MBO|Raad|SBB|JOB|NRTO|VNG|SZW|UWV|BVMBO|scholen|gemeenten|werkgevers|partners"
    r"|partijen|bedrijfsleven|instellingen|lerarenopleid)", re.IGNORECASE)


@dataclass(frozen=True)
class Label:
    segment: str  # "cont" or "new"
    column: int
    starts_row: bool


def text_width(text: str) -> float:
    """Rendered width of a line in em (accents and unknown glyphs count as their base)."""
    total = 0
    for ch in text:
        if ch not in _GLYPH:
            ch = unicodedata.normalize("NFD", ch)[0]
        total += _GLYPH.get(ch, 556)
    return total / 1000


def cell_state(text: str, column: int) -> int:
    """Is a cell ending in this text finished, unfinished, or surely unfinished (dangling)?"""
    last = text.rstrip()
    words = last.split()
    if column == WIE:
        # Party lists often end in a stray comma; only a broken word surely continues.
        if last.endswith("-"):
            return DANGLING
        return OPEN if last.endswith(("(", "/", " en")) else CLOSED
    if column == WANNEER:  # "Doorlopend", "2023 e.v.": timing cells rarely end in a full stop
        if last.endswith("-") or words[-1].lower() in FUNCTION_WORDS:
            return DANGLING
        return CLOSED if last.endswith(".") else OPEN
    if last.endswith(("-", ",")) or (words and words[-1].lower() in FUNCTION_WORDS):
        return DANGLING
    return CLOSED if last.endswith(SENTENCE_END) else OPEN


def _bounds(fragment: Fragment) -> tuple[float, float]:
    """(lo, hi): the column is at least as wide as the longest line and narrower than any
    soft-wrapped line plus the word that moved to the next line."""
    lo = max(text_width(line.text) for line in fragment.lines)
    his = [
        text_width(f"{line.text} {nxt.text.split()[0]}")
        for line, nxt in zip(fragment.lines, fragment.lines[1:], strict=False)
        # Short lines end a paragraph inside the box; hyphens and bullets break on purpose.
        if not line.hard and not line.text.endswith("-") and nxt.text[:1] not in "•-*"
        and text_width(line.text) >= 12
    ]
    return lo, min(his, default=99.0)


def _width_cost(fragment: Fragment, col: int) -> float:
    """How far the box's line widths are from what fits the column (Wat > Status > Voortgang)."""
    lo, hi = _bounds(fragment)
    cap = CAPACITY[col]
    cost = 3 * (max(0.0, lo - (cap + TOLERANCE)) + max(0.0, (cap - TOLERANCE) - hi))
    # Lines that all stay well short of a wide column are weak evidence against it; the last
    # line of a paragraph is short by nature, so it does not count.
    if len(fragment.lines) > 1:
        body = max(text_width(line.text) for line in fragment.lines[:-1])
        if col == WAT:
            cost += 0.7 * max(0.0, 18.9 - body)
        elif col == STATUS:
            cost += 0.3 * max(0.0, 18.6 - body)
    return cost


def _narrow_content_cost(fragment: Fragment, col: int) -> float:
    """Wie cells name parties, Wanneer cells name years and periods."""
    text = fragment.text
    timing, parties = bool(WANNEER_WORDS.search(text)), bool(PARTY_WORDS.search(text))
    if col == WIE and timing and not parties:
        return 2.0
    if col == WANNEER and parties and not timing:
        return 2.0
    return 0


def emission(fragment: Fragment, col: int) -> float:
    """Cost of putting this box in this column, from the box alone."""
    if fragment.fixed is not None:
        return 0 if col == fragment.fixed else INF
    if fragment.narrow:
        if col in (WIE, WANNEER):
            return _narrow_content_cost(fragment, col)
        # A one-line scrap ("te gaan.") may also end a wide cell from the previous page.
        return 1 if len(fragment.lines) == 1 else INF
    if col in (WIE, WANNEER):
        return INF
    if fragment.is_idem:
        return {VOORTGANG: 0, STATUS: 8}.get(col, INF)
    return _width_cost(fragment, col)


def _continue_cost(fragment: Fragment, col: int, state: int) -> float:
    """First box of a column at a page top, continuing a cell left in `state` on the last page."""
    if state == EMPTY:
        return INF  # cells are top-aligned: a cell empty on the previous page has no sequel
    if fragment.starts_lower:
        return {DANGLING: 0, OPEN: 0.5}.get(state, 3)
    if col in (WIE, WANNEER):
        # Narrow cells rarely hold two paragraphs; a party list even more rarely.
        return 0.5 if state != CLOSED else (2 if col == WIE else 1)
    return 1.5 if state in (OPEN, DANGLING) else 0


def _abandon_cost(cells, touched: int) -> float:
    """Starting a row while a cell of the previous page's row was left unfinished and has not
    been continued on this page: the continuation must come first, so this is unlikely."""
    cost = 0.0
    for col, state in enumerate(cells):
        if not touched & (1 << col):
            if col in (WIE, WANNEER):  # "Doorlopend" is a whole cell: only "-" is telling
                cost += 3.0 if state == DANGLING else 0.0
            else:
                cost += {DANGLING: 3.0, OPEN: 1.0}.get(state, 0.0)
    return cost


def successors(state, fragment: Fragment):
    """Yield (next_state, cost) for labelling `fragment` after `state`."""
    seg0, c0, _, cells, touched = state
    last_text = fragment.lines[-1].text
    # 1. The box starts a new row (always in the Wat column).
    may_start = (
        not (seg0 == "new" and c0 == WAT) and not fragment.joins_previous
        and not fragment.starts_lower and fragment.fixed_segment != "cont"
        and fragment.fixed in (None, WAT)
    )
    if may_start:
        cost = (0.2 if fragment.row_break else ROW_START) + emission(fragment, WAT)
        if seg0 != TOP or any(cells):
            # Every action in the report has some progress text before the next one starts.
            cost += 0 if cells[STATUS] or cells[VOORTGANG] else 3
        if seg0 in (TOP, "cont"):
            cost += _abandon_cost(cells, touched)
        if cost < INF:
            new_cells = (cell_state(last_text, WAT), EMPTY, EMPTY, EMPTY, EMPTY)
            yield ("new", WAT, True, new_cells, 0), cost
    if fragment.force_new or fragment.fixed_segment == "new" and fragment.fixed == WAT:
        return
    # 2. The box continues the current row.
    seg1 = "new" if seg0 == "new" else "cont"
    if fragment.fixed_segment and fragment.fixed_segment != seg1:
        return
    for c1 in range(5):
        emit = emission(fragment, c1)
        if emit == INF:
            continue
        step = _step_cost(seg0, c0, c1, cells, fragment)
        if step == INF:
            continue
        new_cells = list(cells)
        new_cells[c1] = cell_state(last_text, c1)
        yield (seg1, c1, False, tuple(new_cells), touched | (1 << c1)), step + emit


def _step_cost(seg0: str, c0: int, c1: int, cells, fragment: Fragment) -> float:
    if seg0 == TOP:
        if fragment.joins_previous or fragment.row_break:
            return INF
        return _continue_cost(fragment, c1, cells[c1])
    if seg0 == "cont":
        if c1 < c0:
            return INF
        if fragment.joins_previous:
            return 0 if c1 == c0 else INF
        if fragment.row_break:
            return 0.2 if c1 == c0 else INF
        if c1 > c0:
            return _continue_cost(fragment, c1, cells[c1])
        if fragment.starts_lower:
            return 6
        return 0.7 if c1 == STATUS else 0
    # seg0 == "new"
    if fragment.joins_previous or fragment.row_break:
        return 0 if c0 == c1 else INF
    step = NEW_SEQUENCE.get((c0, c1))
    if step is None:
        return INF
    return step + (6 if fragment.starts_lower else 0)


def _page_end(state):
    seg, col, _, cells, _ = state
    if seg == "new" and col == WAT:
        return None  # a row's Wie starts on the same line as its Wat: never at a page end
    return (TOP, -1, False, cells, 0)


class LabellingError(ValueError):
    """The extraction cannot be labelled consistently (it is not this report's layout)."""


def label_fragments(pages: list[list[Fragment]]) -> tuple[list[Label], list[float]]:
    """Best labels for all boxes of all pages, and for each box the margin to its runner-up."""
    items: list[Fragment | None] = []
    for page in pages:
        items.extend(page)
        items.append(None)  # page break
    start = (TOP, -1, False, (EMPTY,) * 5, 0)
    forward: list[dict] = []
    back: list[dict] = []
    layer = {start: 0.0}
    for item in items:
        nxt: dict = {}
        pointers: dict = {}
        for state, cost in layer.items():
            steps = [(_page_end(state), 0.0)] if item is None else successors(state, item)
            for new_state, step in steps:
                if new_state is None:
                    continue
                total = cost + step
                if total < nxt.get(new_state, INF):
                    nxt[new_state] = total
                    pointers[new_state] = state
        if not nxt:
            where = f"line {item.first_line}" if item else "a page end"
            raise LabellingError(f"no consistent labelling at {where}")
        forward.append(nxt)
        back.append(pointers)
        layer = nxt
    # Backtrack the best path.
    state = min(layer, key=layer.get)
    path = []
    for pointers in reversed(back):
        path.append(state)
        state = pointers[state]
    path.reverse()
    # Backward pass for min-marginals: best total cost with a box forced to each label.
    backward: list[dict] = [dict.fromkeys(forward[-1], 0.0)]
    for index in range(len(items) - 1, 0, -1):
        item, later = items[index], backward[0]
        costs: dict = {}
        for state in forward[index - 1]:
            steps = [(_page_end(state), 0.0)] if item is None else successors(state, item)
            best = min((step + later[s] for s, step in steps if s in later), default=INF)
            costs[state] = best
        backward.insert(0, costs)
    labels, margins = [], []
    for index, item in enumerate(items):
        if item is None:
            continue
        by_label: dict[Label, float] = {}
        for state, cost in forward[index].items():
            label = Label(state[0], state[1], state[2])
            total = cost + backward[index].get(state, INF)
            by_label[label] = min(by_label.get(label, INF), total)
        chosen = path[index]
        label = Label(chosen[0], chosen[1], chosen[2])
        best = by_label[label]
        others = [c for lab, c in by_label.items() if lab != label]
        labels.append(label)
        margins.append(min(others, default=INF) - best)
    return labels, margins
