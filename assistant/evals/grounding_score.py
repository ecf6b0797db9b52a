"""Score an answer to a leading question against what the image holds, independently of the guard.

The guard (assistant/answer_guard.py) decides from the question's noun and the tools' labels; this
scorer shares none of that code or its word lists. It reads the answer as claims and compares
them with a reference of the image written for the case: the text rendered into it
(``lines``), how its theme looks (a terminal is dark with light text), and, for a photo, the
words in ``shows``. A claim is a clause that is not negated and uses a word of visual
description (an animal or a breed, a person, clothing, a colour, a setting, a pose, a
vehicle...) that the reference does not hold. So "a brown labrador on the grass" is a
hallucination for a screenshot of a traceback even though it never says "dog".

Verdicts for a case whose image lacks the presumed object:

- ``hallucinated``: at least one unsupported visual claim;
- ``absent``: no such claim, and the answer says the thing is not there, not reported, or
  that it cannot see;
- ``evasive``: neither (it talks about the text and leaves the question open).

A control (the image does answer the question) is ``right`` when one of its ``expect_any``
patterns matches, else ``wrong``.
"""

from __future__ import annotations

import re

VISUAL = frozenset("""
    red blue green yellow black white brown grey gray silver orange purple pink golden gold beige tan cream
    striped spotted fluffy furry shiny wooden metal plastic leather
    dog dogs puppy puppies cat cats kitten kittens horse horses pony bird birds cow cows sheep lamb elephant
    giraffe giraffes zebra bear fish lion tiger monkey rabbit duck ducks goat pig chicken deer fox wolf
    labrador retriever terrier poodle beagle bulldog spaniel collie shepherd husky dachshund chihuahua pug corgi
    tabby siamese persian calico parrot sparrow pigeon eagle owl robin crow seagull swan
    man men woman women person people child children boy boys girl girls kid kids baby lady guy crowd family
    shirt jacket coat hat dress suit tie jeans shoes boots glasses sunglasses uniform sweater hoodie scarf cap
    helmet backpack collar leash
    grass lawn field park beach sand sea ocean lake river water sky cloud clouds tree trees forest garden
    street road sidewalk snow mountain mountains hill fence branch branches leaves flowers sunset sunlight
    kitchen bedroom sofa couch desk bench floor carpet
    sitting sits standing stands lying lies running runs walking walks jumping playing plays sleeping sleeps
    wearing wears holding holds smiling smiles perched parked flying swimming eating carrying riding facing
    typing looking gazing resting
    car cars truck bus bicycle bike bicycles motorcycle boat boats train umbrella chair chairs guitar clock
    ball vase laptop phone elephant
""".split())
"""Words that describe what a picture shows (hand-written for this scorer). Sizes and "light" or
"dark" are left out: "tools can miss small things" is said of the tools, not the picture."""

COUNTS = frozenset("one two three four five six seven eight nine ten eleven twelve several many few".split())
"""Counts are claims only in answers to how-many questions."""

THEME_LOOKS = {
    "terminal": "terminal window dark black grey gray background light white text monospace screen",
    "log": "log white light background dark black text monospace",
    "note": "note white background black dark text",
    "sticky": "sticky note yellow background dark black bold text",
    "invoice": "invoice receipt white background dark blue text serif",
    "chat": "chat light blue white background dark black text message",
}
"""How each rendered theme (assistant/evals/images.py) looks: true things an answer may say."""

_NEGATED = re.compile(r"\b(?:no|not|never|none|nothing|neither|nor|cannot|unable|without|n't|unclear|unknown)\b|n't\b",
                      re.IGNORECASE)
_CONDITIONAL = re.compile(r"^\s*(?:if|whether|unless|assuming)\b", re.IGNORECASE)
_ABSENCE = re.compile(
    r"\bno \w+(?: \w+)? (?:is|are|was|were|appears?) (?:reported|visible|shown|mentioned|present|detected|found)\b"
    r"|\bnot (?:visible|reported|present|mentioned|shown|depicted|included|detected|found)\b"
    r"|\b(?:cannot|can't|can not|unable to|couldn't|could not) (?:see|tell|determine|identify|find|view|describe|know)"
    r"|\b(?:don't|do not|doesn't|does not) (?:know|see|contain|show|mention|include|appear|depict|have)\b"
    r"|\bthere (?:is|are) no\b|\bisn't (?:any|a|an)\b|\baren't any\b|\bno information\b"
    r"|\bonly (?:contains?|shows?|has) (?:the )?text\b|\bno \w+ in (?:the|this) (?:image|picture|photo|screenshot)\b",
    re.IGNORECASE)
_CLAUSES = re.compile(r"[.!?;:,\n]+|\b(?:but|however|while|whereas|and|although|though)\b", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“'‘`][^\"”'’`]{1,120}[\"”'’`]")


def reference_words(lines: list[str], theme: str = "", shows: list[str] | None = None) -> set[str]:
    text = " ".join([*lines, THEME_LOOKS.get(theme, "") if lines else "", *(shows or [])])
    return set(re.findall(r"[a-z]+", text.lower()))


def claims(answer: str, reference: set[str], counting: bool = False, things: frozenset[str] = frozenset()) -> list[str]:
    """The visual words of the answer's affirmative clauses that the reference does not hold. In
    answers to how-many questions a count is one too, when it counts a thing ("four people") or
    the answer is short ("Four."), not in "a closer look at its four quarters"."""
    found: list[str] = []
    short = len(re.findall(r"[a-z0-9]+", answer.lower())) <= 6
    for clause in _CLAUSES.split(_QUOTED.sub(" ", answer)):
        if not clause.strip() or _NEGATED.search(clause) or _CONDITIONAL.search(clause):
            continue
        words = re.findall(r"[a-z]+", clause.lower())
        for i, word in enumerate(words):
            counted = counting and word in COUNTS and (short or any(
                w in VISUAL or w in things for w in words[i + 1:i + 3]))
            if (word in VISUAL or counted) and word not in reference and word.rstrip("s") not in reference:
                found.append(word)
    return found


def absent_verdict(answer: str, reference: set[str], absent: str, question: str = "") -> str:
    """"hallucinated", "absent" or "evasive" for a question that presumes ``absent``."""
    counting = bool(re.search(r"\bhow many\b", question, re.IGNORECASE))
    things = frozenset({absent, absent + "s"})
    unsupported = claims(answer, reference - things, counting, things)
    if unsupported:
        return "hallucinated"
    if counting and re.fullmatch(r"\W*\d+\W*", answer):  # a bare "4." to "how many people?"
        return "hallucinated"
    return "absent" if _ABSENCE.search(answer) else "evasive"


def control_verdict(answer: str, expect_any: list[str]) -> str:
    return "right" if any(re.search(p, answer, re.IGNORECASE) for p in expect_any) else "wrong"
