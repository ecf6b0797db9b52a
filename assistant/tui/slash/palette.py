"""The slash commands in the command palette (ctrl+p): one that takes an argument puts
``/name `` in the prompt for it; one that does not runs at once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Any

from textual.app import SystemCommand
from textual.widgets import Input

from assistant.tui.slash.command import Command


def palette_commands(commands: Sequence[Command], prompt: Input,
                     submit: Callable[[str], Awaitable[Any]]) -> Iterator[SystemCommand]:
    for command in commands:
        yield SystemCommand(command.usage, command.help, _chosen(command, prompt, submit))


def _chosen(command: Command, prompt: Input, submit: Callable[[str], Awaitable[Any]]) -> Callable[[], Any]:
    async def run() -> None:
        if command.needs_argument:
            prompt.value = f"/{command.name} "
            prompt.cursor_position = len(prompt.value)
            prompt.focus()
        else:
            await submit(f"/{command.name}")

    return run
