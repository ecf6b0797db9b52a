"""Does a picture show the world (a photo, camera footage) or a screen, a page, a slide?

    little_text(["STOP"])          # True: a photo may hold a sign; a screenshot or scan holds more
    is_flat(frame_image)           # True: most pixels share a few colours (a slide, a UI, a title card)
    file_is_flat("note.png")       # the same for a file; None when it cannot be read

Decided from the picture itself, never from a file name. Photo attachments use the text rule
(assistant/turn_input.py ``is_photo``): when OCR found little text, the vision tools look too.
Video frames use both rules (tools/video/frame_sight.py): a frame the detector could say
something about has little text *and* the varied pixels of a camera or a rendered scene.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

PHOTO_TEXT_LINES = 5
PHOTO_TEXT_CHARS = 200
"""A picture whose OCR found fewer lines or fewer letters and digits than these is looked at by
the vision tools too: a photo may hold a sign or a bus advert, a screenshot or scan holds more."""

FLAT_SHARE = 0.6
"""A frame whose three commonest colours cover this share of a small thumbnail is flat. Measured
on the sampled frames of the test videos: camera footage (opencv-doc's vtest.avi, Megamind.avi)
0.07-0.47, the Big Buck Bunny trailer's rendered scenes 0.03-0.32, its black title card 0.99,
the solid-colour test clip 0.92-1.0."""
_THUMB = (96, 54)
_LEVELS = 32  # colours within 8 levels per channel count as one (compression noise)


def little_text(texts: Iterable[str]) -> bool:
    """Whether OCR found little text: fewer lines or letters and digits than a page holds."""
    texts = list(texts)
    lines = sum(1 for text in texts for line in text.splitlines() if line.strip())
    chars = sum(ch.isalnum() for text in texts for ch in text)
    return lines < PHOTO_TEXT_LINES or chars < PHOTO_TEXT_CHARS


def is_flat(image: Image) -> bool:
    """Whether a few flat colours cover most of the picture (screens, slides, title cards)."""
    import numpy as np
    from PIL import Image as PILImage

    small = np.asarray(image.convert("RGB").resize(_THUMB, PILImage.Resampling.BOX)) // (256 // _LEVELS)
    keys = (small[..., 0].astype(np.int32) * _LEVELS + small[..., 1]) * _LEVELS + small[..., 2]
    counts = np.bincount(keys.ravel(), minlength=_LEVELS**3)
    return float(np.sort(counts)[-3:].sum()) / keys.size >= FLAT_SHARE


def file_is_flat(path: str | Path) -> bool | None:
    """``is_flat`` for an image file; None when the file cannot be read as an image."""
    from PIL import Image as PILImage

    try:
        with PILImage.open(path) as image:
            return is_flat(image)
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return None


__all__ = ["FLAT_SHARE", "PHOTO_TEXT_CHARS", "PHOTO_TEXT_LINES", "file_is_flat", "is_flat", "little_text"]
