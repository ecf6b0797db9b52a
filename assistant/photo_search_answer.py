""""Find the photo of X" when no photo matched: said plainly instead of a note passed off as the photo.

The plan searches the image collection before the model runs (turn_plan.collection_query). When
the question asks for a photo and every hit is a note, screenshot or drawing that merely mentions
X (tools/images/photo_hits.py), the 1.5B answered "The photo of the Eiffel Tower is paris_trip.png"
about a sticky note. The turn answers from the search instead: no photo matched, what did, and why
(without CLIP, photos are found by their text and detected objects only).
"""

from __future__ import annotations

import re
from typing import Any

from assistant import prompts

_ASKS_FOR_PHOTO = re.compile(r"\b(photos?|pictures?|pics?|snaps?(hots?)?|selfies?)\b", re.IGNORECASE)
_ASKS_FOR_TEXT = re.compile(r"\b(screenshots?|notes?|scans?|documents?|receipts?|slides?|diagrams?|drawings?|"
                            r"memes?|text|says?|written|pages?|(text)?books?|whiteboards?|menus?|letters?|forms?)\b",
                            re.IGNORECASE)
"""A photo of a page is about its text: a scan and a phone photo of one look alike to the flatness test."""


def asks_for_photo(question: str) -> bool:
    """The question wants a photo, not a note, screenshot or document."""
    return bool(_ASKS_FOR_PHOTO.search(question)) and not _ASKS_FOR_TEXT.search(question)


def no_photo_answer(question: str, result: Any) -> str:
    """The answer when ``question`` asks for a photo and no hit of the search ``result`` is one;
    "" otherwise (no hits: the model says nothing matched; a photo among them: the model picks)."""
    hits = getattr(result, "hits", None)
    if not hits or not asks_for_photo(question):
        return ""
    if any(hit.photo is not False for hit in hits):
        return ""
    notes = [{"path": hit.path, "text": hit.matched_text} for hit in hits[:3]]
    return prompts.render("image_search", "no_photo_matched", query=result.query, notes=notes,
                          mode=result.mode).strip()


__all__ = ["asks_for_photo", "no_photo_answer"]
