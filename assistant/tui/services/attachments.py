"""Files for the next message: checked before they are attached; the clipboard's image saved."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.attachments import Attachment
    from assistant.tui.services.runtime import ChatRuntime


class AttachmentService:
    def __init__(self, runtime: ChatRuntime) -> None:
        self._rt = runtime

    def check(self, path: str | Path, kind: str | None = None) -> Attachment:
        """The checked attachment, or AttachmentError with one line saying what is wrong."""
        from assistant.attachments import load_attachment

        return load_attachment(path, expected_kind=kind)

    def clipboard_image(self) -> Path:
        from assistant.tui.clipboard import grab_image

        settings = self._rt.settings
        home = settings.home if settings is not None else Path.home()
        return grab_image(home / "clipboard")
