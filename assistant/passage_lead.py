"""The first line of an answer about a recording whose question repeats its words: the sentence
that holds them, quoted.

"According to this reading, what might never die?" about a 53-second sonnet whose transcript
says "... that thereby beauty's rose might never die ...": the 1.5B answered that the evidence
did not say. A question that restates a passage points at it; quoting that sentence first puts
the answer on screen whatever the model then makes of a long transcript.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant import prompts

if TYPE_CHECKING:
    from assistant.turn_input import Readings

MIN_RUN = 3
"""Words the question and the transcript must share in a row ("might never die")."""
MIN_KEY_LETTERS = 4
"""Shorter shared words ("say", "day") point at nothing; "candles" does."""
QUOTE_WORDS = 30
"""At most this many words of the sentence are quoted, centred on the shared run."""
WHY_AFTER = 8
"""For a "why" question, words quoted after the first shared word; the rest of the window is before it."""
_WHY = re.compile(r"^\W*(?:\w+\W+){0,8}?(?:why|how come|what(?:'s| is| was) the reason)\b", re.IGNORECASE)
_SMALL = frozenset("a an the of to in on at and or is was are be he she it they this that what which who "
                   "according recording reading clip audio speaker say says said does did do".split())
_WORD = re.compile(r"[\w'’-]+")
_NOT_KEYS = frozenset("about does have what when where which many much tell mean means meaning this that with from "
                      "into your there their them then than here just also said says saying talk talks talking "
                      "recording record audio voice message speaker sound clip lesson word words file english "
                      "language spanish french german italian".split())


def _norm(word: str) -> str:
    return word.lower().replace("’", "'").strip("'-")


def shared_run(question: str, sentence: str) -> int:
    """The longest run of words the two share in a row, counting only runs with a word that is
    not a small one ("the speaker said" alone points at nothing)."""
    q = [_norm(w) for w in _WORD.findall(question)]
    s = [_norm(w) for w in _WORD.findall(sentence)]
    best = 0
    for i in range(len(q)):
        for j in range(len(s)):
            n = 0
            while i + n < len(q) and j + n < len(s) and q[i + n] == s[j + n]:
                n += 1
            if n > best and any(w not in _SMALL for w in q[i:i + n]):
                best = n
    return best


def _quote(sentence: str, question: str) -> str:
    words = sentence.split()
    if len(words) <= QUOTE_WORDS:
        return sentence.strip()
    q = {_norm(w) for w in _WORD.findall(question)} - _SMALL
    hits = [i for i, w in enumerate(words) if _norm(w.strip(".,;:!?\"")) in q] or [0]
    if _WHY.match(question):
        # A reason is mostly said before or as its subject is first named ("I have a cold so I
        # probably sound different"): the window ends a few words after the first shared word.
        start = max(0, min(hits[0] + WHY_AFTER - QUOTE_WORDS, len(words) - QUOTE_WORDS))
    else:
        start = max(0, min(hits[len(hits) // 2] - QUOTE_WORDS // 2, len(words) - QUOTE_WORDS))
    cut = " ".join(words[start:start + QUOTE_WORDS])
    return ("… " if start else "") + cut + (" …" if start + QUOTE_WORDS < len(words) else "")


def _key(word: str) -> str:
    word = _norm(word)
    return word[:-1] if word.endswith("s") and len(word) > MIN_KEY_LETTERS else word


def key_words(question: str) -> set[str]:
    """The question's words that can point at one sentence: long enough, not a question word or
    one that only says what the recording is ("candles" in "how many candles does it say?")."""
    return {_key(w) for w in _WORD.findall(question)
            if len(_norm(w)) >= MIN_KEY_LETTERS and _norm(w) not in _SMALL | _NOT_KEYS}


def _by_key_words(question: str, sentences: list[str]) -> str:
    """The one sentence holding the most of the question's key words (then the most in the very
    form asked: "candles" over "a candle"); "" on a tie or none."""
    keys = key_words(question)
    asked = {_norm(w) for w in _WORD.findall(question)}

    def score(sentence: str) -> tuple[int, int]:
        words = {_norm(w) for w in _WORD.findall(sentence)}
        return len(keys & {_key(w) for w in words}), len(asked & words - _SMALL - _NOT_KEYS)

    scored = sorted(((score(s), s) for s in sentences), key=lambda pair: pair[0], reverse=True)
    if not scored or scored[0][0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return ""
    return scored[0][1]


@dataclass(frozen=True)
class Passage:
    name: str
    quote: str
    heard: str = ""
    """For a quote from Whisper's English translation, the words heard (a French "Le cavalier"
    came out as "The cable": the translation alone misled the 1.5B, which knew the French)."""

    def lead(self) -> str:
        """Shown first in the answer."""
        return prompts.render("turns", "passage_lead", name=self.name, quote=self.quote, heard=self.heard).strip()

    def note(self) -> str:
        """Told to the model with the question, so that it answers from that sentence."""
        return prompts.render("turns", "passage_note", quote=self.quote, heard=self.heard).strip()


def find_passage(question: str, readings: Readings) -> Passage | None:
    """The sentence of a transcript that shares at least MIN_RUN words in a row with the
    question; None when none does or more than one recording was heard."""
    heard = [(path, rec.result) for path, per_file in readings.items() for rec, _ in per_file
             if rec.ok and rec.name == "transcribe" and str(getattr(rec.result, "text", None) or "")]
    if len(heard) != 1:
        return None
    path, result = heard[0]
    sentences = _sentences(str(result.text))
    run, best = max(((shared_run(question, s), s) for s in sentences), key=lambda pair: pair[0], default=(0, ""))
    if run >= MIN_RUN:
        return Passage(path.name, _quote(best, question))
    # No run of words: one sentence that alone holds the question's key words ("how many candles
    # ...?" and "... un candelabro con ocho velas ..." translated "... with 8 candles ..."). The
    # 1.5B, given that translation, still said the evidence did not give the number.
    english = _sentences(str(getattr(result, "english", "") or ""))
    found = _by_key_words(question, english)
    if found:
        return Passage(path.name, _quote(found, question), _heard_for(found, english, sentences, question))
    found = _by_key_words(question, sentences)
    return Passage(path.name, _quote(found, question)) if found else None


def _heard_for(translated: str, english: list[str], heard: list[str], question: str) -> str:
    """The words heard behind a translated sentence: the sentence in the same place when both
    have as many sentences, else the start of the recording."""
    if len(english) == len(heard):
        return _quote(heard[english.index(translated)], question)
    return _quote(" ".join(heard), question)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


__all__ = ["Passage", "find_passage", "key_words", "shared_run"]
