"""Keep answers tied to evidence: the agent middleware around each tool call the model makes.

Every tool result reaches the model inside a delimited, numbered ``<evidence>`` block marked as
untrusted (``prompts/grounding.yaml``), and is recorded in the turn's ledger so the answer, the
JSON output and the store can say which evidence a turn used. Tool failures are split by cause
(docs/style.md, rule 1): a ToolError (bad input, refused path, missing engine) and any other
exception in a tool both go back to the model as an error result, so the turn goes on; the
user sees them on the tool card.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from langchain.agents.middleware import AgentMiddleware
from langchain.agents.middleware.types import ToolCallRequest
from langchain_core.messages import ToolMessage

from assistant import prompts
from assistant.evidence import EvidenceLedger, evidence_block, one_line, result_summary
from assistant.tool_calls import ToolCall
from assistant.tools.errors import ToolError

log = logging.getLogger(__name__)


class EvidenceMiddleware(AgentMiddleware):
    """Wraps each tool call: timing, evidence block, error capture, ledger entry."""

    def __init__(self, ledger: EvidenceLedger, guard: Any = None,
                 on_tool_start: Callable[[str, str, dict[str, Any]], None] | None = None, gate: Any = None):
        super().__init__()
        self.ledger = ledger
        self.guard = guard
        self.gate = gate
        """provenance.ActionGate: privileged calls whose content is not the user's own words."""
        self.on_tool_start = on_tool_start
        self._seen: dict[str, int] = {}

    def _repeated(self, name: str, args: dict[str, Any]) -> bool:
        """Small models loop on one call; the second identical call is refused, with the reason."""
        import json

        key = name + json.dumps(args, sort_keys=True, default=str)
        self._seen[key] = self._seen.get(key, 0) + 1
        return self._seen[key] > 1

    def wrap_tool_call(self, request: ToolCallRequest, handler: Callable[[ToolCallRequest], Any]) -> Any:
        call = request.tool_call
        name, args, call_id = call["name"], dict(call.get("args") or {}), call.get("id") or ""
        if self.on_tool_start:
            self.on_tool_start(call_id, name, args)
        error: str | None = None
        if self._repeated(name, args):
            self.ledger.calls.append(ToolCall(call_id, name, args, "refused: repeated call", "", False, 0.0, None))
            return ToolMessage(content=prompts.render("grounding", "repeated_call", name=name),
                               tool_call_id=call_id, name=name, status="error")
        refused = self.gate.review(name, args) if self.gate is not None else None
        if refused is not None:
            # The tool card says why to the person; the model reads it about "the user".
            self.ledger.calls.append(ToolCall(call_id, name, args, f"refused: {refused.reason}", "", False, 0.0, None))
            return ToolMessage(content=prompts.render("provenance", "refused_call", name=name,
                                                      reason=refused.model_reason),
                               tool_call_id=call_id, name=name, status="error")
        started = time.perf_counter()  # not counting the time the user took to answer
        try:
            message = handler(request)
        except ToolError as exc:
            error = one_line(exc)
        except Exception as exc:  # a tool bug must not end the session; the model and user see it
            log.debug("tool %s raised", name, exc_info=True)
            error = f"{type(exc).__name__}: {one_line(exc)}"
        seconds = time.perf_counter() - started
        if error is None and isinstance(message, ToolMessage) and message.status != "error":
            artifact = message.artifact
            text = message.content if isinstance(message.content, str) else str(message.content)
            item = self.ledger.add(name, args, text)
            self.ledger.calls.append(ToolCall(call_id, name, args, result_summary(artifact, text), text, True,
                                              seconds, item.id, result=artifact))
            return ToolMessage(content=evidence_block(item, self.guard), tool_call_id=call_id, name=name,
                               artifact=artifact)
        if error is None:
            # Invalid arguments come back from LangChain as an error ToolMessage, not an exception.
            if isinstance(message, ToolMessage):
                error = message.content if isinstance(message.content, str) else str(message.content)
            else:
                error = "tool returned no result"
        # The model gets the whole message (a validation error lists each field); the tool card
        # gets one line.
        summary = "error: " + " ".join(str(error).split())[:300]
        self.ledger.calls.append(ToolCall(call_id, name, args, summary, "", False, seconds, None))
        return ToolMessage(
            content=prompts.render("grounding", "tool_error", name=name, error=error),
            tool_call_id=call_id, name=name, status="error",
        )
