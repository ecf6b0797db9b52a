"""Read again the text lines that RapidOCR's first pass reads with little confidence.

Two faults seen on real images, each fixed by reading the line's own crop with the recogniser
alone and keeping the new reading when it is more confident:

- a line too wide for the recogniser's fixed-height strip: a full-width terminal line (about 26
  times wider than tall: "TypeError: unsupported operand type(s) for +: 'int' and 'str'" in an
  864-pixel screenshot) came out as "yp,  ,r, : op  o rnrp :rr." at 0.58, while each half of
  the same crop reads perfectly. Such a line is cut at the blank gaps between words into pieces
  of at most ``PIECE_RATIO``, each read as one line, and the pieces joined with a space;
- a line in a photographed page under uneven light (scikit-image's page.png): "the o sr e  t te
  re s the" at 0.58 in the full pass, "the markers are found at the two extreme parts of the" at
  0.88 when its crop, with a margin, is read alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant.tools.ocr.layout import RawBox

if TYPE_CHECKING:
    from PIL.Image import Image

WIDE_RATIO = 20.0
"""Width over height above which a line may be squeezed too much to read."""
RETRY_BELOW = 0.9
"""Only lines read with less confidence than this are read again (most lines read fine).
RapidOCR has already dropped lines under its ``text_score`` (0.5), so lines read at 0.5-0.9 are."""
PIECE_RATIO = 12.0
"""Pieces are cut to at most this width over height."""
MARGIN = 6
WHOLE_MARGIN_Y = 1
BLANK_CONTRAST = 40
"""A column whose pixels all lie within this of the background holds no ink."""


ReadLine = Callable[["Image"], tuple[str, float]]
"""Reads an image holding one line of text: (text, confidence)."""


def reread_unsure_lines(image: Image, boxes: list[RawBox], read_line: ReadLine) -> list[RawBox]:
    """``boxes`` with each unsure line read again, whole and (when wide) in pieces, when that
    reads better."""
    out: list[RawBox] = []
    for box in boxes:
        if box.confidence >= RETRY_BELOW:
            out.append(box)
            continue
        x0, y0, x1, y1 = box.box
        wide = (x1 - x0) / max(1, y1 - y0) > WIDE_RATIO
        again = [_read_whole(image, box, read_line), _read_in_pieces(image, box, read_line) if wide else None]
        best = max((b for b in again if b is not None), key=lambda b: b.confidence, default=None)
        out.append(best if best is not None and best.confidence > box.confidence else box)
    return out


def _crop(image: Image, box: RawBox, margin_y: int = MARGIN) -> Image:
    x0, y0, x1, y1 = box.box
    return image.crop((max(0, x0 - MARGIN), max(0, y0 - margin_y),
                       min(image.width, x1 + MARGIN), min(image.height, y1 + margin_y)))


def _read_whole(image: Image, box: RawBox, read_line: ReadLine) -> RawBox | None:
    # Lines of a page sit close: a taller crop takes in strokes of the lines above and below
    # (page.png's line read 0.99 with 1 pixel above and below, 0.75 with 4, garbage with 6).
    text, score = read_line(_crop(image, box, margin_y=WHOLE_MARGIN_Y))
    return RawBox(text.strip(), box.box, score) if text.strip() else None


def _read_in_pieces(image: Image, box: RawBox, read_line: ReadLine) -> RawBox | None:
    crop = _crop(image, box)
    pieces = _pieces(crop)
    if len(pieces) < 2:
        return None
    read = [read_line(crop.crop((start, 0, end, crop.height))) for start, end in pieces]
    text = " ".join(t.strip() for t, _ in read if t.strip())
    return RawBox(text, box.box, min(score for _, score in read)) if text else None


def _pieces(crop: Image) -> list[tuple[int, int]]:
    """Cut points at blank columns, so no piece is wider than PIECE_RATIO times the height."""
    import numpy as np

    gray = np.asarray(crop.convert("L"), dtype=np.int16)
    background = int(np.median(np.concatenate([gray[0], gray[-1]])))
    ink = np.abs(gray - background) >= BLANK_CONTRAST
    blank = [not bool(ink[:, x].any()) for x in range(gray.shape[1])]
    width, limit = gray.shape[1], int(PIECE_RATIO * gray.shape[0])
    # A gap between words is wider than the hairline between two letters of one word.
    min_gap = max(3, gray.shape[0] // 6)
    centres: list[int] = []
    run = 0
    for x, empty in enumerate(blank):
        run = run + 1 if empty else 0
        if run and (x + 1 == width or not blank[x + 1]) and run >= min_gap:
            centres.append(x - run // 2)
    cuts: list[tuple[int, int]] = []
    start = 0
    while width - start > limit:
        gaps = [x for x in centres if start + limit // 2 <= x < start + limit]
        if not gaps:
            return [(0, width)]  # no gap between words: leave the line as it was read
        cuts.append((start, gaps[-1]))
        start = gaps[-1]
    return [*cuts, (start, width)]
