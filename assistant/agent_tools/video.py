"""The `video_frames` tool: frames sampled from a video with their timestamps, the text on them,
the objects in the ones that are camera footage (the `see` models), and what is said when
faster-whisper is installed; the question's words guide where to look in a long video."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.agent_tools.contract import ToolContext, agent_tool

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from assistant.engines import Engines
    from assistant.tools.video.reading import VideoReading

MAX_FRAMES = 32
"""More frames than this are not sampled, whatever the model asks for."""


def tools(ctx: ToolContext, engines: Engines) -> list[BaseTool]:
    def video_frames(path: str, n: int = 8, start: float | None = None, end: float | None = None) -> VideoReading:
        from assistant.tools.video.reading import read_video

        # The photo models look at the frames that are camera footage (sight.enabled: false, OCR only).
        sight = engines.sight if engines.settings.sight.enabled else None
        return read_video(ctx.access.check(path), engines.ocr, engines.speech_if_installed,
                          n=max(1, min(int(n), MAX_FRAMES)), start=start, end=end, query=ctx.question, sight=sight)

    return [agent_tool(video_frames)]
