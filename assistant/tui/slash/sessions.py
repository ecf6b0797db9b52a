"""/history, /new, /rename, /delete, /export: sessions (the sidebar's keys do the same)."""

from __future__ import annotations

from assistant.tui.slash.command import CommandContext


async def history(ctx: CommandContext, arg: str) -> None:
    ctx.sessions.search(arg)


async def new(ctx: CommandContext, arg: str) -> None:
    await ctx.sessions.new()


async def rename(ctx: CommandContext, arg: str) -> None:
    await ctx.sessions.act("rename", None, arg)


async def delete(ctx: CommandContext, arg: str) -> None:
    await ctx.sessions.act("delete", None)


async def export(ctx: CommandContext, arg: str) -> None:
    await ctx.sessions.act("export", None, arg)
