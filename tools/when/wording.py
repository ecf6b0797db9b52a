"""How the when-tools write a time for people: ``3.0``, ``3.3``, ``12.25`` (seconds, no unit)."""

from __future__ import annotations


def seconds_text(seconds: float | None) -> str:
    """At least one decimal, two when the second one matters; ``""`` for None."""
    if seconds is None:
        return ""
    text = f"{seconds:.2f}"
    return text[:-1] if text.endswith("0") else text
