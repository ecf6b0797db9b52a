"""/model, /copy, /clear, /voice, /help: the chat itself."""

from __future__ import annotations

from assistant.tui.slash.command import CommandContext


async def model(ctx: CommandContext, arg: str) -> None:
    models = ctx.services.models
    if not arg:
        ctx.notice(f"model: {models.label} · available: {', '.join(models.names()) or 'loading…'}")
        return
    ctx.notice(f"loading {arg}…")

    def done(label: str) -> None:
        ctx.notice(f"now answering with {label}")
        ctx.status()

    ctx.background(lambda: models.switch(arg), done)


async def copy(ctx: CommandContext, arg: str) -> None:
    ctx.copy(arg.startswith("code"))


async def clear(ctx: CommandContext, arg: str) -> None:
    await ctx.transcript.clear()


async def voice(ctx: CommandContext, arg: str) -> None:
    mode = arg.lower()
    if mode in ("fill", "send"):
        ctx.services.voice.autosend = mode == "send"
        what = "sent when you stop" if mode == "send" else "left in the prompt for you to edit and send"
        ctx.notice(f"push-to-talk: the transcript is {what}")
    elif mode:
        ctx.notice("usage: /voice (start or stop recording), /voice fill, /voice send", error=True)
    else:
        await ctx.voice.toggle()


async def show_help(ctx: CommandContext, arg: str) -> None:
    ctx.help()
