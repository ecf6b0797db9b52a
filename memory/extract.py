"""Rule-based detection of durable facts in what a user says, and how facts are compared.

Conservative on purpose: a missed fact costs one "remember that ..." from the user; a wrong
one pollutes every later prompt. Questions, requests and passing states ("my build is failing")
are not facts.
"""

from __future__ import annotations

import re

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+")
_QUESTION_START = re.compile(
    r"^(?:what|how|why|who|whom|whose|where|when|which|can|could|would|should|do|does|did|is|are"
    r"|was|were|will|shall|may|might|have|has|had|am)\b",
    re.IGNORECASE,
)
_REMEMBER = re.compile(
    r"^(?:(?:please|pls|also|and|oh|btw|by the way)[,\s]+)*(?:remember|note|keep in mind|don'?t forget)"
    r"(?:\s+(?:that|this))?\s*[:,]?\s+(?P<fact>.+)$",
    re.IGNORECASE,
)
_CALL_ME = re.compile(
    r"^(?:(?:please|you can|just)\s+)*call me\s+(?P<name>[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*)?)\b", re.IGNORECASE
)
_MY_NAME = re.compile(r"^my name is\s+(?P<name>[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*)?)\b", re.IGNORECASE)
_MY_THING = re.compile(
    r"^my\s+(?P<subject>[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s+(?P<verb>is|are|uses|use|runs on|runs|"
    r"is written in|is built with|is called|is named|lives in)\s+(?P<value>\S.*)$",
    re.IGNORECASE,
)
_I_STATEMENT = re.compile(
    r"^i\s+(?P<verb>prefer|like|love|hate|dislike|always use|usually use|mostly use|never use|"
    r"work at|work for|work as|work on|live in|am based in|code in|program in|speak)\s+(?P<value>\S.*)$",
    re.IGNORECASE,
)
# "my X is Y" where X or Y is about the moment, not a durable fact.
_TRANSIENT_SUBJECT = re.compile(
    r"\b(?:question|problem|issue|error|bug|output|screen|screenshot|image|picture|photo|file|code|"
    r"message|internet|connection|request|test|tests|build|laptop battery|battery)\b",
    re.IGNORECASE,
)
_TRANSIENT_VALUE = re.compile(
    r"\b(?:failing|broken|not working|down|slow|crashing|stuck|loading|done|ready|attached|above|"
    r"below|here|there|today|now|right now|at the moment|currently)\b",
    re.IGNORECASE,
)
_PREFERENCE = re.compile(
    r"^(?:(?:please|you can|just)\s+)*call me\b|^i\s+(?:prefer|like|love|hate|dislike|always use|"
    r"usually use|mostly use|never use)\b|\bmy favou?rite\b",
    re.IGNORECASE,
)
_VERSION = re.compile(r"\bv?\d+(?:[.\-_]\d+)*\b")


def _clean(sentence: str) -> str:
    return sentence.strip().strip("\"'“”").rstrip(".!;, ").strip()


def _is_question(sentence: str) -> bool:
    return sentence.rstrip().endswith("?") or bool(_QUESTION_START.match(sentence.strip()))


def extract_facts(user_text: str) -> list[str]:
    """Durable facts the user stated about themselves, in their words, in order, no repeats."""
    facts: list[str] = []
    for raw in _SENTENCE_SPLIT.split(user_text or ""):
        if not raw.strip() or _is_question(raw):
            continue
        sentence = _clean(raw)
        remember = _REMEMBER.match(sentence)
        if remember:
            fact = _clean(remember.group("fact"))
            if fact and not _is_question(fact):
                facts.append(fact[0].upper() + fact[1:])
            continue
        if _CALL_ME.match(sentence) or _MY_NAME.match(sentence) or _I_STATEMENT.match(sentence):
            facts.append(sentence[0].upper() + sentence[1:])
            continue
        thing = _MY_THING.match(sentence)
        if (
            thing
            and not _TRANSIENT_SUBJECT.search(thing.group("subject"))
            and not _TRANSIENT_VALUE.search(thing.group("value"))
        ):
            facts.append(sentence[0].upper() + sentence[1:])
    unique: dict[str, str] = {}
    for fact in facts:
        unique.setdefault(fact.lower(), fact)  # the first spelling of each fact, in order
    return list(unique.values())


def guess_kind(text: str) -> str:
    """'preference' for likes, dislikes and how to address the user; else 'fact'."""
    return "preference" if _PREFERENCE.search(text.strip()) else "fact"


def skeleton(text: str) -> str:
    """The text with numbers and versions blanked: 'uses Python 3.11' ~ 'uses Python 3.12'."""
    lowered = _VERSION.sub("#", _clean(text).lower())
    return re.sub(r"\s+", " ", lowered)


def subject_key(text: str) -> str | None:
    """What a single-valued fact is about ('name', 'my editor is'), so a new value replaces it."""
    sentence = _clean(text)
    if _CALL_ME.match(sentence) or _MY_NAME.match(sentence):
        return "name"
    thing = _MY_THING.match(sentence)
    if thing and thing.group("verb").lower() in {"is", "are", "is called", "is named", "lives in"}:
        return f"my {thing.group('subject').lower()} {thing.group('verb').lower()}"
    mine = _I_STATEMENT.match(sentence)
    if mine and mine.group("verb").lower() in {"work at", "work for", "work as", "live in", "am based in"}:
        return f"i {mine.group('verb').lower()}"
    return None


__all__ = ["extract_facts", "guess_kind", "skeleton", "subject_key"]
