"""Rebuild text lines from OCR boxes in reading order, keeping code indentation.

Engines return boxes in their own order (RapidOCR: detection order; Tesseract: words per
block). Screenshots of code and tracebacks mean something only with their indentation, so the
lines are rebuilt from geometry: boxes that overlap vertically form a row, a row reads
left-to-right, and leading spaces come from the row's x offset from the leftmost text divided
by the median character width (a monospace screen has one width for every glyph).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

Box = tuple[int, int, int, int]
"""Axis-aligned (x0, y0, x1, y1) in image pixels."""

# Two boxes share a row when they overlap by at least this share of the smaller height.
ROW_OVERLAP = 0.5
# A wide gap inside a row (a second column, a right-aligned time stamp) is kept as a few
# spaces rather than dozens.
MAX_INNER_SPACES = 8


@dataclass(frozen=True)
class RawBox:
    """One engine result: a word or a line fragment."""

    text: str
    box: Box
    confidence: float


def polygon_to_box(points: object) -> Box:
    """Bounds of a 4-point polygon ``[[x, y], ...]`` (RapidOCR's format)."""
    xs = [float(p[0]) for p in points]  # type: ignore[attr-defined, index]
    ys = [float(p[1]) for p in points]  # type: ignore[attr-defined, index]
    return (round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys)))


def char_width(boxes: list[RawBox]) -> float:
    """Pixel width of one character cell.

    Box width grows by one cell per character plus a constant (glyph side bearings for tight
    word boxes, padding for line boxes), so the slope of width over length is the cell width;
    a plain width/length ratio is off by a few percent, which is a whole space at deep indents.
    """
    pairs = [(len(b.text), b.box[2] - b.box[0]) for b in boxes if len(b.text) >= 2 and b.box[2] > b.box[0]]
    if not pairs:
        pairs = [(max(1, len(b.text)), b.box[2] - b.box[0]) for b in boxes if b.text]
    if not pairs:
        return 8.0
    ratio = statistics.median(w / n for n, w in pairs)
    if len({n for n, _ in pairs}) >= 2:
        mean_n = statistics.fmean(n for n, _ in pairs)
        mean_w = statistics.fmean(w for _, w in pairs)
        var = sum((n - mean_n) ** 2 for n, _ in pairs)
        slope = sum((n - mean_n) * (w - mean_w) for n, w in pairs) / var
        # Proportional text scatters widely; trust the slope only when it agrees with the ratio.
        if 0.75 * ratio <= slope <= 1.25 * ratio:
            return max(1.0, slope)
    return max(1.0, ratio)


def group_rows(boxes: list[RawBox]) -> list[list[RawBox]]:
    """Boxes grouped into rows by vertical overlap, rows top to bottom, each left to right."""
    rows: list[tuple[float, float, list[RawBox]]] = []
    for b in sorted(boxes, key=lambda b: ((b.box[1] + b.box[3]) / 2, b.box[0])):
        y0, y1 = b.box[1], b.box[3]
        for i, (ry0, ry1, members) in enumerate(rows):
            overlap = min(y1, ry1) - max(y0, ry0)
            smaller = max(1.0, min(y1 - y0, ry1 - ry0))
            if overlap / smaller >= ROW_OVERLAP:
                members.append(b)
                # Keep the row band as the mean band so one tall box does not swallow the next row.
                n = len(members)
                rows[i] = (ry0 + (y0 - ry0) / n, ry1 + (y1 - ry1) / n, members)
                break
        else:
            rows.append((float(y0), float(y1), [b]))
    rows.sort(key=lambda r: (r[0] + r[1]) / 2)
    return [sorted(members, key=lambda b: b.box[0]) for _, _, members in rows]


@dataclass(frozen=True)
class LayoutLine:
    text: str
    box: Box
    confidence: float


def rebuild_lines(boxes: list[RawBox]) -> list[LayoutLine]:
    """Reading-order lines with leading spaces that mirror the on-screen indentation."""
    boxes = [b for b in boxes if b.text.strip()]
    if not boxes:
        return []
    cw = char_width(boxes)
    left = min(b.box[0] for b in boxes)
    lines: list[LayoutLine] = []
    for row in group_rows(boxes):
        parts: list[str] = []
        prev_end: int | None = None
        for b in row:
            if prev_end is not None:
                gap = b.box[0] - prev_end
                # Glyph bearings widen a one-space gap to up to ~1.6 cells, hence +0.3 and floor.
                parts.append(" " * min(MAX_INNER_SPACES, max(1, int(gap / cw + 0.3))))
            parts.append(b.text.strip())
            prev_end = b.box[2]
        indent = max(0, round((row[0].box[0] - left) / cw))
        box = (
            min(b.box[0] for b in row),
            min(b.box[1] for b in row),
            max(b.box[2] for b in row),
            max(b.box[3] for b in row),
        )
        # Weight by length so one confident punctuation mark does not hide a doubtful word.
        weight = sum(len(b.text) for b in row) or 1
        conf = sum(b.confidence * len(b.text) for b in row) / weight
        lines.append(LayoutLine(" " * indent + "".join(parts), box, round(conf, 4)))
    return lines
