"""Sentences of a photo answer that state a count the detector contradicts.

The photo's lead already states the detector's counts ("3 people, 2 ties"); a text-only model
retelling them still writes "The photo shows a person." Such a sentence is dropped from the held
answer, so the answer on screen never says one thing in its first line and another in its second.
Only counts of labels the detector counted are judged: "a man in a suit" is not a count of people.
"""

from __future__ import annotations

import re

from assistant.number_words import NUMBER_WORDS
from assistant.presence_turn import plural

SYNONYMS = {"person": ("person", "people", "persons")}
"""Words a model uses for a detector label beside its plural."""

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z*\"'(])")
_NUMBER = r"(\d+|" + "|".join(NUMBER_WORDS) + r")"
# "two smiling people", "a single tall person"; never "of": "a group of people" counts groups
_MODIFIER = r"(?:(?!of\b)[a-z-]+\s+){0,2}?"


_DISTRIBUTIVE = re.compile(r"\b(each|every|both|all|apiece)\b", re.IGNORECASE)
""""Two men, each wearing a tie": an "a" here counts per person, not in the photo."""


def stated_counts(sentence: str, label: str) -> list[int]:
    """Each count the sentence gives for the label: "a person" -> [1], "two people" -> [2]."""
    distributive = bool(_DISTRIBUTIVE.search(sentence))
    nouns = SYNONYMS.get(label, (label, plural(label)))
    pattern = re.compile(rf"\b{_NUMBER}\s+{_MODIFIER}({'|'.join(map(re.escape, nouns))})\b", re.IGNORECASE)
    found = []
    for match in pattern.finditer(sentence):
        word = match.group(1).lower()
        if distributive and word in ("a", "an"):
            continue
        found.append(int(word) if word.isdigit() else NUMBER_WORDS[word])
    return found


_DENIES_OBJECTS = re.compile(r"\b(no|zero|not\s+(\w+\s+){0,2}any|n't\s+(\w+\s+){0,2}any)\b[^.]{0,30}\bobjects?\b",
                             re.IGNORECASE)
""""The vision tools found no objects", "does not contain any recognizable text or objects"."""


def contradicts(sentence: str, counts: dict[str, int]) -> bool:
    """The sentence gives a count for a counted label that differs from the detector's, or says
    nothing was found when something was."""
    if counts and _DENIES_OBJECTS.search(sentence):
        return True
    return any(n != counts[label] for label in counts for n in stated_counts(sentence, label))


def drop_contradictions(answer: str, counts: dict[str, int]) -> tuple[str, list[str]]:
    """The answer without its contradicting sentences, and those sentences."""
    if not counts:
        return answer, []
    kept_paragraphs: list[str] = []
    dropped: list[str] = []
    for paragraph in answer.split("\n"):
        kept: list[str] = []
        for sentence in _SENTENCE.split(paragraph):
            (dropped if contradicts(sentence, counts) else kept).append(sentence)
        if kept or not paragraph.strip():
            kept_paragraphs.append(" ".join(kept))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept_paragraphs)).strip(), dropped
