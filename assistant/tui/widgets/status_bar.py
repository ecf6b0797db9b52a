"""The line under the transcript: start-up progress, then the model, the session and what
push-to-talk is doing."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static


def status_text(model_label: str, session_id: str | None, extra: str = "") -> str:
    parts = [model_label or "no model", f"session {session_id[:8]}" if session_id else "new session"]
    return " · ".join([*parts, extra] if extra else parts)


class StatusBar(Horizontal):
    def __init__(self) -> None:
        super().__init__(id="status-bar")
        self.line = Static("starting…", id="status", markup=False)
        self.bar = ProgressBar(total=100, show_eta=False, show_percentage=False, id="load-progress")

    def compose(self):  # type: ignore[no-untyped-def]
        yield self.line
        yield self.bar

    def progress(self, message: str, fraction: float) -> None:
        self.line.update(message)
        self.bar.update(progress=fraction * 100)

    def loaded(self) -> None:
        self.bar.display = False

    def show(self, text: str) -> None:
        self.line.update(text)
