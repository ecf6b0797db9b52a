"""Colour names measured on pixels: of a whole picture, of a detected object, of a person's clothes.

    colour_shares(image)                   # [("grey", 0.53), ("black", 0.2), ...], best first
    box_colour(image, (x0, y0, x1, y1))    # "black": the middle of a detected car
    box_colour(image, box, "person")       # "red": the upper body below the face (clothes)
    main_colours(image)                    # ("grey", "black"): what covers most of the picture

No offline model here names colours (the detector and classifier know objects), so each pixel of a
small thumbnail gets one of eleven everyday names from its hue, saturation and brightness, and a
region is named by what covers most of it. Lighting shifts colours (a red polo under warm indoor
light sits at hue 354-10, skin at 15-20), so the bands are wide and a region with no clear winner
gets no name. Measured on the project's photos: the black car by the pines "black" (0.66), the
Madrid bus "blue" (0.56), the suits in zidane.jpg "black" (0.63-0.94), the beige teddy coat in
bus.jpg "beige", a red polo in a webcam clip "red".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL.Image import Image

THUMB = 48
"""Side of the thumbnail a region is resized to: enough pixels for shares, cheap (~1 ms)."""
NAMED_FROM = 0.4
"""A region is named by its commonest colour from this share..."""
TWO_FROM = 0.3
"""...or by its two commonest ("blue and white") when both reach this share."""
MAIN_FROM = 0.2
"""A colour counts among a whole picture's main colours from this share."""

# Hue bands in degrees, each (upper bound, name); red wraps around 0.
_HUES = ((12, "red"), (45, "orange"), (68, "yellow"), (170, "green"), (260, "blue"), (290, "purple"),
         (345, "pink"), (360, "red"))


def _pixel_names(image: Image) -> list[str]:
    """One colour name per pixel of a THUMB x THUMB thumbnail."""
    import numpy as np

    hsv = np.asarray(image.resize((THUMB, THUMB)).convert("RGB").convert("HSV"), dtype=np.float32) / 255
    return [str(n) for n in _names(hsv[..., 0].ravel() * 360, hsv[..., 1].ravel(), hsv[..., 2].ravel())]


def _names(hue: Any, sat: Any, val: Any) -> Any:
    """The everyday names of arrays of colours (hue in degrees, saturation and brightness 0..1),
    vectorised: a frame's boxes are named in a few milliseconds."""
    import numpy as np

    bands = np.array([upper for upper, _ in _HUES], dtype=np.float32)
    names = np.array([n for _, n in _HUES], dtype=object)[np.minimum(np.searchsorted(bands, hue % 360, side="right"),
                                                                      len(bands) - 1)]
    warm = (names == "orange") | (names == "yellow")
    dark_warm = warm & (val < np.where(names == "orange", 0.55, 0.45))
    names = np.where(dark_warm, "brown", np.where(warm & (sat < 0.45), "beige", names))  # beige: sand, cream, skin
    names = np.where((names == "red") & (sat < 0.45) & (val > 0.75), "pink", names)
    grey = (sat < 0.15) | ((sat < 0.25) & (val < 0.35))
    names = np.where(grey, np.where(val > 0.75, "white", "grey"), names)
    return np.where(val < 0.2, "black", names)


def name_of(hue: float, sat: float, val: float) -> str:
    """The everyday name of one colour (hue in degrees, saturation and brightness 0..1)."""
    import numpy as np

    return str(_names(np.array([hue]), np.array([sat]), np.array([val]))[0])


def colour_shares(image: Image) -> list[tuple[str, float]]:
    """Each colour name's share of the picture, best first (shares under 0.05 left out)."""
    from collections import Counter

    names = _pixel_names(image)
    counts = Counter(names)
    return [(name, round(n / len(names), 2)) for name, n in counts.most_common() if n / len(names) >= 0.05]


def region_name(shares: list[tuple[str, float]]) -> str:
    """"black", "blue and white", or "" when no colour covers enough of the region."""
    if len(shares) >= 2 and shares[0][1] >= TWO_FROM and shares[1][1] >= TWO_FROM:
        return f"{shares[0][0]} and {shares[1][0]}"
    return shares[0][0] if shares and shares[0][1] >= NAMED_FROM else ""


def _crop_box(box: tuple[int, int, int, int], label: str, height: int) -> tuple[int, int, int, int]:
    """The part of a detection's box whose colour is the object's: the middle half for most things
    (the box's edges are background); for a person, the upper body below the face (the clothes).
    A person cut off by the frame's bottom edge (a webcam shot) shows the chest lower in the box."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if label == "person":
        top, bottom = (0.6, 0.95) if y1 >= height - 2 and h < 2.2 * w else (0.3, 0.55)
        return (round(x0 + 0.3 * w), round(y0 + top * h), round(x1 - 0.3 * w), round(y0 + bottom * h))
    return (round(x0 + 0.25 * w), round(y0 + 0.25 * h), round(x1 - 0.25 * w), round(y1 - 0.25 * h))


def box_colour(image: Image, box: tuple[int, int, int, int], label: str = "") -> str:
    """The colour name of a detected object (for a person, their clothes); "" when unclear."""
    crop = _crop_box(box, label, image.height)
    if crop[2] - crop[0] < 2 or crop[3] - crop[1] < 2:
        return ""
    return region_name(colour_shares(image.crop(crop)))


def main_colours(image: Image) -> tuple[str, ...]:
    """The colours that each cover at least MAIN_FROM of the picture, commonest first."""
    return tuple(name for name, share in colour_shares(image) if share >= MAIN_FROM)


__all__ = ["box_colour", "colour_shares", "main_colours", "name_of", "region_name"]
