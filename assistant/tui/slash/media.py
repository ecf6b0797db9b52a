"""/image, /audio, /video (one per media kind), /paste, /detach: what goes with the next message."""

from __future__ import annotations

from typing import Any

from assistant.errors import AssistantError
from assistant.tui.slash.command import CommandContext, Handler
from assistant.tui.view_events import ShownAttachment


async def attach(ctx: CommandContext, raw: str, kind: str | None) -> None:
    """Check ``raw`` and add it to the pending attachments (``kind``: what it must be, or any)."""
    if not raw:
        ctx.notice(f"give a path: /{kind or 'image'} PATH", error=True)
        return
    try:
        att = ctx.services.attachments.check(raw, kind)
    except AssistantError as exc:
        ctx.notice(str(exc), error=True)
        return
    await ctx.pending.add(ShownAttachment(att.path, att.kind, att.size_text(), att.name))


ATTACH_HELP = {
    "image": "attach an image (screenshot, photo)",
    "audio": "attach an audio file",
    "video": "attach a video",
}


def attach_as(kind: str) -> Handler:
    """The handler of /image, /audio, /video (one per media kind, assistant/media_kinds.py)."""

    async def handler(ctx: CommandContext, arg: str) -> None:
        await attach(ctx, arg, kind)

    return handler


async def paste(ctx: CommandContext, arg: str) -> None:
    async def grabbed(path: Any) -> None:
        await attach(ctx, str(path), "image")

    ctx.background(ctx.services.attachments.clipboard_image, grabbed)


async def detach(ctx: CommandContext, arg: str) -> None:
    dropped = await ctx.pending.clear()
    ctx.notify(f"dropped {len(dropped)} attachment(s)")
