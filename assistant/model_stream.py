"""Stream one model run into events: the bare chat model (no tools offered) or the agent graph.

Both watch the reply's first words: a reply that opens like a plan ("To determine ..., I will")
is held back, so the check step can ask again instead of showing a narrated plan. Most replies
are released after their first word (answer_checks.may_be_plan). Math written in LaTeX is shown
as plain text (math_text.py) and a sum worked out wrong is put right (sum_check.py), streamed
and stored alike.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, ToolMessage

from assistant.answer_checks import is_plan, is_refusal, may_be_plan
from assistant.errors import BackendError
from assistant.events import Event, EvidenceAdded, TextDelta, ToolFinished, ToolStarted
from assistant.math_text import MathText, math_to_text
from assistant.sum_check import SumCheck, fix_sums

if TYPE_CHECKING:
    from assistant.evidence import EvidenceLedger
    from assistant.models.registry import ModelHandle
    from assistant.session import Session


class Cancelled(Exception):
    pass


@dataclass
class ModelOutput:
    first_token: float | None = None
    text: str = ""
    """Everything the model streamed (kept as the partial answer when a turn fails)."""
    final: str = ""
    """The last reply that was not a tool call: the answer to check."""
    cut: bool = False
    """The model stopped at its token limit."""
    held: bool = False
    """Nothing of the answer was shown while streaming; the check step shows it whole."""
    sum_fixes: tuple[str, ...] = ()
    """Sums in the answer that were put right ("1200 + 96 = 1296, not 1396")."""

    def set_final(self, text: str) -> None:
        """The answer as shown and stored: LaTeX as plain text, wrong sums put right."""
        self.final, fixes = fix_sums(math_to_text(text))
        self.sum_fixes = tuple(f.note() for f in fixes)

    def mark_first_token(self) -> None:
        if self.first_token is None:
            self.first_token = time.perf_counter()


class _Release:
    """Text deltas to show: none while the guard holds the answer or it may still be a plan."""

    def __init__(self, output: ModelOutput, hold: bool) -> None:
        self.output, self.hold = output, hold
        self.pending = ""
        self.released = False
        self.math = MathText()
        self.sums = SumCheck()

    def piece(self, text: str) -> Iterator[Event]:
        self.output.mark_first_token()
        self.output.text += text
        if self.hold:
            return
        yield from self._show(self.sums.feed(self.math.feed(text)))

    def _show(self, text: str) -> Iterator[Event]:
        if not text:
            return
        if self.released:
            yield TextDelta(text)
            return
        self.pending += text
        if not may_be_plan(self.pending):
            self.released = True
            yield TextDelta(self.pending)

    def end(self) -> Iterator[Event]:
        if not self.hold:
            yield from self._show(self.sums.feed(self.math.flush()) + self.sums.flush())
        if self.hold or (not self.released and (is_plan(self.pending) or is_refusal(self.pending))):
            self.output.held = True
        elif not self.released and self.pending:
            yield TextDelta(self.pending)
        elif not self.released:
            self.output.held = True


def _config(session: Session, **extra: Any) -> dict[str, Any]:
    return {"callbacks": [_CancelOnToken(session.cancel_flag)], **extra}


def stream_plain(session: Session, handle: ModelHandle, chat: Any, messages: list[BaseMessage],
                 output: ModelOutput, hold: bool) -> Iterator[Event]:
    """The chat model alone: no tool schema reaches it, no agent graph is built."""
    release = _Release(output, hold)
    finish = None
    streamed = ""
    for chunk in chat.stream(messages, config=_config(session)):
        if session.cancel_flag.is_set():
            raise Cancelled("cancelled by the user; the partial answer was kept")
        finish = chunk.response_metadata.get("finish_reason") or finish
        text = chunk.content if isinstance(chunk.content, str) else ""
        if text:
            streamed += text
            yield from release.piece(text)
    _check_finished(finish, handle)
    output.set_final(streamed)
    output.cut = finish == "length"
    yield from release.end()


def stream_agent(session: Session, handle: ModelHandle, chat: Any, tools: list[Any], system_prompt: str,
                 messages: list[BaseMessage], ledger: EvidenceLedger, guard: Any, output: ModelOutput,
                 hold: bool, gate: Any = None) -> Iterator[Event]:
    """The agent graph: model <-> offered tools, each result an evidence block (grounding.py);
    ``gate`` (provenance.ActionGate) checks privileged calls before they run."""
    from assistant.agent import build_agent

    agent = build_agent(handle, chat, tools, system_prompt, ledger, session.settings.agent.max_steps, guard, gate)
    # Each step is a few graph nodes (middleware, model, tools); the model-call limit ends the
    # run long before this bound, which only catches a runaway graph.
    config = _config(session, recursion_limit=5 * session.settings.agent.max_steps + 10)
    release = _Release(output, hold)
    reported = 0
    for mode, data in agent.stream({"messages": messages}, config=config, stream_mode=["messages", "updates"]):
        if session.cancel_flag.is_set():
            raise Cancelled("cancelled by the user; the partial answer was kept")
        if mode == "messages":
            chunk, _meta = data
            if isinstance(chunk, AIMessageChunk) and isinstance(chunk.content, str) and chunk.content:
                yield from release.piece(chunk.content)
            continue
        for node, update in (data or {}).items():
            for message in (update or {}).get("messages", []) if isinstance(update, dict) else []:
                if isinstance(message, AIMessage):
                    _check_finished(message.response_metadata.get("finish_reason"), handle)
                    if message.tool_calls:
                        for call in message.tool_calls:
                            yield ToolStarted(call["id"] or "", call["name"], dict(call["args"]))
                    else:
                        output.set_final(message.content if isinstance(message.content, str)
                                         else str(message.content))
                        output.cut = message.response_metadata.get("finish_reason") == "length"
                elif isinstance(message, ToolMessage) and node == "tools":
                    while reported < len(ledger.calls):
                        record = ledger.calls[reported]  # the ledger's record, not the model's call
                        reported += 1
                        if record.evidence_id:
                            item = next(i for i in ledger.items if i.id == record.evidence_id)
                            yield EvidenceAdded(item.id, item.source, item.text)
                        yield ToolFinished(record)
    if not output.final and output.text:
        output.set_final(output.text)
    yield from release.end()


class _CancelOnToken(BaseCallbackHandler):
    """Raises inside the model's token loop when the user cancels, so the HTTP stream closes and
    the server stops generating; checking between graph steps alone waits for the whole reply."""

    raise_error = True

    def __init__(self, flag: threading.Event) -> None:
        self.flag = flag

    def on_llm_new_token(self, token: str | list[str | dict[str, Any]], **kwargs: Any) -> None:
        if self.flag.is_set():
            raise Cancelled("cancelled by the user; the partial answer was kept")


def _check_finished(finish_reason: str | None, handle: ModelHandle) -> None:
    """A stream that stops without a finish reason was cut (connection dropped mid-answer)."""
    if handle.reports_finish and not finish_reason:
        raise BackendError(f"the connection to {handle.backend} dropped mid-answer; the partial answer was kept")
