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
QUOTE_WORDS = 30
"""At most this many words of the sentence are quoted, centred on the shared run."""
_SMALL = frozenset("a an the of to in on at and or is was are be he she it they this that what which who "
                   "according recording reading clip audio speaker say says said does did do".split())
_WORD = re.compile(r"[\w'’-]+")


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
    middle = hits[len(hits) // 2]
    start = max(0, min(middle - QUOTE_WORDS // 2, len(words) - QUOTE_WORDS))
    cut = " ".join(words[start:start + QUOTE_WORDS])
    return ("… " if start else "") + cut + (" …" if start + QUOTE_WORDS < len(words) else "")


@dataclass(frozen=True)
class Passage:
    name: str
    quote: str

    def lead(self) -> str:
        """Shown first in the answer."""
        return prompts.render("turns", "passage_lead", name=self.name, quote=self.quote).strip()

    def note(self) -> str:
        """Told to the model with the question, so that it answers from that sentence."""
        return prompts.render("turns", "passage_note", quote=self.quote).strip()


def find_passage(question: str, readings: Readings) -> Passage | None:
    """The sentence of a transcript that shares at least MIN_RUN words in a row with the
    question; None when none does or more than one recording was heard."""
    heard = [(path, rec.result) for path, per_file in readings.items() for rec, _ in per_file
             if rec.ok and rec.name == "transcribe" and str(getattr(rec.result, "text", None) or "")]
    if len(heard) != 1:
        return None
    path, result = heard[0]
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", str(result.text)) if s.strip()]
    run, best = max(((shared_run(question, s), s) for s in sentences), key=lambda pair: pair[0], default=(0, ""))
    return Passage(path.name, _quote(best, question)) if run >= MIN_RUN else None


__all__ = ["Passage", "find_passage", "shared_run"]
