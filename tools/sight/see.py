"""Sight tool: what is in a photo, from a COCO object detector and an ImageNet classifier.

    tool = SightTool()                      # models load on the first look() and stay loaded
    result = tool.look("dog.jpg")           # SightResult: objects with boxes, top-5 classes
    result.counts                           # {"dog": 1, "bicycle": 1}
    result, image = tool.look_with_image("dog.jpg")
    save_annotated(image, result, "annotated.png")   # boxes and scores drawn

The detector (YOLOv3-tiny) knows 80 COCO classes and the classifier (MobileNetV2) 1000 ImageNet
classes; anything else cannot be named by them, which the evidence text says in those words.
Images go through tools/media.py (type by bytes, size limits before decoding, EXIF rotation,
transparency onto white); the first frame of an animated image is used and a note says so.
"""

from __future__ import annotations

import io
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.tools.errors import ToolInputError
from assistant.tools.media import MAX_PIXELS, image_from_bytes, read_media_bytes
from assistant.tools.safe_path import expand, shown
from assistant.tools.sight.colours import box_colour, main_colours
from assistant.tools.sight.models import SightModels, shared_models

if TYPE_CHECKING:
    from PIL.Image import Image

DEFAULT_MIN_SCORE = 0.25  # darknet's own default threshold for `detector test`
MIN_SIDE = 16  # below this neither network has anything to look at
TOP_K = 5


@dataclass(frozen=True)
class Detection:
    label: str
    """One of the detector's 80 COCO class names ("person", "motorcycle", "dining table"...)."""
    score: float
    """Objectness x class probability, 0..1."""
    box: tuple[int, int, int, int]
    """(x0, y0, x1, y1) in pixels of the upright image."""
    colour: str = ""
    """The box's colour measured on its pixels ("black", "blue and white"; a person's clothes);
    "" when no colour covers enough of it (tools/sight/colours.py)."""

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "score": round(self.score, 4), "box": list(self.box), "colour": self.colour}


@dataclass(frozen=True)
class ClassGuess:
    label: str
    """One of the 1000 ImageNet class names."""
    score: float
    """Softmax probability over the 1000 classes."""

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "score": round(self.score, 4)}


@dataclass(frozen=True)
class SightResult:
    objects: tuple[Detection, ...]
    """Detections at or above ``min_score``, best first, after per-class NMS."""
    classes: tuple[ClassGuess, ...]
    """The classifier's top-5 for the whole image."""
    width: int
    height: int
    """Size of the upright image (after EXIF rotation), the frame the boxes refer to."""
    seconds: float
    detect_seconds: float
    classify_seconds: float
    models: tuple[str, ...]
    min_score: float
    image_sha256: str
    frames: int = 1
    """Frames in the file; only the first is looked at when this is above 1."""
    source: str | None = field(default=None, compare=False)
    colours: tuple[str, ...] = ()
    """The colours covering most of the image, commonest first (tools/sight/colours.py)."""

    @property
    def counts(self) -> dict[str, int]:
        """Objects per label, most frequent first."""
        return dict(Counter(d.label for d in self.objects).most_common())

    def best_score(self, label: str) -> float | None:
        return max((d.score for d in self.objects if d.label == label), default=None)

    def colours_of(self, label: str) -> list[str]:
        """The measured colours of this label's boxes, best box first, each once."""
        return list(dict.fromkeys(d.colour for d in self.objects if d.label == label and d.colour))

    def to_dict(self) -> dict[str, Any]:
        return {
            "objects": [d.to_dict() for d in self.objects],
            "counts": self.counts,
            "classes": [c.to_dict() for c in self.classes],
            "width": self.width,
            "height": self.height,
            "seconds": round(self.seconds, 4),
            "detect_seconds": round(self.detect_seconds, 4),
            "classify_seconds": round(self.classify_seconds, 4),
            "models": list(self.models),
            "min_score": self.min_score,
            "frames": self.frames,
            "colours": list(self.colours),
            "notes": self.notes(),
            "image_sha256": self.image_sha256,
        }

    def notes(self) -> list[str]:
        from assistant.prompts import render

        return [render("sight", "note_first_frame", frames=self.frames)] if self.frames > 1 else []

    def summary(self) -> str:
        from assistant.prompts import render

        return render(
            "sight", "summary", counts=self.counts, top=self.classes[0] if self.classes else None,
            seconds=round(self.seconds, 2),
        )

    def evidence_text(self) -> str:
        from assistant.prompts import render

        counts = [(label, n, round(self.best_score(label) or 0.0, 2), self.colours_of(label))
                  for label, n in self.counts.items()]
        return render(
            "sight", "evidence", source=self.source or "the image", width=self.width, height=self.height,
            counts=counts, classes=[(c.label, round(c.score, 2)) for c in self.classes],
            min_score=self.min_score, notes=self.notes(), colours=list(self.colours),
        )


