"""Fitting recalled memories into a prompt: a token budget and the evidence block around them."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.memory.types import MemoryHit

CHARS_PER_TOKEN = 4
"""The usual rough figure for English with BPE tokenisers; close enough for a budget."""


def approx_tokens(text: str) -> int:
    return -(-len(text) // CHARS_PER_TOKEN)


def fit_budget(hits: Sequence[MemoryHit], token_budget: int) -> list[MemoryHit]:
    """The hits, most relevant first, whose evidence lines fit in ``token_budget`` tokens.

    A hit too long for what is left is skipped, not cut: half a fact can say the opposite.
    """
    chosen: list[MemoryHit] = []
    used = 0
    for hit in sorted(hits, key=lambda h: h.score, reverse=True):
        cost = approx_tokens(hit.evidence_text()) + 1  # +1 for the newline
        if used + cost <= token_budget:
            chosen.append(hit)
            used += cost
    return chosen


def evidence_block(hits: Sequence[MemoryHit], block_id: str = "memory") -> str:
    """The recalled memories as a delimited, untrusted evidence block for the chat model."""
    from assistant.prompts import render

    if not hits:
        return render("memory", "none_recalled")
    return render("memory", "recalled", hits=list(hits), block_id=block_id)


__all__ = ["CHARS_PER_TOKEN", "approx_tokens", "evidence_block", "fit_budget"]
