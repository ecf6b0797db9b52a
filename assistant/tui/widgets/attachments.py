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

    def __init__(self, path: Path, kind: str, size_text: str = "", *, images: bool = True) -> None:
        super().__init__(classes=f"attachment {kind}")
        self.path = Path(path)
        self.kind = kind
        self.caption_text = caption(kind, self.path.name, size_text)
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
        self.items: list[tuple[Path, str, str]] = []

    @property
    def paths(self) -> list[Path]:
        return [path for path, _, _ in self.items]

    async def add(self, path: Path, kind: str, size_text: str) -> None:
        self.items.append((Path(path), kind, size_text))
        await self.mount(AttachmentPreview(path, kind, size_text, images=self.images))
        self.display = True

    async def clear(self) -> list[tuple[Path, str, str]]:
        taken, self.items = self.items, []
        await self.remove_children()
        self.display = False
        return taken

    def on_mount(self) -> None:
        self.display = bool(self.items)
