"""Whether a video is in colour or black and white, from the frames already decoded.

"Is it black and white?" about a digitised film reel: no detector or OCR says so, and the 1.5B
guessed. A frame's colourfulness is the mean spread between its brightest and dimmest channel
(0 for grey, measured on a 64x64 thumbnail): a 1906 reel's frames 0.000-0.005, colour street and
city footage 0.14-0.26. A dark frame says little either way (the Earth at night from space: 0.03
at brightness 0.04), so only frames of brightness >= MIN_BRIGHTNESS count.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

GREY_BELOW = 0.02
"""Colourfulness under which a frame is black and white (sepia toning included, ~0.01)."""
COLOUR_FROM = 0.06
"""Colourfulness from which a frame is in colour; between the two, no call is made."""
MIN_BRIGHTNESS = 0.12
MOST = 0.8
"""Share of the bright enough footage frames that must agree."""

Palette = Literal["black and white", "colour", ""]


def tone(image: Any) -> tuple[float, float]:
    """(colourfulness, brightness) of a PIL image, each 0..1."""
    import numpy as np

    pixels = np.asarray(image.convert("RGB").resize((64, 64)), dtype=np.float32) / 255
    return float((pixels.max(axis=2) - pixels.min(axis=2)).mean()), float(pixels.mean())


def palette(tones: Sequence[tuple[float, float]]) -> Palette:
    """What most bright enough frames agree on; "" when too few are bright or they disagree."""
    bright = [c for c, b in tones if b >= MIN_BRIGHTNESS]
    if len(bright) < 2:
        return ""
    if sum(c < GREY_BELOW for c in bright) >= MOST * len(bright):
        return "black and white"
    if sum(c >= COLOUR_FROM for c in bright) >= MOST * len(bright):
        return "colour"
    return ""


__all__ = ["palette", "tone"]
