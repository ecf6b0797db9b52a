""""Which file is it?" answered from the search's ranking when one hit clearly leads.

The plan searches the image collection before the model runs (turn_plan.collection_query). When
the first hit is well ahead of the second (matched by more kinds of evidence, or by a fused score
at least LEAD_RATIO times the next), that ranking is what is known: the 1.5B, handed the list,
still named the second file ("page.png" for a textbook page about computer vision that the search
ranked first as imageTextN.png). A request to find a file is then answered from the search
alone; any other question about the collection gets the best match as the lead, then the model.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from assistant import prompts
from assistant.photo_search_answer import asks_for_photo

LEAD_RATIO = 1.5
"""Reciprocal-rank fusion gives a hit found by two signals about twice a hit found by one
(tools/images/search.py, RRF_K = 60): 1.5 separates those and not neighbours in one list."""

_FIND_REQUEST = re.compile(
    r"^\s*(please\s+|can you\s+|could you\s+)?(find|show|locate|pull up|dig up|get|open|search|look for)\b"
    r"|\b(which|what) (file|image|picture|photo|screenshot|one)\b|\bwhich of (my|the|these)\b"
    r"|\bwhere (is|are|did i (put|save))\b",
    re.IGNORECASE)


def clear_best(question: str, result: Any) -> Any:
    """The hit that clearly leads the search ``result``, or None (no hits, a close second, or a
    photo asked for while the first is a note and a photo comes later)."""
    hits = list(getattr(result, "hits", None) or [])
    if not hits:
        return None
    best = hits[0]
    if asks_for_photo(question) and best.photo is False and any(h.photo is not False for h in hits[1:]):
        return None
    if len(hits) == 1:
        return best
    second = hits[1]
    if len(best.matched) > len(second.matched) or best.score >= LEAD_RATIO * second.score:
        return best
    return None


def best_match_answer(question: str, result: Any) -> tuple[str, bool]:
    """(text, whole): the best match said first; ``whole`` when that answers the question by
    itself (a request to find a file). ("", False) when no hit clearly leads."""
    best = clear_best(question, result)
    if best is None:
        return "", False
    whole = bool(_FIND_REQUEST.search(question))
    others = [{"path": h.path, "text": h.matched_text} for h in result.hits[1:3]]
    text = prompts.render("image_search", "best_match", name=Path(best.path).name, path=best.path,
                          text=best.matched_text, labels=[lab.get("label") for lab in best.labels],
                          others=others, whole=whole).strip()
    return text, whole


__all__ = ["best_match_answer", "clear_best", "LEAD_RATIO"]
