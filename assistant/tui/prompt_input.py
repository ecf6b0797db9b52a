"""The prompt line: a paste of one media file's path attaches it; a long paste is cut."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.message import Message
from textual.widgets import Input

from assistant.tui.commands import pasted_path

MAX_PASTE_CHARS = 20_000
"""Longer pastes are cut: the prompt is one line, and a 1 MB paste would freeze the input."""


class PromptInput(Input):
    class PathPasted(Message):
        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    def _on_paste(self, event: events.Paste) -> None:
        # Stop Input's own handler (it keeps only the first line); a dropped file becomes an attachment.
        event.prevent_default()
        event.stop()
        path = pasted_path(event.text)
        if path is not None:
            self.post_message(self.PathPasted(path))
            return
        text = " ".join(line.strip() for line in event.text.splitlines() if line.strip())
        if len(text) > MAX_PASTE_CHARS:
            self.app.notify(f"paste cut to {MAX_PASTE_CHARS:,} of {len(text):,} characters", severity="warning")
            text = text[:MAX_PASTE_CHARS]
        self.insert_text_at_cursor(text)

