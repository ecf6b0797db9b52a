"""/search, /index: the image collection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.tui.slash.command import CommandContext

PREVIEWS = 4
"""Hits shown as images under the list (the rest as lines only)."""


async def search(ctx: CommandContext, arg: str) -> None:
    async def done(result: Any) -> None:
        from assistant.tools.images.labels import labels_text

        lines = [f"  {h.path}  ({', '.join(h.signals)}){'  ' + labels_text(h.labels) if h.labels else ''}"
                 for h in result.hits]
        ctx.notice("\n".join([result.summary(), *lines, *([result.note] if result.note else [])]))
        await ctx.transcript.show_images(Path(h.path) for h in result.hits[:PREVIEWS])

    ctx.background(lambda: ctx.services.images.search(arg), done)


async def index(ctx: CommandContext, arg: str) -> None:
    ctx.notice(f"indexing {arg} (OCR per new image; this can take a while)…")
    ctx.background(lambda: ctx.services.images.index(arg), lambda report: ctx.notice(report.summary()))
