"""The `transcribe` tool: speech in an audio or video file as text with timestamps. It uses the
process's one SpeechTool (``Engines.speech``), so the agent and the voice loop share a model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.agent_tools.contract import ToolContext, agent_tool

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from assistant.engines import Engines
    from assistant.tools.speech.transcriber import Transcript

DETECT = {"", "auto", "detect", "none"}
"""What small models write for "no language given"."""


def tools(ctx: ToolContext, engines: Engines) -> list[BaseTool]:
    def transcribe(path: str, language: str = "") -> Transcript:
        checked = ctx.access.check(path)
        code = (language or "").strip().lower()
        return engines.speech.transcribe(checked, language=None if code in DETECT else code)

    return [agent_tool(transcribe)]
