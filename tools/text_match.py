"""Does a text contain a wanted word or phrase, allowing for OCR and transcription noise?

    contains("Error: HELL0 world!", "hello world")     # True: case, punctuation, one slip
    contains("Made with M&viePy", "made with moviepy") # True: a letter read as a symbol
    find_words(["The", "quick", "brown,"], "Brown")    # (2, 2): first and last word matched

Both sides are lower-cased and cut into alphanumeric tokens, so case, punctuation and
whitespace never matter. A word of five or more letters may differ by one edit (OCR reads O
as 0, l as I; Whisper hears "colour" as "color"); shorter words must match exactly, or "cat"
would match "car". A phrase matches consecutive tokens; when OCR ran words together
("HELLOWORLD") the phrase also matches with its spaces removed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

FUZZY_MIN_LENGTH = 5
"""Words at least this long may differ by one edit; below it one edit changes the word."""

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_WORD_WITH_GLYPH = re.compile(r"[^\W_]+(?:[^\w\s'][^\W_]+)*", re.UNICODE)
"""A token that keeps a single symbol between letters, for a letter OCR misread as a symbol."""


def tokens(text: str) -> list[str]:
    """Lower-case alphanumeric tokens; apostrophes and hyphens split ("don't" -> don, t)."""
    return [t.casefold() for t in _TOKEN.findall(text)]


def _within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]  # one substitution
    return a[i:] == b[i + 1 :]  # one insertion into the shorter


def word_matches(seen: str, wanted: str) -> bool:
    """One token against one wanted token (both already lower-case)."""
    if len(wanted) >= FUZZY_MIN_LENGTH:
        return _within_one_edit(seen, wanted)
    return seen == wanted


def _find_tokens(seen: Sequence[str], wanted: Sequence[str]) -> int | None:
    if not wanted:
        return None
    for i in range(len(seen) - len(wanted) + 1):
        if all(word_matches(seen[i + k], w) for k, w in enumerate(wanted)):
            return i
    return None


def find_words(words: Sequence[str], phrase: str) -> tuple[int, int] | None:
    """``(first, last)`` indexes in ``words`` (raw words, e.g. Whisper's) of the first place
    ``phrase`` is found, or None.

    A raw word may hold several tokens ("e-mail", "3.5"); the indexes are of raw words.
    """
    wanted = tokens(phrase)
    flat: list[str] = []
    owner: list[int] = []
    for i, word in enumerate(words):
        for tok in tokens(word):
            flat.append(tok)
            owner.append(i)
    at = _find_tokens(flat, wanted)
    return None if at is None else (owner[at], owner[at + len(wanted) - 1])


def contains(text: str, phrase: str) -> bool:
    """Whether ``text`` (OCR output, a transcript) contains ``phrase``, noise allowed."""
    wanted = tokens(phrase)
    if not wanted:
        return False
    seen = tokens(text)
    if _find_tokens(seen, wanted) is not None:
        return True
    # OCR reads a letter as a symbol inside a word ("M&viePy" for "MoviePy"): the symbol then
    # stands for one letter instead of splitting the word.
    glyphs = [t.casefold() for t in _WORD_WITH_GLYPH.findall(text)]
    if glyphs != seen and _find_tokens(glyphs, wanted) is not None:
        return True
    if len(wanted) > 1:
        # OCR often drops the space between big words; a single word is not checked this
        # way, or "art" would be found inside "start".
        joined = "".join(wanted)
        for i in range(len(seen)):
            run = ""
            for tok in seen[i:]:  # whole tokens only: "xhello world" is not "hello world"
                run += tok
                if len(run) >= len(joined):
                    break
            if run == joined:
                return True
    return False


__all__ = ["FUZZY_MIN_LENGTH", "contains", "find_words", "tokens", "word_matches"]
