"""Typing help for the prompt: slash-command and path completion (a Textual Suggester), and
pasted-path detection. The commands themselves are the table in tui/slash/table.py."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.suggester import Suggester

from assistant import media_kinds

if TYPE_CHECKING:
    from assistant.tui.slash.command import Command

MEDIA_SUFFIXES = media_kinds.MEDIA_SUFFIXES


def pasted_path(text: str) -> Path | None:
    """A paste that is exactly one existing media file (terminals paste dropped files as paths)."""
    candidate = text.strip().strip("'\"")
    if candidate.startswith("file://"):
        from urllib.parse import unquote, urlparse

        candidate = unquote(urlparse(candidate).path)
    if not candidate or "\n" in candidate or len(candidate) > 4096:
        return None
    candidate = candidate.replace("\\ ", " ")
    path = Path(candidate).expanduser()
    try:
        if path.suffix.lower() in MEDIA_SUFFIXES and path.is_file():
            return path
    except OSError:
        return None
    return None


def _complete_path(partial: str) -> str | None:
    expanded = os.path.expanduser(partial) if partial else ""
    folder, prefix = os.path.split(expanded)
    try:
        names = sorted(n for n in os.listdir(folder or ".") if n.startswith(prefix) and not n.startswith("."))
    except OSError:
        return None
    if not names:
        return None
    name = names[0]
    full = os.path.join(folder, name)
    if os.path.isdir(full):
        name += os.sep
    # Keep what the user typed (e.g. "~/") and add only the completed tail.
    return partial + name[len(prefix):]


class SlashSuggester(Suggester):
    """Completes command names, then file paths after a command whose argument is a path."""

    def __init__(self, commands: Sequence[Command]) -> None:
        # No cache: the file system changes under us, and listings are cheap.
        super().__init__(use_cache=False, case_sensitive=True)
        self.names = [c.name for c in commands]
        self.path_names = {c.name for c in commands if c.paths}

    async def get_suggestion(self, value: str) -> str | None:
        if not value.startswith("/"):
            return None
        name, space, arg = value[1:].partition(" ")
        if not space:
            for command in self.names:
                if command.startswith(name) and command != name:
                    return f"/{command}"
            return None
        if name in self.path_names:
            tail = _complete_path(arg)
            return f"/{name} {tail}" if tail else None
        return None
