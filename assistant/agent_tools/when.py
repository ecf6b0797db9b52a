"""The `find_when` tool: when a text first shows on screen in a video, or is first said in
audio or video, to within half a second."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from assistant.agent_tools.contract import ToolContext, agent_tool

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from assistant.engines import Engines
    from assistant.tools.when.find import WhenResult

Source = Literal["screen", "speech", "either"]


def tools(ctx: ToolContext, engines: Engines) -> list[BaseTool]:
    def find_when(path: str, text: str, where: str = "either") -> WhenResult:
        from assistant.tools.when.find import find_when as search_file
        from assistant.tools.when.question import WhenQuery

        source: Source = "screen" if where == "screen" else "speech" if where == "speech" else "either"
        return search_file(ctx.access.check(path), WhenQuery(text, source), ocr=engines.frame_ocr,
                           speech=engines.speech_if_installed)

    return [agent_tool(find_when)]
