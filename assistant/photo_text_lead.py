""""What does it say on his sweatshirt?" about a photo: the words OCR read in it, first.

A photo's answer otherwise leads with what the detectors found ("8 people"), and the 1.5B,
handed that list, the classifier's guesses and the OCR text, answered "The sweatshirt is detected
as having a probability of 0.12" while OCR had read "LASVEGASN" on it. When the question asks
what is written, the text read is what answers it; a page, a screen or a note is left alone (its
whole text is the evidence, and the model quotes what the question is about).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant import prompts
from assistant.answer_guard import content_text

if TYPE_CHECKING:
    from assistant.turn_input import Reading, Readings

MAX_QUOTED_WORDS = 30
"""A photo with more text than this is a page or a sign board: no one quote answers it."""

_ASKS_TEXT = re.compile(
    r"\bwhat\b[^?.!]{0,60}\b(say|says|saying|read|reads|written|printed|spelled|spell|lettering)\b"
    r"|\bwhat (word|words|text|letters|brand|logo|name|number)\b[^?.!]{0,60}\b(on|in)\b"
    r"|\b(read|transcribe) (the|what|it|this)\b", re.IGNORECASE)


def asks_what_is_written(question: str) -> bool:
    return bool(_ASKS_TEXT.search(question))


def photo_text_lead(question: str, readings: Readings) -> str:
    """One line per photo whose OCR text is short, when the question asks what is written; ""
    otherwise."""
    from assistant.tools.sight.photo_or_screen import file_is_flat
    from assistant.turn_input import is_photo

    if not asks_what_is_written(question):
        return ""
    lines = []
    for path, per_file in readings.items():
        read: list[Reading] = [(rec, item) for rec, item in per_file if rec.ok and rec.name == "ocr" and item]
        if not read or not is_photo(read) or file_is_flat(path) is not False:
            continue  # a screen or a note with a few words: its text is the evidence already
        words = " ".join(content_text(rec.result, item.text if item else "") for rec, item in read).split()
        if 0 < len(words) <= MAX_QUOTED_WORDS:
            lines.append(prompts.render("turns", "photo_text_lead", name=path.name, text=" ".join(words)).strip())
    return "\n".join(lines)


__all__ = ["asks_what_is_written", "photo_text_lead"]
