"""Which tools the agent gets, built from settings. Heavy engines load on first call, not here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.settings import Settings
from assistant.toolset import ToolContext


def default_tool_factories(settings: Settings) -> list[Callable[[ToolContext], list[Any]]]:
    return []
