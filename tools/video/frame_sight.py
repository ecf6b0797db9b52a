"""What the photo models find in a video's sampled frames: objects per timestamp, and across frames.

    sight = look_at_frames(SightTool(), frames)   # frames: timestamp, OCR text, flat or not, PNG bytes
    sight.looks[0].result.counts                  # {"person": 4, "car": 1}
    sight.labels()["person"].first                # 0.0: the first frame looked at that had one

The frames are the ones the video reading already decoded and read by OCR; nothing is decoded
again. Only frames that look like camera footage or a rendered scene are looked at: little
OCR text and varied pixels (tools/sight/photo_or_screen.py), so a screen recording or a slide
deck costs nothing here. At most ``MAX_FRAMES`` are looked at (~0.1-0.15 s each on two cores, after
the models' one load per process), spread over the video.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from assistant.tools.errors import ToolInputError
from assistant.tools.sight.photo_or_screen import little_text
from assistant.tools.sight.presence import PART_CLASS_YES

if TYPE_CHECKING:
    from assistant.tools.sight.see import SightResult, SightTool

MAX_FRAMES = 8
"""Frames the detector and classifier look at per video, at most."""
FRAME_CLASS_YES = PART_CLASS_YES
"""A frame's classifier guess is reported from this probability: eight frames are eight guesses,
so the stricter bar of a closer look's quarters applies, not a photo's 0.3 (on vtest.avi's street,
0.3 let through "swing 0.40" and "flagpole 0.40", which the 1.5B repeated as what the video shows)."""


class SampledFrame(Protocol):
    timestamp: float
    text: str
    """What OCR read on the frame."""
    flat: bool
    """Whether a few flat colours cover most of it (photo_or_screen.is_flat)."""
    png: bytes
    """The frame as OCR read it; ``see`` reads the same bytes."""
    scene_change: bool
    """The first frame of a new scene."""


@dataclass(frozen=True)
class FrameLook:
    timestamp: float
    result: SightResult


@dataclass(frozen=True)
class LabelSpan:
    """One detector label across the frames looked at."""

    frames: int
    first: float
    most: int
    """The most boxes of this label in one frame."""
    best: float
    fewest: int = 0
    """The fewest boxes in a frame that had any."""


@dataclass
class VideoSight:
    looks: list[FrameLook]
    skipped: int
    """Sampled frames not looked at: text, a screen or a flat picture."""
    seconds: float
    min_score: float
    notes: list[str] = field(default_factory=list)

    @property
    def times(self) -> list[float]:
        return [look.timestamp for look in self.looks]

    def step(self) -> float | None:
        """The typical gap between the frames looked at (None for fewer than two)."""
        gaps = [b - a for a, b in zip(self.times, self.times[1:])]
        return statistics.median(gaps) if gaps else None

    def labels(self) -> dict[str, LabelSpan]:
        """Each detected label: in how many frames, first seen, most at once, best score."""
        spans: dict[str, LabelSpan] = {}
        for look in self.looks:
            for label, count in look.result.counts.items():
                best = look.result.best_score(label) or 0.0
                old = spans.get(label)
                spans[label] = LabelSpan(1, look.timestamp, count, best, count) if old is None else LabelSpan(
                    old.frames + 1, old.first, max(old.most, count), max(old.best, best), min(old.fewest, count))
        return spans

    def label_colours(self, label: str) -> list[str]:
        """A label's measured colours across the frames (for a person, their clothes), commonest
        first: those in at least two frames, or the commonest when the label was in one frame."""
        from collections import Counter

        measured = [look.result.colours_of(label) for look in self.looks]
        seen = Counter(c for colours in measured for c in colours)
        ranked = [c for c, n in seen.most_common() if n >= 2]
        single = sum(1 for colours in measured if colours) == 1
        return ranked or ([c for c, _ in seen.most_common(1)] if single else [])

    def main_colours(self) -> list[str]:
        """The colours covering most of the picture in at least half of the frames looked at."""
        from collections import Counter

        seen = Counter(c for look in self.looks for c in look.result.colours)
        return [c for c, n in seen.most_common() if 2 * n >= len(self.looks)]

    def class_frames(self, at_least: int = 2) -> dict[str, int]:
        """Classifier labels reported (from FRAME_CLASS_YES) in at least ``at_least`` frames: in how
        many. One frame's guess is noise; the same label again is what the footage looks like."""
        seen: dict[str, int] = {}
        for look in self.looks:
            for name, _ in self.classes(look):
                seen[name] = seen.get(name, 0) + 1
        return {name: n for name, n in sorted(seen.items(), key=lambda kv: -kv[1]) if n >= at_least}

    def classes(self, look: FrameLook) -> list[tuple[str, float]]:
        """The classifier's guesses for a frame that count as a report (from FRAME_CLASS_YES)."""
        return [(c.label, c.score) for c in look.result.classes if c.score >= FRAME_CLASS_YES]

    def summary(self) -> str:
        from assistant.prompts import render

        return render("video_sight", "summary", looked=len(self.looks), labels=list(self.labels()))

    def content_text(self) -> str:
        """The labels the models named (for the answer guard), never the evidence's explanations."""
        named = list(self.labels()) + [name for look in self.looks for name, _ in self.classes(look)]
        return "\n".join(dict.fromkeys(named))

    def intro_text(self) -> str:
        """Before the frame lines: what was seen, label by label (first seen, most in one frame)."""
        from assistant.prompts import render

        spans = [{"label": label, "frames": s.frames, "first": f"{s.first:.1f}", "most": s.most, "fewest": s.fewest,
                  "best": f"{s.best:.2f}", "colours": self.label_colours(label)} for label, s in self.labels().items()]
        step = self.step()
        return render("video_sight", "intro", looked=len(self.looks), spans=spans, step=f"{step:.1f}" if step else "",
                      colours=self.main_colours())

    def frame_text(self, timestamp: float) -> str:
        """A frame line's objects and classes; "" for a frame not looked at."""
        from assistant.prompts import render

        look = next((x for x in self.looks if abs(x.timestamp - timestamp) < 1e-6), None)
        if look is None:
            return ""
        objects = [(label, n, f"{look.result.best_score(label) or 0.0:.2f}", look.result.colours_of(label))
                   for label, n in look.result.counts.items()]
        return render("video_sight", "frame", objects=objects,
                      classes=[(name, f"{p:.2f}") for name, p in self.classes(look)])

    def limits_text(self) -> str:
        """After the summary: what was skipped, which models looked, what they cannot tell."""
        from assistant.prompts import render

        return render("video_sight", "limits", skipped=self.skipped, notes=self.notes, min_score=self.min_score,
                      class_bar=FRAME_CLASS_YES)

    def to_dict(self) -> dict[str, Any]:
        return {
            "frames": [{"timestamp": round(look.timestamp, 3), "counts": look.result.counts,
                        "objects": [{"label": d.label, "score": round(d.score, 4), "colour": d.colour}
                                    for d in look.result.objects],
                        "colours": list(look.result.colours),
                        "classes": [c.to_dict() for c in look.result.classes[:3]]} for look in self.looks],
            "labels": {label: {"frames": s.frames, "first": round(s.first, 3), "most": s.most,
                               "best": round(s.best, 4)} for label, s in self.labels().items()},
            "skipped": self.skipped, "seconds": round(self.seconds, 3), "min_score": self.min_score,
            "notes": self.notes,
        }


