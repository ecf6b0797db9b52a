"""The ``transcribe`` agent tool: audio attachments (``ask --audio``) become evidence.

    factory = speech_tools(app_engines)     # in tool_factories.py; one per app
    tools = factory(ctx)                    # a ToolContext -> [transcribe]

The SpeechTool is the app's one (``Engines.speech``, created on first use; the Whisper model
loads on the first transcription), so the agent tool and the voice loop share one model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.toolset import ToolContext, make_tool

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from assistant.engines import Engines
    from tools.speech import SpeechTool, Transcript

_DETECT = {"", "auto", "detect", "none"}  # what small models write for "no language given"


class SpeechTools:
    """Tool factory holding where the SpeechTool comes from: the app's engines, or one given."""

    def __init__(self, engines: Engines | None = None, speech: SpeechTool | None = None) -> None:
        if engines is None and speech is None:
            raise ValueError("SpeechTools needs the app's engines or a SpeechTool")
        self._engines = engines
        self._speech = speech

    @property
    def speech(self) -> SpeechTool:
        return self._speech if self._speech is not None else self._engines.speech  # type: ignore[union-attr]

    def __call__(self, ctx: ToolContext) -> list[BaseTool]:
        def transcribe(path: str, language: str = "") -> Transcript:
            checked = ctx.access.check(path)
            code = (language or "").strip().lower()
            return self.speech.transcribe(checked, language=None if code in _DETECT else code)

        return [make_tool("transcribe", transcribe, {"path": (str, ...), "language": (str, "")})]


def speech_tools(engines: Engines) -> SpeechTools:
    """The factory for ``default_tool_factories``."""
    return SpeechTools(engines)
