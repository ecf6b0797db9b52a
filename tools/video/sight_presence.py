"""Presence questions about a video, judged frame by frame with the photo rules.

    finding = judge_frames(question, target, reading.sight)   # question: PresenceQuestion
    finding.first, finding.before                              # 15.0, 0.0: seen at 15 s, not at 0 s

Each frame the photo models looked at (tools/video/frame_sight.py) is judged as a photo would be
(tools/sight/presence.py ``judge``: the detector's boxes first, else the classifier's classes,
here from the stricter bar of several looks, FRAME_CLASS_YES). A time is the timestamp of a frame looked at, never finer than the sampling:
"first seen in the frame at 15.0 s, not in the one at 0.0 s" is all the frames can say.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.tools.sight.presence import Target, judge
from assistant.tools.sight.presence_question import PresenceQuestion
from assistant.tools.video.frame_sight import FRAME_CLASS_YES, VideoSight

Verdict = Literal["yes", "no", "cant_tell"]


@dataclass(frozen=True)
class FrameHit:
    timestamp: float
    how: str
    """"detector" (boxes) or "classifier" (whole-frame classes)."""
    count: int
    """Boxes in this frame (0 when only the classifier named it)."""
    scores: tuple[float, ...]
    names: tuple[str, ...]


@dataclass(frozen=True)
class VideoFinding:
    verdict: Verdict
    target: Target
    hits: tuple[FrameHit, ...] = ()
    """The frames in which it was found, in time order."""
    before: float | None = None
    """The frame looked at just before the first hit (None: the first hit is the first frame)."""

    @property
    def boxed(self) -> tuple[FrameHit, ...]:
        """The hits with detector boxes (the ones that count)."""
        return tuple(h for h in self.hits if h.how == "detector")

    @property
    def first(self) -> FrameHit | None:
        return self.hits[0] if self.hits else None


def judge_frames(question: PresenceQuestion, target: Target, sight: VideoSight) -> VideoFinding:
    """What the frames looked at say about the asked thing; "cant_tell" when neither model knows it."""
    if target.concept is None or not target.known:
        return VideoFinding("cant_tell", target)
    asked = PresenceQuestion("is_there", question.phrase)  # per frame: is it there, and how many boxes
    hits: list[FrameHit] = []
    before: float | None = None
    for i, look in enumerate(sight.looks):
        finding = judge(asked, target, look.result)
        if finding.verdict != "yes" or finding.how == "classifier" and sum(finding.scores) < FRAME_CLASS_YES:
            continue  # one frame's classifier guess needs the stricter bar of many looks
        if not hits and i > 0:
            before = sight.looks[i - 1].timestamp
        hits.append(FrameHit(look.timestamp, finding.how, finding.count, finding.scores, finding.names))
    return VideoFinding("yes" if hits else "no", target, tuple(hits), before)


__all__ = ["FrameHit", "VideoFinding", "judge_frames"]
