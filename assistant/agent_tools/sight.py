"""The `see` tool: what is in a photo, from an 80-class detector and a 1000-class classifier.
Off when ``sight.enabled`` is false (OCR only, as `assistant eval pope` measures)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.agent_tools.contract import ToolContext, agent_tool

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from assistant.engines import Engines
    from assistant.tools.sight.closer import CloserLook
    from assistant.tools.sight.see import SightResult


def tools(ctx: ToolContext, engines: Engines) -> list[BaseTool]:
    if not engines.settings.sight.enabled:
        return []

    def see(path: str, look_for: str = "") -> SightResult | CloserLook:
        if look_for:  # a presence question the first look did not answer: four quarters too
            from assistant.tools.sight.closer import closer_look

            return closer_look(engines.sight, ctx.access.check(path), look_for)
        return engines.sight.look(ctx.access.check(path))

    return [agent_tool(see)]
