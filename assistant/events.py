"""The typed events a turn yields. Every UI (CLI, TUI, voice) renders these and nothing else."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


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


@dataclass
class ToolFinished(Event):
    call_id: str
    name: str
    args: dict[str, Any]
    summary: str
    seconds: float
    ok: bool
    evidence_id: str | None = None


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


@dataclass
class TurnFailed(Event):
    session_id: str
    turn_id: int
    error: str
    partial_text: str = ""
    interrupted: bool = False
    """True when the user cancelled; the partial answer is kept and marked."""
