"""Geometry for the server-rendered SVG bar chart (no JavaScript): stacked horizontal bars."""
from dataclasses import dataclass

# One colour per status, readable on white and distinct for common colour-vision deficiencies.
COLOURS = {
    "op_schema": "#1a7f37", "vertraagd": "#b35900", "afgerond": "#0b5cad",
    "niet_gestart": "#7a4fa3", "onbekend": "#6e7781",
}


@dataclass
class Segment:
    key: str
    label: str
    value: int
    x: float
    width: float
    colour: str

    @property
    def text_x(self) -> float:
        return self.x + 4


@dataclass
class Bar:
    label: str
    y: float
    total: int
    segments: list[Segment]
    end_x: float


def stacked_bars(rows, categories, *, width=560, bar_height=28, gap=14, label_width=150):
    """rows: [(label, {category: count})]; categories: [(key, label)]. Returns (bars, height)."""
    largest = max((sum(counts.values()) for _, counts in rows), default=0) or 1
    scale = (width - label_width - 40) / largest
    bars = []
    for i, (label, counts) in enumerate(rows):
        x, segments = float(label_width), []
        for key, cat_label in categories:
            value = counts.get(key, 0)
            if value:
                segments.append(Segment(key, str(cat_label), value, x, value * scale,
                                        COLOURS.get(key, "#6e7781")))
                x += value * scale
        bars.append(Bar(str(label), i * (bar_height + gap) + 10, sum(counts.values()), segments,
                        x + 6))
    height = len(rows) * (bar_height + gap) + 20
    return bars, height
