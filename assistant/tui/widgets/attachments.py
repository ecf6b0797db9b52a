"""Attachment previews: an inline image where the terminal can show one, always a text caption.

Inline images come from the optional ``textual-image`` package (Sixel, Kitty graphics or
coloured half-cells). It must query the terminal *before* Textual takes the screen over, so
the chat command imports it first (``preload_image_support``); here it is used only if that
import happened, and every preview falls back to a caption like ``[image 800x600 shot.png]``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from assistant.terminal_text import clean
from assistant.tui.view_events import ShownAttachment

log = logging.getLogger(__name__)


def preload_image_support() -> bool:
    """Import textual-image while the terminal can still answer its queries; False if absent."""
    try:
        import textual_image.widget  # noqa: F401
    except Exception:  # noqa: BLE001 - missing package or a terminal that answers oddly: captions only
        return False
    return True


def image_support() -> bool:
    return "textual_image.widget" in sys.modules


def caption(kind: str, name: str, size_text: str = "") -> str:
    return clean(f"[{kind} {size_text + ' ' if size_text else ''}{name}]")


class AttachmentPreview(Vertical):
    """One attachment: a small inline image (images only, when possible) above its caption."""

    def __init__(self, shown: ShownAttachment, *, images: bool = True) -> None:
        super().__init__(classes=f"attachment {shown.kind}")
        self.path = Path(shown.path)
        self.kind = shown.kind
        self.caption_text = caption(shown.kind, shown.label, shown.size_text)
        self.images = images

    def compose(self):  # type: ignore[no-untyped-def]
        if self.kind == "image" and self.images and image_support():
            from textual_image.widget import Image

            try:
                yield Image(str(self.path), classes="preview-image")
            except Exception:
                log.debug("no inline preview for %s", self.path, exc_info=True)
        yield Static(self.caption_text, classes="caption", markup=False)


class AttachmentBar(Horizontal):
    """The attachments waiting to go with the next message (hidden while there are none)."""

    def __init__(self, *, images: bool = True) -> None:
        super().__init__(id="pending")
        self.images = images
        self.items: list[ShownAttachment] = []

    @property
    def paths(self) -> list[Path]:
        return [item.path for item in self.items]

    async def add(self, shown: ShownAttachment) -> None:
        self.items.append(shown)
        await self.mount(AttachmentPreview(shown, images=self.images))
        self.display = True

    async def clear(self) -> list[ShownAttachment]:
        taken, self.items = self.items, []
        await self.remove_children()
        self.display = False
        return taken

    def on_mount(self) -> None:
        self.display = bool(self.items)
