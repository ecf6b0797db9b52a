"""The tools every turn may use: the current time, and the files the assistant may read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.agent_tools.contract import ToolContext, agent_tool

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from assistant.engines import Engines
    from assistant.tools.builtin import FileListing, TimeResult


def tools(ctx: ToolContext, engines: Engines | None = None) -> list[BaseTool]:
    def current_time() -> TimeResult:
        from assistant.tools.builtin import current_time as now

        return now()

    def list_files() -> FileListing:
        from assistant.tools.builtin import list_files as listing

        return listing(ctx.access.readable_files())

    return [agent_tool(current_time), agent_tool(list_files)]
