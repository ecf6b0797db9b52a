"""A turn's evidence: every tool result as a numbered, delimited, untrusted block, and the
ledger of the turn's tool calls (one ToolCall record each).

Kept apart from the agent middleware (grounding.py) so that a turn with no tools offered never
imports the agent framework: that import alone costs ~0.5 s of a fresh `assistant ask`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from assistant import errors, prompts
from assistant.agent_tools.contract import ToolResult
from assistant.tool_calls import Origin, ToolCall
from assistant.tools.errors import ToolError

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


def result_summary(artifact: Any, text: str) -> str:
    """The tool card's line: the result's own summary, else the start of its text."""
    return artifact.summary() if isinstance(artifact, ToolResult) else text[:120]


def one_line(exc: BaseException) -> str:
    """An error's first line, capped for the tool card and the model's error message."""
    return errors.one_line(exc)[:300]


def run_tool_directly(tool: Any, args: dict[str, Any], ledger: EvidenceLedger,
                      origin: Origin = "attachment") -> ToolCall:
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
        error = one_line(exc) if isinstance(exc, ToolError) else f"{type(exc).__name__}: {one_line(exc)}"
        record = ToolCall(call_id, tool.name, args, f"error: {error}", "", False, time.perf_counter() - started, None,
                          origin)
        ledger.calls.append(record)
        return record
    item = ledger.add(tool.name, args, text)
    record = ToolCall(call_id, tool.name, args, result_summary(artifact, text), text, True,
                      time.perf_counter() - started, item.id, origin, artifact)
    ledger.calls.append(record)
    return record
