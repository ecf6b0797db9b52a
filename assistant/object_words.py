"""Physical-object nouns in questions and answers, read with tools/sight/label_words.py's tables.

Words are reduced to concept words there ("puppies" -> dog, "women" -> person); whether the photo
tools reported a concept, and whether the detector could have, is decided by the presence
module's vocabulary and judge (tools/sight/presence.py), the same test "is there a dog?" answers with.
"""

from __future__ import annotations

import functools
import re

from assistant.tools.sight.label_words import (
    AMBIGUOUS_OBJECTS,
    COCO_NAMES,
    NOT_OBJECTS,
    OTHER_OBJECTS,
    normal,
    words,
)
from assistant.tools.sight.presence import Target
from assistant.tools.when.question import WhenQuery, when_question

_COCO = frozenset(COCO_NAMES)
_SKIPPED = AMBIGUOUS_OBJECTS | NOT_OBJECTS
_ABOUT_TEXT = re.compile(
    r"\b(text|scan(ned)?|written|wording|words?|sentences?|paragraphs?|mention(s|ed)?|named|quoted?|spell(s|ed)?|"
    r"say|says|printed|caption|(?<!stop )signs?|signposts?|signboards?|name of|titled?|labels?|labell?ed|read|reads|"
    r"wrote|authors?|who\s+(is\s+it\s+)?by)\b",
    re.IGNORECASE)


def object_in(question: str) -> str | None:
    """The first physical object the question names, as a concept word; None when it names none.
    "What is the title of this document?" names none; "Is there a dog in this picture?", "What
    does the dog look like?" and "Can you describe this dog?" name the dog."""
    tokens = [t.split("'")[0] for t in words(question)]  # "the cat's eyes"
    for i, token in enumerate(tokens):
        pair = normal(" ".join(tokens[i:i + 2])) if i + 1 < len(tokens) else ""
        if pair in _COCO and " " in pair:  # "teddy bear", "stop sign", "hot dog"
            return pair
        if token in _SKIPPED:
            continue
        concept = normal(token)
        if concept in _COCO or concept in OTHER_OBJECTS:
            return concept
    return None


_OWNED = re.compile(r"\b(?:my|our)\s+(?P<first>\w+)(?:'s)?(?:\s+(?P<second>\w+))?", re.IGNORECASE)


def owned_object(question: str) -> bool:
    """Whether the object the question names is the user's own ("what's my laptop's IP?", "is
    our car booked?"): on a screenshot or page that is a thing the text is about, not one to
    look for in the picture."""
    concept = object_in(question)
    return concept is not None and any(object_in(word) == concept for m in _OWNED.finditer(question)
                                       for word in (m["first"], m["second"] or "") if word)


def asks_about_text(question: str) -> bool:
    """Whether the question is about what a text says ("which birds are named in this text?",
    "what does the sign say about dogs?"): an object word there is a word to read, not a thing
    for the vision tools to look for."""
    return _ABOUT_TEXT.search(question) is not None


def names(concept: str, text: str, target: Target | None = None) -> bool:
    """Does ``text`` name the concept: its word or a synonym ("puppies" for dog), or the head noun
    of one of the classifier's classes for it (``target.imagenet``: "a brown labrador", "a golden
    retriever")?"""
    tokens = [t.split("'")[0] for t in words(text)]
    if any(normal(" ".join(tokens[i:i + n])) == concept for n in (2, 1) for i in range(len(tokens) - n + 1)):
        return True
    labels = target.imagenet if target is not None else frozenset()
    heads = {words(label)[-1] for label in labels if words(label)}
    heads |= {words(label)[0] for label in labels
              if label[:1].isupper() and len(label.split()) == 2 and words(label)[0] in _BREED_NAMES}
    heads = {h for h in heads if len(h) > 2} - _NOT_NAMES  # "Model T" names no car in "a T-shirt"
    return bool(heads & {normal(t) for t in tokens})


_BREED_NAMES = frozenset("labrador dalmatian chihuahua pomeranian rottweiler doberman samoyed maltese".split())
"""First words of classifier classes that people use alone for the animal ("a labrador")."""
_NOT_NAMES = frozenset("bull hairless pointer boxer cardigan pembroke newfoundland pyrenees chow dane tzu persian "
                       "setter kelpie".split())
"""Head nouns of classifier classes that name other things in an answer (a pointer, a boxer)."""


@functools.lru_cache(maxsize=64)
def text_when_question(question: str) -> WhenQuery | None:
    """A "when does X appear / when is X said" question about a text, or None. An unquoted object
    word to be seen ("when do people first appear?") is a thing for the vision tools, not a word
    for OCR to find; quoted or marked ("the word people") it stays a text. Cached: the plan, the
    attachment readers and the runner each ask it of the same question (WhenQuery is frozen)."""
    query = when_question(question)
    if query is None or query.quoted or query.source == "speech" or object_in(query.text) is None:
        return query
    return None
