"""The yes/no the chat asks before a privileged call whose content is not the user's own words
(a memory write, a read of a file not attached or named; see assistant/provenance.py).

The turn runs on a worker thread and waits for the answer: ``confirm_from_worker`` shows the
modal on the UI thread and blocks the worker until the user picks. "No" is the focused button and
esc answers it, so a stray Enter refuses.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from assistant.terminal_text import clean
from assistant.tui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from textual.app import App

    from assistant.provenance import PendingAction


class ActionConfirmScreen(ConfirmScreen):
    def __init__(self, action: PendingAction) -> None:
        super().__init__(action.question())
        self.action_asked = action

    def compose(self):  # type: ignore[no-untyped-def]
        action = self.action_asked
        with Vertical(classes="dialog-box", id="action-confirm"):
            # The question and the exact call have secrets redacted (provenance.py); model and
            # evidence text is also sanitised like every other foreign text the TUI shows.
            yield Static(clean(self.question), markup=False, id="action-question")
            yield Static("Exact call: " + clean(action.call_text(400)), markup=False, id="action-call")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Yes (y)", id="yes", variant="error")
                yield Button("No (n)", id="no", variant="primary")


def confirm_from_worker(app: App[Any], action: PendingAction) -> bool:
    """Ask on the UI thread, wait on this (worker) thread; an app that has closed means no."""

    async def ask() -> bool:
        answer: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

        def done(yes: bool | None) -> None:
            if not answer.done():
                answer.set_result(bool(yes))

        await app.push_screen(ActionConfirmScreen(action), callback=done)
        return await answer

    # Typed as call_from_thread's own parameter, which mypy cannot solve from a coroutine function.
    ask_on_ui: Callable[[], bool | Awaitable[bool]] = ask
    try:
        return bool(app.call_from_thread(ask_on_ui))
    except Exception:  # noqa: BLE001 - the app closed (or is closing) while the turn waited
        return False
