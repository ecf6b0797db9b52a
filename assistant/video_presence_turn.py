"""Presence questions about one attached video, answered from the photo models' look at its frames.

"Is there a car in this video?", "how many people are in it?", "when does a person first
appear?" asked of a video whose sampled frames the `see` models looked at while it was read
(tools/video/frame_sight.py): the answer says in which frames looked at the thing was found,
the most boxes in one frame, and the first frame with it and the one before it, worded from
prompts/video_sight.yaml. As for photos (presence_turn.py), a model that cannot see is not
asked. A thing neither model can name, or "what kind of ...", is left to the model with the
evidence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant import prompts
from assistant.presence_turn import scored_classes, target_names, vocabulary_or_none
from assistant.tools.video.sight_presence import VideoFinding, judge_frames

if TYPE_CHECKING:
    from assistant.attachments import Attachment
    from assistant.settings import SightSettings
    from assistant.tools.sight.presence_question import PresenceQuestion
    from assistant.tools.video.frame_sight import VideoSight
    from assistant.turn_input import Readings


def video_sight(attachments: list[Attachment], readings: Readings) -> tuple[Attachment, VideoSight] | None:
    """The one attachment, when it is a video whose frames the photo models looked at."""
    if len(attachments) != 1 or attachments[0].kind != "video":
        return None
    att = attachments[0]
    for record, _ in readings.get(att.path, []):
        sight = getattr(record.result, "sight", None) if record.ok and record.name == "video_frames" else None
        if sight is not None and sight.looks:
            return att, sight
    return None


def answer_video_presence(question: PresenceQuestion, attachments: list[Attachment], readings: Readings,
                          sight_settings: SightSettings) -> str:
    """The answer from the frames, or "" when the model should answer."""
    found = video_sight(attachments, readings)
    if found is None or question.kind == "what_kind":
        return ""
    vocab = vocabulary_or_none(sight_settings.models_dir, sight_settings.threads)
    target = vocab.target(question) if vocab is not None else None
    if target is None:
        return ""
    att, sight = found
    finding = judge_frames(question, target, sight)
    return "" if finding.verdict == "cant_tell" else wording(question, finding, sight, att.name)


def _seconds(value: float) -> str:
    return f"{value:.1f}"


def wording(question: PresenceQuestion, finding: VideoFinding, sight: VideoSight, name: str) -> str:
    step = sight.step()
    looked_at = prompts.render("video_sight", "looked_at", looked=len(sight.looks), name=name,
                               times=[_seconds(t) for t in sight.times], step=_seconds(step) if step else "")
    names = {**target_names(question, finding.target, name), "looked": len(sight.looks), "looked_at": looked_at}
    first, boxed = finding.first, finding.boxed
    if first is None:
        text = prompts.render("video_sight", "not_detected", **names)
    elif question.kind == "first_seen":
        before = _seconds(finding.before) if finding.before is not None else None
        if first.how == "detector":
            text = prompts.render("video_sight", "first_seen", first=_seconds(first.timestamp), before=before,
                                  scores=[f"{s:.2f}" for s in first.scores], **names)
        else:
            text = prompts.render("video_sight", "first_seen_classifier", first=_seconds(first.timestamp),
                                  before=before, classes=scored_classes(first.names, first.scores), **names)
    elif not boxed:  # only the classifier named it: no count, no boxes
        text = prompts.render("video_sight", "yes_classifier", first=_seconds(first.timestamp),
                              classes=scored_classes(first.names, first.scores), **names)
    elif question.kind == "how_many":
        text = prompts.render("video_sight", "count", most=max(h.count for h in boxed),
                              per_frame=[(_seconds(h.timestamp), h.count) for h in boxed],
                              unseen=len(sight.looks) - len(boxed), **names)
    else:
        text = prompts.render("video_sight", "found", seen=len(boxed), first=_seconds(boxed[0].timestamp),
                              most=max(h.count for h in boxed), best=f"{max(max(h.scores) for h in boxed):.2f}",
                              **names)
    return " ".join(text.split())


__all__ = ["answer_video_presence", "video_sight", "wording"]
