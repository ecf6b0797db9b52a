"""The first line of an answer about a photo or a video: what the vision tools found, before the
model's words.

A text-only model shown only the detector's list tends to shrink it ("The photo shows a person."
for three people and two ties; "3 people" for a street video with 2 to 7 per frame), so the
counts are stated by the turn itself, as the error lead does for screenshots. Not for pages or
screenshots; the caller leaves it out for presence questions (answered whole from the findings)
and when the question presupposes something the tools did not find.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assistant import prompts

if TYPE_CHECKING:
    from assistant.tools.sight.see import SightResult
    from assistant.turn_input import Readings

MIN_CLASS_SCORE = 0.3
"""Below this the classifier's top label is noise (a rendered traceback reads as "nematode" 0.16);
it is left out, and a photo with neither an object nor a label gets no lead."""


def media_lead(readings: Readings) -> str:
    """One line per photo `see` read, else per video whose frames it looked at; "" for neither."""
    return photo_lead(readings) or video_lead(readings)


def photo_counts(readings: Readings) -> dict[str, int]:
    """The detector's counts for the one photo `see` read; {} for none or several (the answer's
    counts could then belong to either)."""
    found = _photos_seen(readings)
    return dict(found[0][1].counts) if len(found) == 1 else {}


def _photos_seen(readings: Readings) -> list[tuple[Path, SightResult]]:
    from assistant.tools.sight.see import SightResult
    from assistant.turn_input import is_photo

    # a page or screenshot that `see` also read (the question named an object) keeps its text focus
    return [(path, rec.result) for path, per_file in readings.items()
            if is_photo([(rec, item) for rec, item in per_file if not isinstance(rec.result, SightResult)])
            for rec, _ in per_file if isinstance(rec.result, SightResult)]  # judged on OCR, as before `see` ran


def photo_lead(readings: Readings) -> str:
    """One line per photo that `see` read, or "" when none was."""
    from assistant.presence_turn import plural

    found = _photos_seen(readings)
    lines: list[str] = []
    for path, result in found:
        top = result.classes[0] if result.classes and result.classes[0].score >= MIN_CLASS_SCORE else None
        if top is not None and not result.counts and _flat(path):
            top = None  # a terminal with a few lines read as "nematode" 0.34: a label for a photo only
        if not result.counts and top is None:
            continue  # nothing worth leading with: a note, a diagram, a screen, an unclear photo
        lines.append(prompts.render(
            "turns", "photo_lead", name=path.name if len(found) > 1 else "",
            counts=[(n, label if n == 1 else plural(label)) for label, n in result.counts.items()],
            top=top.label if top else "",
            top_score=round(top.score, 2) if top else 0.0,
        ).strip())
    return "\n".join(lines)


def video_lead(readings: Readings) -> str:
    """For a video whose footage frames the vision tools looked at: each label, in how many of
    those frames and how many per frame (the 1.5B retold vtest.avi's 2 to 7 people as "3 people"),
    and what the classifier said of two frames or more ("space shuttle in 2 of 8"). Nothing when
    neither found anything: the frames' text then speaks for itself."""
    from assistant.tools.video.reading import VideoReading

    found = [(path, rec.result.sight) for path, per_file in readings.items() for rec, _ in per_file
             if isinstance(rec.result, VideoReading) and rec.result.sight is not None]
    lines: list[str] = []
    for path, sight in found:
        spans, looks_like = sight.labels(), sight.class_frames()
        if not spans and not looks_like:
            continue
        lines.append(prompts.render(
            "turns", "video_lead", name=path.name if len(found) > 1 else "", looked=len(sight.looks),
            spans=[(label, s.frames, s.fewest, s.most, s.first)
                   for label, s in sorted(spans.items(), key=lambda kv: (-kv[1].frames, kv[1].first))],
            looks_like=list(looks_like.items()),
        ).strip())
    return "\n".join(lines)


def _flat(path: Path) -> bool:
    """A few flat colours cover most of the picture: a screen or a slide, not a photo."""
    from assistant.tools.sight.photo_or_screen import file_is_flat

    return file_is_flat(path) is True
