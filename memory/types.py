"""Typed results of the memory store: what callers, the CLI and the agent get back."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal["fact", "image", "preference"]
KINDS: tuple[str, ...] = ("fact", "image", "preference")
Action = Literal["added", "updated", "unchanged", "rejected"]


@dataclass(frozen=True)
class Memory:
    id: str
    text: str
    kind: Kind = "fact"
    created_at: str = ""
    """ISO 8601, UTC."""
    updated_at: str = ""
    source: str | None = None
    """Where it came from, e.g. a session id or 'cli'."""
    meta: dict[str, Any] = field(default_factory=dict)
    """For images: path, sha256, ocr_text, caption."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        text = self.text if len(self.text) <= 70 else self.text[:67] + "..."
        return f"{self.id} [{self.kind}] {text}"

    def evidence_text(self) -> str:
        line = f"[{self.id}] ({self.kind}, saved {self.updated_at[:10]}) {self.text}"
        if self.kind == "image" and self.meta.get("path"):
            line += f" (image file: {self.meta['path']})"
        return line


@dataclass(frozen=True)
class MemoryHit:
    memory: Memory
    score: float
    """Cosine similarity to the query, 1.0 = same meaning."""

    def to_dict(self) -> dict[str, Any]:
        return {"memory": self.memory.to_dict(), "score": round(self.score, 4)}

    def summary(self) -> str:
        return f"{self.score:.2f} {self.memory.summary()}"

    def evidence_text(self) -> str:
        return self.memory.evidence_text()


@dataclass(frozen=True)
class AddResult:
    memory: Memory | None
    """The stored (or matching) memory; None when rejected."""
    action: Action
    reason: str = ""
    previous_text: str | None = None
    """What an 'updated' memory said before."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "memory": self.memory.to_dict() if self.memory else None,
            "action": self.action,
            "reason": self.reason,
            "previous_text": self.previous_text,
        }

    def summary(self) -> str:
        if self.memory is None:
            return f"{self.action}: {self.reason}"
        tail = f" ({self.reason})" if self.reason else ""
        return f"{self.action} {self.memory.summary()}{tail}"

    def evidence_text(self) -> str:
        return self.summary()


@dataclass(frozen=True)
class RecallResult:
    """Saved notes found for a query (the agent's `recall` tool)."""

    query: str
    hits: tuple[MemoryHit, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "hits": [h.to_dict() for h in self.hits]}

    def summary(self) -> str:
        return f"{len(self.hits)} saved note(s)"

    def evidence_text(self) -> str:
        from assistant.prompts import render

        if not self.hits:
            return render("memory", "none_recalled")
        return "\n".join(h.evidence_text() for h in self.hits)


__all__ = ["KINDS", "Action", "AddResult", "Kind", "Memory", "MemoryHit", "RecallResult"]
