"""Find where the picture changes: the scene-cut pass behind ``sample_frames(scenes=True)``.

Score = mean absolute difference of two small RGB thumbnails (64x36, area-averaged), scaled
to 0..1. Area averaging washes out noise and small motion (a cursor, a moving object) while a
cut changes most of the thumbnail. 0.08 is a little under PySceneDetect's default content
threshold (27/255 = 0.106 on HSV means) so that slide changes in screen recordings, which
keep the same background, still count.

Long spans are analysed at a reduced rate (thumbnails of at most ``max_analysed`` frames,
keyframes only past ``keyframes_only_after`` seconds); every cut found between two analysed
frames that lie more than a frame apart is then refined by decoding just that stretch, so a
cut's timestamp is exact to the frame whatever the analysis rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.tools.video.decode import VideoReader

DEFAULT_THRESHOLD = 0.08
_THUMB = (64, 36)


@dataclass(frozen=True)
class Cut:
    timestamp: float
    """Seconds of the first frame of the new scene."""
    score: float | None
    """Picture change 0..1 against the frame before; None for the first frame."""


def _thumb(frame: Any):  # type: ignore[no-untyped-def]
    import numpy as np

    small = frame.reformat(width=_THUMB[0], height=_THUMB[1], format="rgb24", interpolation="AREA")
    return small.to_ndarray().astype(np.int16)


def _score(a: Any, b: Any) -> float:
    import numpy as np

    return float(np.abs(a - b).mean() / 255.0)


def find_cuts(
    reader: VideoReader,
    start: float,
    end: float,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    min_scene: float = 0.5,
    max_analysed: int = 3000,
    keyframes_only_after: float = 1800.0,
) -> list[Cut]:
    """The first frame of [start, end] plus every frame where the picture changes."""
    fps = reader.info.fps
    span = max(0.0, end - start)
    keyframes_only = span > keyframes_only_after
    step = span / max_analysed if span * fps > max_analysed else 0.0
    frame_gap = 1.5 / fps

    cuts: list[Cut] = []
    coarse: list[tuple[float, float, float]] = []  # (previous analysed ts, ts, score) to refine
    prev: Any = None
    prev_ts = -1.0
    last_cut = -1e9
    for ts, frame in reader.sequential(start, end, keyframes_only=keyframes_only):
        if prev is not None and ts - prev_ts < step:
            continue
        thumb = _thumb(frame)
        if prev is None:
            cuts.append(Cut(ts, None))
            last_cut = ts
        else:
            score = _score(prev, thumb)
            if score >= threshold and ts - last_cut >= min_scene:
                if ts - prev_ts > frame_gap:
                    coarse.append((prev_ts, ts, score))
                else:
                    cuts.append(Cut(ts, score))
                last_cut = ts
        prev, prev_ts = thumb, ts
    for a, b, score in coarse:
        cuts.append(_refine(reader, a, b, score))
    return sorted(cuts, key=lambda c: c.timestamp)


def _refine(reader: VideoReader, a: float, b: float, coarse_score: float) -> Cut:
    """Decode every frame between two analysed frames and put the cut at the biggest change."""
    best = Cut(b, coarse_score)
    best_score = -1.0
    prev = None
    for ts, frame in reader.sequential(a, b):
        thumb = _thumb(frame)
        if prev is not None:
            score = _score(prev, thumb)
            if score > best_score:
                best, best_score = Cut(ts, max(score, coarse_score)), score
        prev = thumb
    return best
