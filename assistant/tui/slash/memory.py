"""/remember, /forget, /memories: long-term memory by hand."""

from __future__ import annotations

from assistant.tui.slash.command import CommandContext


async def remember(ctx: CommandContext, arg: str) -> None:
    ctx.background(lambda: ctx.services.memory.remember(arg), lambda summary: ctx.notice(f"remembered: {summary}"))


async def forget(ctx: CommandContext, arg: str) -> None:
    def done(gone: list[str]) -> None:
        if not gone:
            ctx.notice(f"nothing close enough to {arg!r}; /memories shows ids", error=True)
        for summary in gone:
            ctx.notice(f"forgot {summary}")

    ctx.background(lambda: ctx.services.memory.forget(arg), done)


async def memories(ctx: CommandContext, arg: str) -> None:
    def done(items: list[str]) -> None:
        ctx.notice("memories:\n" + "\n".join(f"  {m}" for m in items) if items else "no memories yet")

    ctx.background(ctx.services.memory.summaries, done)
