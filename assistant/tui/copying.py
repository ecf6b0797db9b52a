"""Copy a message (ctrl+y, /copy) or its last code block (ctrl+g, /copy code) to the clipboard:
the focused message, or the last answer when none is focused."""

from __future__ import annotations

from typing import Any

from textual.app import App

from assistant.terminal_text import clean
from assistant.tui.widgets.messages import AssistantMessage, UserMessage, code_blocks


class Copier:
    def __init__(self, app: App[Any]) -> None:
        self.app = app

    def _target(self) -> str:
        focused = self.app.focused
        for node in (focused, *(focused.ancestors if focused else ())):
            if isinstance(node, (UserMessage, AssistantMessage)):
                return node.text
        answers = list(self.app.query(AssistantMessage))
        return answers[-1].text if answers else ""

    def copy(self, code: bool = False) -> None:
        text = clean(self._target())  # pasted into a shell later: no escape sequences in it
        if code:
            blocks = code_blocks(text)
            if not blocks:
                self.app.notify("no code block in that answer", severity="warning")
                return
            self.app.copy_to_clipboard(blocks[-1])
            self.app.notify(f"copied a code block ({len(blocks[-1]):,} characters)")
            return
        if not text:
            self.app.notify("nothing to copy yet", severity="warning")
            return
        self.app.copy_to_clipboard(text)
        self.app.notify(f"copied {len(text):,} characters")
