"""One conversation: take a user turn, persist it, run the agent, yield events, persist the answer.

    store the user turn -> build messages (history + this turn) -> agent graph (model <-> tools,
    evidence middleware) -> events out -> store the answer (or the partial answer, marked)

``send`` never raises for a failed turn: a dead backend, a bad attachment or a cancel ends in
a ``TurnFailed`` event, and the session (and everything stored) goes on.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, ToolMessage

import prompts
from assistant.access import AccessPolicy
from assistant.agent import build_agent
from assistant.attachments import load_attachment
from assistant.errors import AssistantError, BackendError
from assistant.events import (
    AnswerDone,
    Event,
    EvidenceAdded,
    StageTiming,
    TextDelta,
    ToolFinished,
    ToolStarted,
    TurnFailed,
    TurnStarted,
)
from assistant.grounding import EvidenceLedger
from assistant.guards import TurnGuard, content_text
from assistant.models.errors import describe_backend_error
from assistant.models.registry import ModelFactory, ModelHandle
from assistant.models.routing import choose_model_for_turn
from assistant.settings import Settings
from assistant.store import ConversationStore, StoredAttachment, StoredToolCall
from assistant.toolset import ToolContext, build_tools
from assistant.turn_input import history_messages, prepend_text, read_attachments, user_message
from tools.errors import ToolError

log = logging.getLogger(__name__)

HISTORY_TURNS = 20
"""Earlier turns sent with each request; older ones stay in the store and in search."""


@dataclass
class Turn:
    text: str
    attachments: Sequence[str | Path] = ()
    model: str | None = None
    spoken: bool = False
    """The text came from speech recognition (the voice loop): the model is told it may hold
    misheard words and that the answer should suit being heard."""


@dataclass
class _Progress:
    started: float = field(default_factory=time.perf_counter)
    first_token: float | None = None
    text: str = ""
    step_text: str = ""
    final: str = ""
    cut: bool = False
    """The model stopped at its token limit."""


class Session:
    def __init__(
        self,
        settings: Settings,
        store: ConversationStore,
        models: ModelFactory,
        session_id: str | None = None,
        tool_factories: Sequence[Callable[[ToolContext], list[Any]]] = (),
        engines: Any = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.models = models
        self.id = store.resolve_session(session_id) if session_id else store.create_session(model=settings.model)
        self.access = AccessPolicy(roots=settings.allowed_dirs)
        self.tool_factories = list(tool_factories)
        self.engines = engines
        self._cancel = threading.Event()
        self._memory_error = ""
        for turn in store.turns(self.id):
            for att in turn.attachments:
                self._allow_attachment(att.path, Path(att.path))

    def _allow_attachment(self, original: Path, stored: Path) -> None:
        self.access.allow_file(original)
        self.access.allow_file(stored)

    def cancel(self) -> None:
        """Stop the running turn at the next token; its partial answer is kept, marked interrupted."""
        self._cancel.set()

    # -- messages ------------------------------------------------------------------------
    def _memory_on(self) -> bool:
        return self.engines is not None and self.settings.memory.enabled

    def _recall(self, text: str, ledger: EvidenceLedger) -> Iterator[Event]:
        """Saved notes relevant to this turn, as an evidence block (empty when none)."""
        if not self._memory_on() or not self.engines.memory_exists:
            return ""
        from memory.recall import evidence_block as memory_block

        try:
            hits = self.engines.memory.recall(text, token_budget=self.settings.memory.recall_tokens)
        except ToolError as exc:
            # The turn goes on without memory; the user is told once, on the answer.
            log.warning("memory recall skipped: %s", exc)
            self._memory_error = str(exc)
            return ""
        if not hits:
            return ""
        item = ledger.add("memory", {"query": text}, "\n".join(h.evidence_text() for h in hits))
        yield EvidenceAdded(item.id, item.source, item.text)
        return memory_block(hits, block_id=item.id)

    def _remember(self, text: str) -> list[str]:
        """Durable facts the user stated this turn go to memory; the notes say what changed."""
        if not self._memory_on():
            return []
        from memory.extract import extract_facts

        if not extract_facts(text):
            return []
        if self._memory_error:
            return []  # already reported by recall this turn
        try:
            results = self.engines.memory.remember_from_turn(text, source=self.id)
        except ToolError as exc:
            return [f"memory not updated: {exc}"]
        return [f"memory {r.action}: {r.memory.text}" for r in results
                if r.action in ("added", "updated") and r.memory is not None]

    def system_prompt(self, handle: ModelHandle, spoken: bool = False) -> str:
        return prompts.render("grounding", "system", today=dt.date.today().isoformat(), model_can_see=handle.can_see,
                              spotlight_note=prompts.text("guards", "spotlight_explained").strip(), spoken=spoken)

    # -- the turn --------------------------------------------------------------------------
    def send(self, turn: Turn | str) -> Iterator[Event]:
        if isinstance(turn, str):
            turn = Turn(turn)
        self._cancel.clear()
        self._memory_error = ""
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        try:
            attachments = [load_attachment(p) for p in turn.attachments]
            has_image = any(a.kind == "image" for a in attachments)
            handle = choose_model_for_turn(self.settings, self.models, turn.model, has_image)
        except AssistantError as exc:
            yield TurnFailed(self.id, 0, str(exc))
            return
        timings["model_load"] = time.perf_counter() - t0
        stored = []
        for att in attachments:
            blob = self.store.add_blob(att.path, att.sha256, att.mime)
            self._allow_attachment(att.path, blob)
            stored.append(StoredAttachment(att.sha256, att.name, att.kind, att.mime, att.path))
        history = history_messages(self.store.turns(self.id)[-HISTORY_TURNS:])
        turn_id = self.store.add_user_turn(self.id, turn.text, stored)
        yield TurnStarted(self.id, turn_id, handle.label)

        ledger = EvidenceLedger()
        guard = TurnGuard(turn.text, handle.can_see, bool(attachments), media_names=[a.name for a in attachments])
        tools = build_tools(ToolContext(self.access, self.tool_factories, turn.text))
        system_prompt = self.system_prompt(handle, turn.spoken)
        agent = build_agent(handle, tools, system_prompt, ledger, self.settings.agent.max_steps, guard)
        t_read = time.perf_counter()
        readings = yield from read_attachments(attachments, tools, ledger)
        if attachments:
            timings["read_attachments"] = time.perf_counter() - t_read
        presence_note = guard.check_presence(
            [content_text(rec.result, item.text) for rec, item in readings.values() if item is not None])
        t_recall = time.perf_counter()
        recalled = yield from self._recall(turn.text, ledger)
        if recalled:
            timings["memory_recall"] = time.perf_counter() - t_recall
        user = user_message(turn.text, attachments, handle, readings, guard, presence_note)
        if recalled:
            user = HumanMessage(content=prepend_text(recalled, user.content))
        messages = [*history, user]
        progress = _Progress()
        try:
            yield from self._run(agent, messages, ledger, progress, handle, guard)
        except Exception as exc:
            error = describe_backend_error(exc, handle)
            interrupted = isinstance(exc, _Cancelled)
            timings["total"] = time.perf_counter() - t0
            self.store.add_assistant_turn(
                self.id, progress.text, model=handle.label, status="interrupted" if interrupted else "failed",
                error=error, timings=timings, tool_calls=_stored_calls(ledger),
            )
            yield TurnFailed(self.id, turn_id, error, progress.text, interrupted)
            return
        timings["first_token"] = (progress.first_token or time.perf_counter()) - t0
        timings["total"] = time.perf_counter() - t0
        timings["tools"] = sum(c.seconds for c in ledger.calls)
        for stage, seconds in timings.items():
            yield StageTiming(stage, seconds)
        answer = guard.check_answer(progress.final.strip(), system_prompt)
        if guard.holds_stream and answer:
            yield TextDelta(answer)  # held back until checked; shown whole
        self.store.add_assistant_turn(self.id, answer, model=handle.label, timings=timings,
                                      tool_calls=_stored_calls(ledger))
        notes = self._remember(turn.text)
        yield AnswerDone(
            self.id, turn_id, answer, handle.label,
            tool_calls=[c.to_dict() for c in ledger.calls],
            evidence=[e.to_dict() for e in ledger.items],
            timings={k: round(v, 3) for k, v in timings.items()},
            notes=[*guard.notes, *notes,
                   *([f"memory unavailable, answered without it: {self._memory_error}"] if self._memory_error else [])],
        )

    def _run(self, agent: Any, messages: list[BaseMessage], ledger: EvidenceLedger, progress: _Progress,
             handle: ModelHandle, guard: TurnGuard) -> Iterator[Event]:
        # Each step is a few graph nodes (middleware, model, tools); the model-call limit ends the
        # run long before this bound, which only catches a runaway graph.
        config = {"recursion_limit": 5 * self.settings.agent.max_steps + 10,
                  "callbacks": [_CancelOnToken(self._cancel)]}
        reported = 0
        for mode, data in agent.stream({"messages": messages}, config=config, stream_mode=["messages", "updates"]):
            if self._cancel.is_set():
                raise _Cancelled("cancelled by the user; the partial answer was kept")
            if mode == "messages":
                chunk, _meta = data
                if isinstance(chunk, AIMessageChunk) and isinstance(chunk.content, str) and chunk.content:
                    if progress.first_token is None:
                        progress.first_token = time.perf_counter()
                    progress.text += chunk.content
                    if not guard.holds_stream:
                        yield TextDelta(chunk.content)
                continue
            for node, update in (data or {}).items():
                for message in (update or {}).get("messages", []) if isinstance(update, dict) else []:
                    if isinstance(message, AIMessage):
                        _check_complete(message, handle)
                        if message.tool_calls:
                            for call in message.tool_calls:
                                yield ToolStarted(call["id"] or "", call["name"], dict(call["args"]))
                        else:
                            progress.final = message.content if isinstance(message.content, str) else str(message.content)
                            progress.cut = message.response_metadata.get("finish_reason") == "length"
                    elif isinstance(message, ToolMessage) and node == "tools":
                        while reported < len(ledger.calls):
                            rec = ledger.calls[reported]
                            reported += 1
                            if rec.evidence_id:
                                item = next(i for i in ledger.items if i.id == rec.evidence_id)
                                yield EvidenceAdded(item.id, item.source, item.text)
                            yield ToolFinished(rec.call_id, rec.name, rec.args, rec.summary, rec.seconds, rec.ok,
                                               rec.evidence_id)
        if not progress.final and progress.text:
            progress.final = progress.text


class _Cancelled(Exception):
    pass


class _CancelOnToken(BaseCallbackHandler):
    """Raises inside the model's token loop when the user cancels, so the HTTP stream closes and
    the server stops generating; checking between graph steps alone waits for the whole reply."""

    raise_error = True

    def __init__(self, flag: threading.Event) -> None:
        self.flag = flag

    def on_llm_new_token(self, token: str, **kwargs: Any) -> None:
        if self.flag.is_set():
            raise _Cancelled("cancelled by the user; the partial answer was kept")


def _check_complete(message: AIMessage, handle: ModelHandle) -> None:
    """A stream that stops without a finish reason was cut (connection dropped mid-answer)."""
    if handle.reports_finish and not message.response_metadata.get("finish_reason"):
        raise BackendError(f"the connection to {handle.backend} dropped mid-answer; the partial answer was kept")


def _stored_calls(ledger: EvidenceLedger) -> list[StoredToolCall]:
    return [StoredToolCall(c.call_id, c.name, c.args, c.summary, c.output, c.ok, c.seconds, c.evidence_id)
            for c in ledger.calls]
