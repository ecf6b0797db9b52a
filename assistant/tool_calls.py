"""One record of a tool call, used alike by the turn's ledger, the store and the events.

``origin`` says who asked for the call: ``attachment`` (the turn runner read an attachment
before the model ran), ``plan`` (the turn's plan ran it before the model: a search of the image
collection) or ``model`` (the model called the tool). Earlier turns' attachment
readings are carried into the history by origin, never by the shape of an id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Origin = Literal["attachment", "plan", "model"]


@dataclass
class ToolCall:
    call_id: str
    name: str
    args: dict[str, Any]
    summary: str
    output: str
    ok: bool
    seconds: float
    evidence_id: str | None
    origin: Origin = "model"
    result: Any = field(default=None, compare=False, repr=False)
    """The tool's typed result (OcrResult, Transcript, ...) when the call ran in this process."""

    def to_dict(self) -> dict[str, Any]:
        data = {
            "id": self.call_id, "name": self.name, "arguments": self.args, "result_summary": self.summary,
            "ok": self.ok, "seconds": round(self.seconds, 3), "evidence_id": self.evidence_id, "origin": self.origin,
        }
        if self.result is not None and hasattr(self.result, "to_dict"):
            data["result"] = self.result.to_dict()
        return data
