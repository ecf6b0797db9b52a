"""Presence questions about a photo: "is there a dog?", "how many people?", "what animal is this?".

    presence_question("Are there any cars in the picture?")   # PresenceQuestion("is_there", "cars")
    presence_question("How many people are there?")           # PresenceQuestion("how_many", "people")
    presence_question("What kind of animal is this?")         # PresenceQuestion("what_kind", "animal")
    presence_question("Describe the dog")                     # None: not a presence question

Only the question's form is read here (a regex and label_words' NOT_OBJECTS, nothing loaded): the turn plan
calls it for every question with an attachment. Which labels the asked phrase means is decided
after the vision tools ran (tools/sight/presence.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.tools.sight.label_words import NOT_OBJECTS

Kind = Literal["is_there", "how_many", "what_kind", "first_seen"]

# The asked phrase ends at a preposition of place, "or" (an either/or question is not a
# presence question), or the end of the clause.
_END = r"(?=\s+(?:in|on|at|inside|within|near|next|behind|under|above|over|among|here|there|anywhere|or|visible|" \
       r"shown|present|left|right|to|of\s+the|that|which|who)\b|\s*[?.!,;:]|\s*$)"
_PHRASE = r"(?P<phrase>[a-z][a-z'\- ]{1,40}?)"
_FRAME = r"(?:the|this|that|your|my)\s+(?:image|photo|picture|pic|photograph|shot|snapshot|video|clip|footage)"
_IS_THERE = re.compile(
    r"^\s*(?:(?:so|and|but|ok|okay|hey|please|tell me)[,\s]+)*"
    rf"(?:(?:is|are)\s+there|do\s+you\s+see|can\s+you\s+see|do\s+i\s+see|can\s+i\s+see|could\s+you\s+see|"
    rf"does\s+(?:it|{_FRAME})\s+(?:show|contain|have|include|feature)|do(?:es)?\s+{_FRAME}s?\s+(?:show|contain|have))\s+"
    rf"(?:(?:a|an|any|some|one|more than one|several|many|multiple)\s+)?{_PHRASE}{_END}"
    # "Is this a cat?" needs its article: "is it raining?" asks no such thing.
    rf"|^\s*(?:is|was)\s+(?:this|that|it)\s+(?:a|an)\s+{_PHRASE.replace('phrase', 'this_phrase')}{_END}",
    re.IGNORECASE,
)
_HOW_MANY = re.compile(rf"\bhow\s+many\s+{_PHRASE}(?=\s+(?:are|is|do|does|can|could|were|have|in|on|at|there|"
                       r"you|i)\b|\s*[?.!,]|\s*$)", re.IGNORECASE)
_WHAT_KIND = re.compile(
    r"\b(?:what|which)\s+(?:(?:kind|type|sort|breed|species)s?\s+of\s+)?(?P<phrase>[a-z]+)\s+"
    r"(?:is|are|do|does|can|could)\s+(?:this|that|it|these|those|there|in|on|shown|visible|you)\b",
    re.IGNORECASE,
)
_QUALITY = re.compile(r"^(?:good|bad|nice|real|fake|clear|blurry|sharp|new|old|recent|copy|close|same)\b", re.IGNORECASE)


@dataclass(frozen=True)
class PresenceQuestion:
    kind: Kind
    phrase: str
    """The object or group as asked ("cars", "people", "animal"), lower case."""


# "When does a person first appear?", "at what time is the dog first seen?", "when do we first see
# a car?": a thing, not a text (a quoted word or "the word X" is when_question's, found by OCR).
_WHEN = r"^\s*(?:when|at what (?:time|second|point|moment)|at which (?:time|second|point|moment))\s+"
_SOME = r"(?:(?:a|an|the|any|some)\s+)?"
_THING = r"([a-z][a-z\- ]{1,40}?)"  # the only capturing group of each alternative
_AFTER = (r"(?:\s+(?:in|on|into)\s+(?:the|this)\s+(?:video|clip|footage|recording|trailer|movie|film|frame|picture|"
          r"scene|view))?\s*[?.!]*\s*$")
_FIRST_SEEN = re.compile(
    rf"{_WHEN}(?:does|do|did|will)\s+{_SOME}{_THING}\s+(?:first\s+)?(?:appear|show up|turn up|"
    r"enter(?:\s+the\s+(?:frame|picture|scene|view))?|"
    rf"come into (?:view|the picture|the frame)|become visible|get seen){_AFTER}"
    rf"|{_WHEN}(?:is|are|was|were)\s+{_SOME}{_THING}\s+(?:first\s+)?(?:seen|visible|shown){_AFTER}"
    rf"|{_WHEN}(?:is|was)\s+there\s+(?:first\s+)?{_SOME}{_THING}{_AFTER}"
    rf"|{_WHEN}(?:can|do|did)\s+(?:i|you|we)\s+(?:first\s+)?see\s+{_SOME}{_THING}{_AFTER}",
    re.IGNORECASE,
)


def presence_question(text: str) -> PresenceQuestion | None:
    """The presence question ``text`` asks, or None. Only the first sentence with a question counts."""
    for kind, pattern in (("how_many", _HOW_MANY), ("what_kind", _WHAT_KIND), ("is_there", _IS_THERE)):
        match = pattern.search(text)
        if match is None:
            continue
        if re.match(r"\s+or\b", text[match.end():], re.IGNORECASE):
            return None  # "is it a dog or a cat?" is a choice, not a presence question
        raw = match.groupdict().get("phrase") or match.group("this_phrase")
        phrase = " ".join(raw.lower().split())
        words = phrase.split()
        if not words or _QUALITY.match(phrase) or any(w.strip("'") in NOT_OBJECTS for w in words):
            return None
        return PresenceQuestion(kind, phrase)  # type: ignore[arg-type]
    return None


def first_seen_question(text: str) -> PresenceQuestion | None:
    """"When does a person first appear?" about a video, as ``PresenceQuestion("first_seen",
    "person")``; None for anything else."""
    match = _FIRST_SEEN.match(text)
    if match is None:
        return None
    phrase = " ".join(next(g for g in match.groups() if g).lower().split())
    if _QUALITY.match(phrase) or any(w in NOT_OBJECTS for w in phrase.split()):
        return None
    return PresenceQuestion("first_seen", phrase)


__all__ = ["PresenceQuestion", "first_seen_question", "presence_question"]
