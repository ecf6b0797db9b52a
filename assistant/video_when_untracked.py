""""When does he raise his hand?" about a video: an event no tool here can find, said so.

The tools find text on screen (find_when), speech (the transcript's timestamps), the 80 kinds of
objects the detector knows (video_presence_turn.py) and where the picture cuts. A "when" question
about anything else (a gesture, a cartoon character, a mood) left to the 1.5B got a confident,
wrong time: the first frame with a person in it. Instead the answer says it cannot be told, and
gives the times the picture cuts, where a new thing most often comes into view.

Left to the others: a question whose words are on screen or in the speech (the model, with the
readings), a quoted word (find_when), a thing the detector knows ("when does the guy show up?")
and questions about the file ("when was this recorded?").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from assistant import prompts
from assistant.object_words import object_in, text_when_question
from assistant.provenance import content_words, words
from assistant.tools.sight.presence_question import first_seen_question

if TYPE_CHECKING:
    from assistant.attachments import Attachment
    from assistant.tool_calls import ToolCall

_WHEN = re.compile(r"^\s*(?:so\s+|and\s+|ok(?:ay)?,?\s+)?(?:when\b|at what (?:point|time|moment|second)\b|"
                   r"how (?:many seconds|far|long) (?:in|into)\b|at which (?:point|moment|second)\b)", re.IGNORECASE)
_ABOUT_THE_FILE = re.compile(r"\b(recorded|filmed|shot|made|taken|uploaded|published|created|released)\b", re.IGNORECASE)
_ASKING = frozenset("when point time moment second seconds first show shows showing up appear appears clip video "
                    "footage recording happen happens does do did come comes into view".split())


def untracked_when_answer(question: str, attachment: Attachment, done: list[tuple[ToolCall, Any]]) -> str:
    """The "cannot tell" answer, or "" when the question is not such a one (the model answers)."""
    if attachment.kind != "video" or not _WHEN.search(question) or _ABOUT_THE_FILE.search(question):
        return ""
    if text_when_question(question) is not None:
        return ""
    thing = first_seen_question(question)
    if thing is not None and object_in(thing.phrase) is not None:
        return ""  # "when does the guy show up?": a person, which the detector finds (video_presence_turn.py)
    reading = next((call.result for call, _ in done if call.ok and call.name == "video_frames"), None)
    if reading is None:
        return ""
    asked = [w for w in content_words(question) if w not in _ASKING]
    transcript = getattr(reading, "transcript", None)
    found = set(words(" ".join(f.text for f in reading.frames) + " " + str(getattr(transcript, "text", "") or "")))
    if not asked or any(w in found for w in asked):
        return ""  # its words are on screen or spoken: the readings may hold the answer
    cuts = [f"{f.timestamp:.1f}" for f in reading.frames if f.scene_change and f.timestamp > 0.05]
    return " ".join(prompts.render("video_sight", "when_untracked", name=attachment.name, cuts=cuts).split())


__all__ = ["untracked_when_answer"]