class SightTool:
    """Looks at images with injected models (default: the process's shared pair)."""

    def __init__(
        self,
        models: SightModels | None = None,
        min_score: float = DEFAULT_MIN_SCORE,
        threads: int = 1,
        models_dir: Path | None = None,
        max_pixels: int = MAX_PIXELS,
    ) -> None:
        if not 0.0 < min_score <= 1.0:
            raise ToolInputError(f"min score must be in (0, 1], not {min_score}")
        self.models = models or shared_models(models_dir, threads)
        self.min_score = min_score
        self.max_pixels = max_pixels

    def look(self, source: str | Path | bytes, min_score: float | None = None) -> SightResult:
        """Detect and classify one image. Bad input raises ToolInputError; missing models or
        packages, EngineUnavailable (one line naming what to install)."""
        return self.look_with_image(source, min_score)[0]

    def look_with_image(
        self, source: str | Path | bytes, min_score: float | None = None
    ) -> tuple[SightResult, Image]:
        """:meth:`look`, plus the upright RGB image the boxes refer to (for draw_boxes)."""
        import numpy as np

        start = time.perf_counter()
        threshold = self.min_score if min_score is None else min_score
        if not 0.0 < threshold <= 1.0:
            raise ToolInputError(f"min score must be in (0, 1], not {threshold}")
        data, path = read_media_bytes(source)
        loaded = image_from_bytes(data, path=path, max_pixels=self.max_pixels)
        label = str(path) if path else "the given image bytes"
        if min(loaded.width, loaded.height) < MIN_SIDE:
            raise ToolInputError(
                f"{label} is {loaded.width}x{loaded.height} pixels, too small to recognise anything "
                f"(at least {MIN_SIDE}x{MIN_SIDE}); give a larger image"
            )
        self.models.apply_threads()
        rgb = np.asarray(loaded.image)
        t0 = time.perf_counter()
        raw = self.models.detector.detect(rgb, threshold)
        t1 = time.perf_counter()
        top = self.models.classifier.top(rgb, TOP_K)
        t2 = time.perf_counter()
        objects = tuple(Detection(d.label, d.score, d.box, box_colour(loaded.image, d.box, d.label)) for d in raw)
        result = SightResult(
            objects=objects,
            classes=tuple(ClassGuess(name, score) for name, score in top),
            width=loaded.width,
            height=loaded.height,
            seconds=time.perf_counter() - start,
            detect_seconds=t1 - t0,
            classify_seconds=t2 - t1,
            models=(self.models.detector.name, self.models.classifier.name),
            min_score=threshold,
            image_sha256=loaded.sha256,
            frames=_frame_count(data),
            source=label,
            colours=main_colours(loaded.image),
        )
        return result, loaded.image


def _frame_count(data: bytes) -> int:
    """Frames in an animated GIF/WebP/APNG (Pillow decodes the first by default); 1 otherwise."""
    from PIL import Image as PILImage

    try:
        with PILImage.open(io.BytesIO(data)) as im:
            return int(getattr(im, "n_frames", 1)) if getattr(im, "is_animated", False) else 1
    except (OSError, ValueError, EOFError):
        return 1  # the first frame decoded; a damaged later frame does not matter here


def draw_boxes(image: Image, result: SightResult) -> Image:
    """A copy of ``image`` with each detection's box and "label score" drawn on it."""
    from PIL import ImageDraw, ImageFont

    out = image.convert("RGB").copy()
    draw = ImageDraw.Draw(out)
    # Line and text size follow the image so boxes stay visible on 4000-px photos.
    line = max(2, round(max(out.size) / 300))
    font = ImageFont.load_default(size=max(12, round(max(out.size) / 45)))
    for d in result.objects:
        x0, y0, x1, y1 = d.box
        draw.rectangle((x0, y0, x1, y1), outline=(255, 32, 32), width=line)
        text = f"{d.label} {d.score:.2f}"
        text_w, text_h = draw.textbbox((0, 0), text, font=font)[2:]
        # The label sits above the box, or just inside it when the box touches the top edge.
        y_text = y0 - text_h - 2 * line if y0 >= text_h + 2 * line else y0
        # ...and is pulled left when a box touches the right edge, so its score stays readable.
        x_text = max(0, min(x0, out.width - text_w - 2 * line))
        draw.rectangle((x_text, y_text, x_text + text_w + 2 * line, y_text + text_h + 2 * line), fill=(255, 32, 32))
        draw.text((x_text + line, y_text + line), text, fill=(255, 255, 255), font=font)
    return out


_OUT_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}


def check_out_path(out: str | Path) -> Path:
    """Where save_annotated will write, checked up front so a bad name fails before any model runs."""
    target = expand(out)
    if target.suffix.lower() not in _OUT_FORMATS:
        raise ToolInputError(f"--out {shown(target)}: give a .png, .jpg or .webp file name")
    if not target.parent.is_dir():
        raise ToolInputError(f"--out {shown(target)}: folder {shown(target.parent)} does not exist; create it first")
    return target


def save_annotated(image: Image, result: SightResult, out: str | Path) -> Path:
    """Draw the boxes and write them to ``out`` (format from the suffix: .png, .jpg, .webp)."""
    target = check_out_path(out)
    try:
        draw_boxes(image, result).save(target, format=_OUT_FORMATS[target.suffix.lower()])
    except OSError as exc:
        raise ToolInputError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


__all__ = ["ClassGuess", "Detection", "SightResult", "SightTool", "check_out_path", "draw_boxes", "save_annotated"]
