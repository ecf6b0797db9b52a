"""Recognise "when does X appear / when is X said" questions and pull out X.

    when_question("When does the word HELLO first appear on screen?")
    # WhenQuery(text='HELLO', source='screen')
    when_question("At what second does he say 'banana'?")
    # WhenQuery(text='banana', source='speech')
    when_question("When was Python created?")                 # None: not about a text or word

Plain text logic, no model: a question is taken only when its whole shape is known (a time
question word, the target, a verb of showing or saying, and nothing after but "on screen",
"in the video", "for the first time"...), so anything else is left to the model. An unquoted
target that starts like a description ("the error", "a dog", "it") is refused: OCR and speech
search find literal text, not things. Quote it or say "the word ..." to search for it anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Source = Literal["screen", "speech", "either"]

_LEAD = (
    r"(?:when|what time|at what (?:time|second|point|moment|minute|timestamp)|"
    r"at which (?:time|second|point|moment|minute|timestamp)|(?:what|which) (?:is the )?timestamp|"
    r"how (?:far|many seconds|many minutes|long) into (?:the|this) (?:video|clip|recording|audio|file))"
    r"(?: in (?:the|this) (?:video|clip|recording|audio|file))?"
)
_FIRST = r"(?:(?:first|initially|first ever)\s+)?"
# Verbs after the target; the group name tells where to look.
_SCREEN_ACTIVE = r"(?P<screen>appear|show up|show|pop up|get shown|get displayed|get written|become visible|flash up)"
_SPEECH_ACTIVE = r"(?P<speech>get said|get mentioned|get spoken|get pronounced|get read out)"
_EITHER_ACTIVE = r"(?P<either>come up|turn up|crop up)"
_SCREEN_PASSIVE = r"(?P<screen>shown|displayed|visible|written|on (?:the )?screen|printed)"
_SPEECH_PASSIVE = r"(?P<speech>said|spoken|mentioned|heard|pronounced|uttered|read out|talked about)"
_SPEAKER = (
    r"(?:he|she|they|someone|somebody|anyone|anybody|you|we|i|"
    r"the (?:speaker|narrator|presenter|host|man|woman|person|voice|guy|lady|teacher|lecturer))"
)
_SPEAKER_VERB = r"(?P<speech>say|mention|speak|pronounce|utter|read out|talk about|hear)"
_LOOK_VERB = r"(?P<screen>see|read|spot)"
# What may follow the verb without changing the question.
_PLACE = (
    r"(?:on|in|at|during|within|inside)\s+(?:the\s+|this\s+|that\s+)?"
    r"(?:screen|video|clip|recording|audio|file|frame|footage|slides?|display|picture|image|"
    r"sound(?:track)?|track|speech|talk|lecture|trailer|movie|film|animation|screencast|episode)"
)
_REST = rf"(?P<rest>(?:\s+(?:{_PLACE}|for the first time|first|at all|again))*)"
_END = r"\s*[?.!]*\s*$"

_PATTERNS = [
    # when does X (first) appear / show up / come up ...
    re.compile(rf"^{_LEAD}\s+(?:does|do|did|will)\s+(?P<x>.+?)\s+{_FIRST}(?:{_SCREEN_ACTIVE}|{_SPEECH_ACTIVE}|{_EITHER_ACTIVE}){_REST}{_END}", re.I),
    # when is X (first) shown / said ...
    re.compile(rf"^{_LEAD}\s+(?:is|was|are|were|does|do|did|will)\s+(?P<x>.+?)\s+{_FIRST}(?:(?:being|getting|be)\s+)?(?:{_SCREEN_PASSIVE}|{_SPEECH_PASSIVE}){_REST}{_END}", re.I),
    # when does he (first) say X / when do I hear X
    re.compile(rf"^{_LEAD}\s+(?:does|do|did|will|can|could)\s+{_SPEAKER}\s+{_FIRST}{_SPEAKER_VERB}\s+(?P<x>.+?){_REST}{_END}", re.I),
    # when can I see X / when do we read X
    re.compile(rf"^{_LEAD}\s+(?:does|do|did|will|can|could)\s+{_SPEAKER}\s+{_FIRST}{_LOOK_VERB}\s+(?P<x>.+?){_REST}{_END}", re.I),
]

_MARKER = re.compile(
    r"^(?:the\s+|a\s+)?(?:words?|text|phrase|term|name|string|caption|title|label|number|sentence|expression)\s+"
    # "the caption about rodents", "a title mentioning Paris": the word after is what to look for
    r"(?:(?:about|mentioning|containing|saying|reading|that says|that reads|which says)\s+(?:the\s+word\s+)?)?"
    r"(?P<x>.+)$",
    re.I,
)
_MARKER_AFTER = re.compile(
    r"^(?:the\s+|a\s+|an\s+)?(?P<x>[\"'\u201c\u2018`\u00ab].+[\"'\u201d\u2019`\u00bb])\s+"
    r"(?:words?|text|phrase|term|name|string|caption|title|label|heading|message|line|sign|credits?|logo)$",
    re.I,
)
"""The marker after a quoted text: "the 'Big Buck Bunny' title", "the "GAME OVER" message"."""
_PREPOSITIONS = {"for", "of", "on", "in", "at", "from", "to", "by", "with", "about", "showing"}
"""An unquoted rest after a marker word that starts with one of these describes a text ("a label
for the dog") rather than giving it."""


_QUOTES = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019", "`": "`", "\u00ab": "\u00bb"}
# An unquoted target starting with one of these describes something; OCR cannot look for it.
_DESCRIPTIVE = {
    "the", "a", "an", "this", "that", "these", "those", "my", "his", "her", "its", "our", "their",
    "your", "it", "he", "she", "they", "we", "you", "i", "something", "anything", "someone",
    "anyone", "what", "which", "who", "some", "any", "each", "every", "there", "him", "them",
}
MAX_WORDS = 8


@dataclass(frozen=True)
class WhenQuery:
    text: str
    """The literal text to look or listen for, as the user wrote it (quotes removed)."""
    source: Source
    """Where the question says to look: on screen, in the speech, or it does not say."""
    quoted: bool = field(default=False, compare=False)
    """Quoted or marked ("the word ..."): literal text for sure, not possibly a thing."""
    part: bool = field(default=False, compare=False)
    """The when-question is one clause of a longer question ("who made it, and when does 'THE END'
    come up?"): its time answers only that clause."""

    def resolved(self, has_video: bool) -> Literal["screen", "speech"]:
        """Where to search a file: as asked, else on screen for a video and speech for audio."""
        if self.source != "either":
            return self.source
        return "screen" if has_video else "speech"


def _unquote(text: str) -> tuple[str, bool]:
    text = text.strip()
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] == _QUOTES[text[0]]:
        return text[1:-1].strip(), True
    return text, False


