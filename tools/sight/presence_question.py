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

Kind = Literal["is_there", "how_many", "what_kind"]

# The asked phrase ends at a preposition of place, "or" (an either/or question is not a
# presence question), or the end of the clause.
_END = r"(?=\s+(?:in|on|at|inside|within|near|next|behind|under|above|over|among|here|there|anywhere|or|visible|" \
       r"shown|present|left|right|to|of\s+the|that|which|who)\b|\s*[?.!,;:]|\s*$)"
_PHRASE = r"(?P<phrase>[a-z][a-z'\- ]{1,40}?)"
_FRAME = r"(?:the|this|that|your|my)\s+(?:image|photo|picture|pic|photograph|shot|snapshot)"
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


__all__ = ["PresenceQuestion", "presence_question"]
