"""Long-term memory in a turn: recall saved notes as evidence before the model, remember the
facts the user stated after it. Memory trouble never fails a turn: it is said once, in a note."""

from __future__ import annotations

import logging
from collections.abc import Generator
from typing import TYPE_CHECKING

from assistant.events import Event, EvidenceAdded
from assistant.tools.errors import ToolError

if TYPE_CHECKING:
    from assistant.engines import Engines
    from assistant.evidence import EvidenceLedger
    from assistant.session import Session

log = logging.getLogger(__name__)

_UNAVAILABLE = "memory unavailable, answered without it: "


def _memory_engines(session: Session) -> Engines | None:
    """The engines that hold memory, when this session has them and memory is on."""
    return session.engines if session.settings.memory.enabled else None


def recall_block(session: Session, text: str, ledger: EvidenceLedger, notes: list[str],
                 close_only: bool = False) -> Generator[Event, None, str]:
    """Saved notes relevant to this turn, as an evidence block ("" when none); ``close_only``:
    only notes close in meaning (a first-person question that names nothing of the user's)."""
    engines = _memory_engines(session)
    if engines is None or not engines.memory_exists:
        return ""
    from assistant.memory.recall import evidence_block as memory_block
    from assistant.memory.store import CLOSE_RECALL_MAX_DISTANCE, RECALL_MAX_DISTANCE

    distance = CLOSE_RECALL_MAX_DISTANCE if close_only else RECALL_MAX_DISTANCE
    try:
        hits = engines.memory.recall(text, token_budget=session.settings.memory.recall_tokens, max_distance=distance)
    except ToolError as exc:
        log.warning("memory recall skipped: %s", exc)
        notes.append(_UNAVAILABLE + str(exc))
        return ""
    if not hits:
        return ""
    item = ledger.add("memory", {"query": text}, "\n".join(h.evidence_text() for h in hits))
    yield EvidenceAdded(item.id, item.source, item.text)
    return memory_block(hits, block_id=item.id)


def remember_facts(session: Session, text: str, notes: list[str]) -> list[str]:
    """Durable facts the user stated this turn go to memory; the notes say what changed."""
    engines = _memory_engines(session)
    if engines is None:
        return []
    from assistant.memory.extract import extract_facts

    if not extract_facts(text) or any(n.startswith(_UNAVAILABLE) for n in notes):
        return []  # nothing to keep, or memory already reported broken this turn
    try:
        results = engines.memory.remember_from_turn(text, source=session.id)
    except ToolError as exc:
        return [f"memory not updated: {exc}"]
    return [f"memory {r.action}: {r.memory.text}" for r in results
            if r.action in ("added", "updated") and r.memory is not None]
