"""Re-read the text lines that RapidOCR's recogniser garbles because they are too wide.

The PP-OCR recogniser squeezes each detected line into a fixed-height strip; a full-width
terminal line (about 26 times wider than tall: "TypeError: unsupported operand type(s) for +:
'int' and 'str'" in an 864-pixel screenshot) comes out as "yp,  ,r, : op  o rnrp :rr." at
confidence 0.58, while each half of the same crop reads perfectly. Tracebacks put the one line
that matters, the error, last and often widest, so such a line is cut at the blank gaps between
words into pieces of at most ``PIECE_RATIO``, each read again as one line (recogniser only), and
the pieces joined with a space replace the line when they read with more confidence.
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
"""Only lines read with less confidence than this are read again (most wide lines read fine).
RapidOCR has already dropped lines under its ``text_score`` (0.5), so lines read at 0.5-0.9 are."""
PIECE_RATIO = 12.0
"""Pieces are cut to at most this width over height."""
MARGIN = 6
BLANK_CONTRAST = 40
"""A column whose pixels all lie within this of the background holds no ink."""


ReadLine = Callable[["Image"], tuple[str, float]]
"""Reads an image holding one line of text: (text, confidence)."""


def reread_wide_lines(image: Image, boxes: list[RawBox], read_line: ReadLine) -> list[RawBox]:
    """``boxes`` with each garbled wide line read again in pieces, when the pieces read better."""
    out: list[RawBox] = []
    for box in boxes:
        x0, y0, x1, y1 = box.box
        height = max(1, y1 - y0)
        if (x1 - x0) / height <= WIDE_RATIO or box.confidence >= RETRY_BELOW:
            out.append(box)
            continue
        again = _read_in_pieces(image, box, read_line)
        out.append(again if again is not None and again.confidence > box.confidence else box)
    return out


def _read_in_pieces(image: Image, box: RawBox, read_line: ReadLine) -> RawBox | None:
    x0, y0, x1, y1 = box.box
    crop = image.crop((max(0, x0 - MARGIN), max(0, y0 - MARGIN),
                       min(image.width, x1 + MARGIN), min(image.height, y1 + MARGIN)))
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
