"""The memory tools: `remember` a fact the user told, `recall` saved notes. Off when
``memory.enabled`` is false."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.agent_tools.contract import ToolContext, agent_tool
from assistant.memory.types import RecallResult

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from assistant.engines import Engines
    from assistant.memory.types import AddResult

RECALLED = 5
"""Saved notes one recall returns."""


def tools(ctx: ToolContext, engines: Engines) -> list[BaseTool]:
    if not engines.settings.memory.enabled:
        return []

    def remember(fact: str) -> AddResult:
        return engines.memory.add(fact, source="agent")

    def recall(query: str) -> RecallResult:
        if not engines.memory_exists:  # nothing was ever saved: chromadb is not even opened
            return RecallResult(query, ())
        return RecallResult(query, tuple(engines.memory.search(query, k=RECALLED)))

    return [agent_tool(remember), agent_tool(recall)]
