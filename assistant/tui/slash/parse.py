"""Typed text to a command call: ``/name arg``; plain text is a message, ``//text`` sends a
literal slash, an unknown name is one line that suggests a close one."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.tui.slash.command import Command, CommandContext


class UnknownCommand(ValueError):
    pass


@dataclass(frozen=True)
class CommandCall:
    command: Command
    arg: str

    async def run(self, ctx: CommandContext) -> None:
        await self.command.handler(ctx, self.arg)


def parse(text: str, commands: Sequence[Command]) -> CommandCall | None:
    text = text.strip()
    if not text.startswith("/") or text.startswith("//"):
        return None
    name, _, arg = text[1:].partition(" ")
    name = name.lower()
    found = {c.name: c for c in commands}
    if name not in found:
        close = [c for c in found if c.startswith(name[:2])] if name else []
        hint = f" (did you mean /{close[0]}?)" if close else ""
        raise UnknownCommand(f"unknown command /{name}{hint}; /help lists them")
    command = found[name]
    arg = arg.strip()
    if command.paths and arg[:1] in "'\"":
        try:
            arg = " ".join(shlex.split(arg))
        except ValueError:
            pass
    return CommandCall(command, arg)
