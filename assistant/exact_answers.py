"""Plain questions that a few lines of arithmetic answer exactly: clock times moved by a duration,
spans between two clock times (clock_math.py), unit conversions (unit_math.py) and a regular amount
over a stated time (recurring_math.py). The turn answers them without loading the model; anything
less clear-cut is the model's, as before."""

from __future__ import annotations

from assistant.clock_math import clock_answer
from assistant.recurring_math import recurring_answer
from assistant.unit_math import unit_answer


def exact_answer(question: str) -> tuple[str, str]:
    """(answer, note) for such a question; ("", "") otherwise."""
    if answer := clock_answer(question):
        return answer, "answered by exact clock arithmetic"
    if answer := unit_answer(question):
        return answer, "answered by exact unit conversion"
    if answer := recurring_answer(question):
        return answer, "answered by exact arithmetic (a regular amount over a stated time)"
    return "", ""


__all__ = ["exact_answer"]
