"""A closer look at a photo: the detector at a larger input, a second classifier, and both
vision models on four overlapping quarters of it.

    closer = closer_look(SightTool(), "garden.jpg", look_for="potted plant")
    closer.base            # the usual SightResult for the whole image
    closer.large           # the detector on the whole image at 608x608 instead of 416x416
    closer.second_classes  # EfficientNet-Lite0's top-5 for the whole image
    closer.parts           # four PartReading: detections (in whole-image pixels) and top classes

YOLOv3-tiny sees a photo at 416x416, so small things (a plant by a door, a bird in the sky) get
a few pixels; the classifier names only the main subject of the whole image. Three more chances,
none with a lower bar:
- the whole image at 608x608 (darknet's larger test size for YOLOv3): twice the pixels;
- a second ImageNet classifier, trained differently (EfficientNet-Lite0), on the same crop;
- each quarter (60 % of each side, so objects on the cuts are whole in one of them), where both
  models get more pixels per object.
It costs about seven looks, so it runs only when a presence question asked for something the
first look did not find.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.tools.errors import ToolInputError
from assistant.tools.sight.see import TOP_K, ClassGuess, Detection, SightResult, SightTool

LARGE_INPUT = 608
"""The detector's input side for the whole image on a closer look (the first look uses 416; the
presence answers in prompts/presence.yaml say 608)."""

PART_FRACTION = 0.6
"""Each part spans this share of the image's width and height (the four overlap by 20 %)."""
MIN_PART_SIDE = 64
"""Smaller parts hold too few pixels for either model: the closer look is skipped."""
PARTS = ("upper left", "upper right", "lower left", "lower right")


@dataclass(frozen=True)
class PartReading:
    part: str
    """Which quarter: "upper left" ... "lower right"."""
    box: tuple[int, int, int, int]
    """The part's place in the whole image, (x0, y0, x1, y1) in pixels."""
    objects: tuple[Detection, ...]
    """Detections in the part, boxes in whole-image pixels."""
    classes: tuple[ClassGuess, ...]
    """The classifier's top-5 for the part alone."""

    def to_dict(self) -> dict[str, Any]:
        return {"part": self.part, "box": list(self.box), "objects": [d.to_dict() for d in self.objects],
                "classes": [c.to_dict() for c in self.classes]}


@dataclass(frozen=True)
class CloserLook:
    look_for: str
    base: SightResult
    parts: tuple[PartReading, ...]
    seconds: float
    large: tuple[Detection, ...] = ()
    """The detector on the whole image at LARGE_INPUT x LARGE_INPUT."""
    second_classes: tuple[ClassGuess, ...] = ()
    """The second classifier's top-5 for the whole image."""
    second_model: str = ""

    @property
    def source(self) -> str | None:
        return self.base.source

    def to_dict(self) -> dict[str, Any]:
        return {"look_for": self.look_for, **self.base.to_dict(), "parts": [p.to_dict() for p in self.parts],
                "large": [d.to_dict() for d in self.large], "large_input": LARGE_INPUT,
                "second_classes": [c.to_dict() for c in self.second_classes], "second_model": self.second_model,
                "closer_seconds": round(self.seconds, 4)}

    def summary(self) -> str:
        from assistant.prompts import render

        found = sorted({d.label for p in self.parts for d in p.objects} | {d.label for d in self.large})
        return render("presence", "closer_summary", look_for=self.look_for, found=found, base=self.base.summary(),
                      large_input=LARGE_INPUT)

    def evidence_text(self) -> str:
        from assistant.prompts import render

        parts = [(p.part, [(d.label, round(d.score, 2)) for d in p.objects],
                  [(c.label, round(c.score, 2)) for c in p.classes if c.score >= 0.05]) for p in self.parts]
        return render("presence", "closer_evidence", base=self.base.evidence_text(), look_for=self.look_for,
                      parts=parts, min_score=self.base.min_score,
                      large=[(d.label, round(d.score, 2)) for d in self.large], large_input=LARGE_INPUT,
                      second=[(c.label, round(c.score, 2)) for c in self.second_classes if c.score >= 0.05])


def part_boxes(width: int, height: int) -> list[tuple[int, int, int, int]]:
    """The four overlapping quarters of a width x height image, in PARTS order."""
    w, h = round(width * PART_FRACTION), round(height * PART_FRACTION)
    return [(x, y, x + w, y + h) for y in (0, height - h) for x in (0, width - w)]


def closer_look(tool: SightTool, source: str | Path | bytes, look_for: str = "") -> CloserLook:
    """The usual look at the whole image, then the detector at 608, the second classifier and both
    models on each quarter. Bad input raises ToolInputError as SightTool.look does; an image too
    small to cut is one line too; a missing second classifier, EngineUnavailable naming it."""
    import numpy as np

    base, image = tool.look_with_image(source)
    start = time.perf_counter()
    boxes = part_boxes(base.width, base.height)
    if min(boxes[0][2] - boxes[0][0], boxes[0][3] - boxes[0][1]) < MIN_PART_SIDE:
        raise ToolInputError(f"{base.source} is {base.width}x{base.height} pixels: too small for a closer look "
                             f"(each part would be under {MIN_PART_SIDE} pixels); the first look is all there is")
    rgb = np.asarray(image)
    models = tool.models
    large = tuple(Detection(*d) for d in models.detector.detect(rgb, base.min_score, LARGE_INPUT))
    second = models.second_classifier
    second_classes = tuple(ClassGuess(label, score) for label, score in second.top(rgb, TOP_K)) if second else ()
    parts = []
    for name, (x0, y0, x1, y1) in zip(PARTS, boxes, strict=True):
        crop = np.ascontiguousarray(rgb[y0:y1, x0:x1])
        found = models.detector.detect(crop, base.min_score)
        objects = tuple(Detection(d.label, d.score, (d.box[0] + x0, d.box[1] + y0, d.box[2] + x0, d.box[3] + y0))
                        for d in found)
        classes = tuple(ClassGuess(label, score) for label, score in models.classifier.top(crop, TOP_K))
        parts.append(PartReading(name, (x0, y0, x1, y1), objects, classes))
    return CloserLook(look_for, base, tuple(parts), time.perf_counter() - start, large, second_classes,
                      second.name if second else "")


__all__ = ["CloserLook", "PartReading", "closer_look", "part_boxes"]