def _target(raw: str) -> tuple[str, bool] | None:
    """The text to search for and whether it was quoted or marked, or None."""
    text, quoted = _unquote(raw)
    if not quoted and (marked_after := _MARKER_AFTER.match(text)):
        text, quoted = _unquote(marked_after.group("x"))
    if not quoted:
        marked = _MARKER.match(text)
        if marked:
            text, quoted = _unquote(marked.group("x"))
            if not quoted and text.split()[0].lower() in _PREPOSITIONS:
                return None  # "a label for the dog", "the caption with a dog": not a text to find
            quoted = True
    words = re.findall(r"[^\W_]+", text)
    if not words or len(words) > MAX_WORDS:
        return None
    if not quoted and (words[0].lower() in _DESCRIPTIVE or any(q in text for q in "\"'\u201c\u201d")):
        return None
    return text, quoted


def _source(match: re.Match[str]) -> Source:
    rest = (match.group("rest") or "").lower()
    if re.search(r"screen|frame|slide|display|picture|image", rest):
        return "screen"
    if re.search(r"audio|sound|speech|talk|lecture", rest):
        return "speech"
    groups = match.groupdict()
    if groups.get("screen"):
        return "screen"
    if groups.get("speech"):
        return "speech"
    return "either"


# Where a last clause may start: after a sentence, a semicolon or a comma (and a joining word), or "and".
_CLAUSE_START = re.compile(r"(?:[.?!;:,]\s+(?:(?:and|but|then|also|so)\s+)?|\s+and\s+)(?=\S)", re.I)


def when_question(question: str) -> WhenQuery | None:
    """The text a "when does X appear / when is X said" question asks about, or None. The
    question may also be the last clause of a longer one ("I want to trim the credits. Who made
    it, and at what time does 'THE END' come up?"); the query then says it is a ``part``."""
    text = " ".join(question.split())
    if not text or len(text) > 300:
        return None
    if (whole := _match(text)) is not None:
        return whole
    for start in _CLAUSE_START.finditer(text):
        if (query := _match(text[start.end():])) is not None:
            return WhenQuery(query.text, query.source, query.quoted, part=True)
    return None


def _match(text: str) -> WhenQuery | None:
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if match is None:
            continue
        target = _target(match.group("x"))
        if target is not None:
            return WhenQuery(target[0], _source(match), target[1])
    return None


__all__ = ["WhenQuery", "when_question"]
