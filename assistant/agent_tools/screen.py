"""The `ocr` tool: the exact text of an image or screenshot, with what kind of error it shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.agent_tools.contract import ToolContext, agent_tool

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from assistant.engines import Engines
    from assistant.tools.ocr.screenshot import ScreenshotReading


def tools(ctx: ToolContext, engines: Engines) -> list[BaseTool]:
    def ocr(path: str) -> ScreenshotReading:
        from assistant.tools.ocr.screenshot import read_screenshot

        return read_screenshot(engines.ocr, ctx.access.check(path))

    return [agent_tool(ocr)]
