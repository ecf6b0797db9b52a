"""The system prompt of a turn, by the kind of turn its plan chose.

Every variant starts with the same plain prompt, so the model server reuses its processed tokens
whatever the turn's kind (prefix_cache.py); each need adds a part after it: speech, tools,
evidence. The date goes only into turns that are offered tools: it would otherwise change the
prefix every day for questions that never need it.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from assistant import prompts

log = logging.getLogger(__name__)


def system_prompt(
    *, tools: bool, evidence: bool, can_see: bool, from_speech: bool = False, will_be_heard: bool = False
) -> str:
    """``from_speech``: the question came from speech recognition (may hold misheard words);
    ``will_be_heard``: the answer is read aloud (short spoken sentences). Independent: a
    push-to-talk question in the chat app is from speech, and its answer is only read."""
    parts = [prompts.render("turns", "plain")]
    if from_speech:
        parts.append(prompts.render("turns", "from_speech"))
    if will_be_heard:
        parts.append(prompts.render("turns", "will_be_heard"))
    if tools:
        parts.append(prompts.render("turns", "tools", today=dt.date.today().isoformat()))
    if evidence or tools:
        parts.append(prompts.render("turns", "evidence", model_can_see=can_see))
        parts.append(prompts.text("guards", "spotlight_explained").strip())
    return "\n".join(parts)


def warm_up(handle: Any, *, from_speech: bool = False, will_be_heard: bool = False) -> None:
    """Process the plain system prompt before the first turn, so the chat TUI and the voice loop
    answer their first question as fast as later ones. Never raises: a turn reports problems."""
    warm = getattr(handle.chat, "warm", None)
    if warm is None:
        return
    try:
        warm(system_prompt(tools=False, evidence=False, can_see=handle.can_see, from_speech=from_speech,
                           will_be_heard=will_be_heard))
    except Exception:  # noqa: BLE001 - warming is an optimisation only
        log.debug("warm-up failed", exc_info=True)
