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


MULTILINGUAL = "base"
"""The packaged multilingual Whisper model, for speech the English-only default cannot write."""


def tools(ctx: ToolContext, engines: Engines) -> list[BaseTool]:
    def transcribe(path: str, language: str = "", translate: bool = False) -> Transcript:
        checked = ctx.access.check(path)
        code = (language or "").strip().lower()
        code = "" if code in DETECT else code
        # An English-only model (tiny.en) turns Spanish into English-sounding nonsense.
        foreign = bool(code and code != "en") or translate
        speech = engines.speech_with(MULTILINGUAL) if foreign and engines.speech.model.endswith(".en") \
            else engines.speech
        return speech.transcribe(checked, language=code or None, translate=translate)

    return [agent_tool(transcribe)]