def looks_like_footage(frame: SampledFrame) -> bool:
    """Camera footage or a rendered scene, not a screen, a page or a slide: little OCR text and
    varied pixels, both decided from the frame."""
    return bool(frame.png) and not frame.flat and little_text([frame.text])


SCENE_WEIGHT = 2.0
"""Dropping the first frame of a scene leaves a hole this many times as bad as its length says:
it is the one frame that shows when the new picture began."""


def spread(times: list[float], k: int, scene_changes: set[int] | frozenset[int] = frozenset()) -> list[int]:
    """Indices of at most ``k`` of the sorted ``times``, keeping the first and the last and
    dropping each time the frame whose loss leaves the smallest hole (a scene's first frame,
    in ``scene_changes``, weighs SCENE_WEIGHT times its hole)."""
    keep = list(range(len(times)))

    def hole(i: int) -> float:
        gap = times[keep[i + 1]] - times[keep[i - 1]]
        return gap * SCENE_WEIGHT if keep[i] in scene_changes else gap

    while len(keep) > max(k, 2):
        del keep[min(range(1, len(keep) - 1), key=hole)]
    return keep[:k]


def look_at_frames(sight: SightTool, frames: Sequence[SampledFrame], max_frames: int = MAX_FRAMES) -> VideoSight:
    """Run ``see``'s detector and classifier on the frames that look like footage.
    EngineUnavailable (models not installed) goes to the caller; a frame too small to look at
    is left out with a note."""
    from assistant.prompts import render

    started = time.perf_counter()
    footage = sorted((f for f in frames if looks_like_footage(f)), key=lambda f: f.timestamp)
    cuts = {i for i, f in enumerate(footage) if f.scene_change}
    chosen = [footage[i] for i in spread([f.timestamp for f in footage], max_frames, cuts)]
    looks: list[FrameLook] = []
    notes: list[str] = []
    for frame in chosen:
        try:
            looks.append(FrameLook(frame.timestamp, sight.look(frame.png)))
        except ToolInputError as exc:  # a 10x10 video: one line, the reading goes on
            notes.append(render("video_sight", "frame_not_looked_at", seconds=f"{frame.timestamp:.1f}",
                                reason=str(exc)))
    return VideoSight(looks, len(frames) - len(footage), time.perf_counter() - started, sight.min_score, notes)


__all__ = ["FRAME_CLASS_YES", "MAX_FRAMES", "SCENE_WEIGHT", "FrameLook", "LabelSpan", "VideoSight", "look_at_frames", "looks_like_footage", "spread"]
