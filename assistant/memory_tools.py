"""Agent tools over long-term memory: remember a fact, search saved notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.engines import Engines
from assistant.toolset import ToolContext, make_tool


@dataclass
class RecallResult:
    query: str
    hits: list[Any]

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "hits": [h.to_dict() for h in self.hits]}

    def summary(self) -> str:
        return f"{len(self.hits)} saved note(s)"

    def evidence_text(self) -> str:
        from prompts import render

        if not self.hits:
            return render("memory", "none_recalled")
        return "\n".join(h.evidence_text() for h in self.hits)


def memory_tools(engines: Engines):  # type: ignore[no-untyped-def]
    def factory(ctx: ToolContext) -> list[Any]:
        if not engines.settings.memory.enabled:
            return []

        def remember(fact: str):  # type: ignore[no-untyped-def]
            return engines.memory.add(fact, source="agent")

        def recall(query: str) -> RecallResult:
            if not engines.memory_exists:
                return RecallResult(query, [])
            return RecallResult(query, engines.memory.search(query, k=5))

        return [make_tool("remember", remember, {"fact": (str, ...)}),
                make_tool("recall", recall, {"query": (str, ...)})]

    return factory
