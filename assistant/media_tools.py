"""Agent tools for screenshots and videos: OCR with error analysis, and video reading."""

from __future__ import annotations

from typing import Any

from assistant.engines import Engines
from assistant.toolset import ToolContext, make_tool


def screenshot_tools(engines: Engines):  # type: ignore[no-untyped-def]
    def factory(ctx: ToolContext) -> list[Any]:
        from tools.screenshot import read_screenshot

        def ocr(path: str):  # type: ignore[no-untyped-def]
            return read_screenshot(engines.ocr, ctx.access.check(path))

        return [make_tool("ocr", ocr, {"path": (str, ...)})]

    return factory


def sight_tools(engines: Engines):  # type: ignore[no-untyped-def]
    """What is in a photo: objects from an 80-class detector, labels from a 1000-class classifier."""
    def factory(ctx: ToolContext) -> list[Any]:
        if not engines.settings.sight.enabled:
            return []

        def see(path: str, look_for: str = ""):  # type: ignore[no-untyped-def]
            if look_for:  # a presence question the first look did not answer: four quarters too
                from tools.sight_closer import closer_look

                return closer_look(engines.sight, ctx.access.check(path), look_for)
            return engines.sight.look(ctx.access.check(path))

        return [make_tool("see", see, {"path": (str, ...), "look_for": (str, "")})]

    return factory


def video_tools(engines: Engines):  # type: ignore[no-untyped-def]
    def factory(ctx: ToolContext) -> list[Any]:
        from tools.video_reading import read_video

        def video_frames(path: str, n: int = 8, start: float | None = None, end: float | None = None):  # type: ignore[no-untyped-def]
            return read_video(ctx.access.check(path), engines.ocr, _speech_or_none(engines),
                              n=max(1, min(int(n), 32)), start=start, end=end, query=ctx.question)

        return [make_tool("video_frames", video_frames, {
            "path": (str, ...), "n": (int, 8), "start": (float | None, None), "end": (float | None, None),
        })]

    return factory


def when_tools(engines: Engines):  # type: ignore[no-untyped-def]
    """When a text first shows on screen in a video, or is first said in audio or video."""
    def factory(ctx: ToolContext) -> list[Any]:
        from tools.when import find_when
        from tools.when_question import WhenQuery

        def find_when_tool(path: str, text: str, where: str = "either"):  # type: ignore[no-untyped-def]
            source = where if where in ("screen", "speech") else "either"
            return find_when(ctx.access.check(path), WhenQuery(text, source), ocr=engines.frame_ocr,
                             speech=_speech_or_none(engines))

        return [make_tool("find_when", find_when_tool, {"path": (str, ...), "text": (str, ...), "where": (str, "either")})]

    return factory


def _speech_or_none(engines: Engines) -> Any:
    try:
        import faster_whisper  # noqa: F401
    except ImportError:
        return None
    return engines.speech
