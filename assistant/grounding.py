"""Keep answers tied to evidence.

Every tool result reaches the model inside a delimited, numbered ``<evidence>`` block marked as
untrusted (``prompts/grounding.yaml``), and is recorded in the turn's ledger so the answer, the
JSON output and the store can say which evidence a turn used. Tool failures are split by cause
(STYLE.md, point 5): a ToolError (bad input, refused path, missing engine) and any other
exception in a tool both go back to the model as an error result, so the turn goes on; the
user sees them on the tool card.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from langchain.agents.middleware import AgentMiddleware
from langchain.agents.middleware.types import ToolCallRequest
from langchain_core.messages import ToolMessage

import prompts
from assistant.tool_calls import ToolCall
from tools.errors import ToolError

log = logging.getLogger(__name__)

MAX_EVIDENCE_CHARS = 6000
"""Longer tool output is cut: small local models have 8k-token windows."""


@dataclass
class EvidenceItem:
    id: str
    source: str
    args: dict[str, Any]
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "args": self.args, "text": self.text}


@dataclass
class EvidenceLedger:
    """Evidence and tool calls of one turn, in order."""

    items: list[EvidenceItem] = field(default_factory=list)
    calls: list[ToolCall] = field(default_factory=list)

    def add(self, source: str, args: dict[str, Any], text: str) -> EvidenceItem:
        item = EvidenceItem(f"E{len(self.items) + 1}", source, args, text)
        self.items.append(item)
        return item


def evidence_block(item: EvidenceItem, guard: Any = None) -> str:
    """The delimited block the model sees; a guard may spotlight instruction-like text in it."""
    text = item.text if len(item.text) <= MAX_EVIDENCE_CHARS else item.text[:MAX_EVIDENCE_CHARS] + "\n[...cut]"
    if guard is not None:
        text = guard.inspect_evidence(text)
    return prompts.render("grounding", "evidence_block", id=item.id, source=item.source, text=text)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:300]


def run_tool_directly(tool: Any, args: dict[str, Any], ledger: EvidenceLedger) -> ToolCall:
    """Run a tool outside the model loop (attachments are read before the model is asked).

    Small local models often skip the tool and invent an answer; reading attachments first
    makes the evidence reach the model whatever it would have chosen.
    """
    call_id = f"read_{len(ledger.calls) + 1}"
    started = time.perf_counter()
    try:
        message = tool.invoke({"type": "tool_call", "name": tool.name, "args": args, "id": call_id})
        artifact = message.artifact
        text = message.content if isinstance(message.content, str) else str(message.content)
    except Exception as exc:  # same split as in the loop: the error is shown, the turn goes on
        error = _one_line(exc) if isinstance(exc, ToolError) else f"{type(exc).__name__}: {_one_line(exc)}"
        record = ToolCall(call_id, tool.name, args, f"error: {error}", "", False, time.perf_counter() - started, None,
                          "attachment")
        ledger.calls.append(record)
        return record
    item = ledger.add(tool.name, args, text)
    summary = artifact.summary() if hasattr(artifact, "summary") else text[:120]
    record = ToolCall(call_id, tool.name, args, summary, text, True, time.perf_counter() - started, item.id,
                      "attachment", artifact)
    ledger.calls.append(record)
    return record


class EvidenceMiddleware(AgentMiddleware):
    """Wraps each tool call: timing, evidence block, error capture, ledger entry."""

    def __init__(self, ledger: EvidenceLedger, guard: Any = None,
                 on_tool_start: Callable[[str, str, dict[str, Any]], None] | None = None):
        super().__init__()
        self.ledger = ledger
        self.guard = guard
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
        started = time.perf_counter()
        error: str | None = None
        if self._repeated(name, args):
            self.ledger.calls.append(ToolCall(call_id, name, args, "refused: repeated call", "", False, 0.0, None))
            return ToolMessage(content=prompts.render("grounding", "repeated_call", name=name),
                               tool_call_id=call_id, name=name, status="error")
        try:
            message = handler(request)
        except ToolError as exc:
            error = _one_line(exc)
        except Exception as exc:  # a tool bug must not end the session; the model and user see it
            log.debug("tool %s raised", name, exc_info=True)
            error = f"{type(exc).__name__}: {_one_line(exc)}"
        seconds = time.perf_counter() - started
        if error is None and isinstance(message, ToolMessage) and message.status != "error":
            artifact = message.artifact
            text = message.content if isinstance(message.content, str) else str(message.content)
            item = self.ledger.add(name, args, text)
            summary = artifact.summary() if hasattr(artifact, "summary") else text[:120]
            self.ledger.calls.append(ToolCall(call_id, name, args, summary, text, True, seconds, item.id,
                                              result=artifact))
            return ToolMessage(content=evidence_block(item, self.guard), tool_call_id=call_id, name=name,
                               artifact=artifact)
        if error is None:
            # Invalid arguments come back from LangChain as an error ToolMessage, not an exception.
            error = message.content if isinstance(message, ToolMessage) else "tool returned no result"
        # The model gets the whole message (a validation error lists each field); the tool card
        # gets one line.
        summary = "error: " + " ".join(str(error).split())[:300]
        self.ledger.calls.append(ToolCall(call_id, name, args, summary, "", False, seconds, None))
        return ToolMessage(
            content=prompts.render("grounding", "tool_error", name=name, error=error),
            tool_call_id=call_id, name=name, status="error",
        )
