"""The typed events a turn yields. Every UI (CLI, TUI, voice) renders these and nothing else."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.provenance import RefusedAction
from assistant.tool_calls import ToolCall


@dataclass
class Event:
    def to_dict(self) -> dict[str, Any]:
        return {"type": type(self).__name__, **asdict(self)}


@dataclass
class TurnStarted(Event):
    session_id: str
    turn_id: int
    model: str


@dataclass
class TextDelta(Event):
    text: str


@dataclass
class ToolStarted(Event):
    call_id: str
    name: str
    args: dict[str, Any]
    origin: str = "model"
    """attachment: read before the model ran; model: the model called it."""


@dataclass
class ToolFinished(Event):
    """A finished tool call: the same record the ledger and the store keep."""

    call: ToolCall

    def to_dict(self) -> dict[str, Any]:
        return {"type": "ToolFinished", **self.call.to_dict()}

    @property
    def call_id(self) -> str:
        return self.call.call_id

    @property
    def name(self) -> str:
        return self.call.name

    @property
    def args(self) -> dict[str, Any]:
        return self.call.args

    @property
    def summary(self) -> str:
        return self.call.summary

    @property
    def seconds(self) -> float:
        return self.call.seconds

    @property
    def ok(self) -> bool:
        return self.call.ok

    @property
    def evidence_id(self) -> str | None:
        return self.call.evidence_id

    @property
    def origin(self) -> str:
        return self.call.origin


@dataclass
class EvidenceAdded(Event):
    id: str
    source: str
    text: str


@dataclass
class StageTiming(Event):
    stage: str
    seconds: float


@dataclass
class AnswerDone(Event):
    session_id: str
    turn_id: int
    text: str
    model: str
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """Things the guards changed or noticed (e.g. an injection attempt in the evidence)."""
    offered_tools: list[str] = field(default_factory=list)
    """Tool schemas the model was offered this turn; empty for a plain question."""
    plan: str = ""
    """The kind of turn the plan chose: plain, tools, media or live (see turn_plan.py)."""
    replaced: str = ""
    """An answer a check replaced or corrected, kept visible (the model's own words)."""
    refused_actions: list[RefusedAction] = field(default_factory=list)
    """Privileged calls (memory writes, reads of files not attached or named) that did not run:
    their content came from evidence, not the user's words, and nobody confirmed them."""


@dataclass
class TurnFailed(Event):
    session_id: str
    turn_id: int
    error: str
    partial_text: str = ""
    interrupted: bool = False
    """True when the user cancelled; the partial answer is kept and marked."""
