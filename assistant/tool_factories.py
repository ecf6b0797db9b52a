"""Which tools the agent gets, built from settings. Heavy engines load on first call, not here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.engines import Engines
from assistant.image_search_tool import image_search_tools
from assistant.media_tools import screenshot_tools, sight_tools, video_tools, when_tools
from assistant.memory_tools import memory_tools
from assistant.speech_tool import speech_tools
from assistant.toolset import ToolContext


def default_tool_factories(engines: Engines) -> list[Callable[[ToolContext], list[Any]]]:
    return [
        screenshot_tools(engines),
        sight_tools(engines),
        video_tools(engines),
        when_tools(engines),
        speech_tools(engines),
        memory_tools(engines),
        lambda ctx: image_search_tools(ctx, engines.settings),
    ]
