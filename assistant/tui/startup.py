"""Start-up as the person sees it: the window paints first, then the controller loads on a
worker thread (settings, store, agent stack, model) while a progress bar says which stage it is
at; the sessions list fills once the store is open; a load error is one red line."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.tui.bridge import UiBridge
    from assistant.tui.controller import ChatController
    from assistant.tui.session_actions import SessionActions
    from assistant.tui.widgets.status_bar import StatusBar


class StartUp:
    def __init__(self, controller: ChatController, bridge: UiBridge, status_bar: StatusBar,
                 sessions: SessionActions, status: Callable[[], None]) -> None:
        self._controller = controller
        self._bridge = bridge
        self._status_bar = status_bar
        self._sessions = sessions
        self._status = status
        self.started_at = time.perf_counter()
        self.first_paint_at: float | None = None
        self.ready_at: float | None = None

    def painted(self) -> None:
        """The first frame is on screen: start loading (imports hold the GIL for seconds)."""
        self.first_paint_at = time.perf_counter()
        self._bridge.thread(self._load, "load")

    def _load(self) -> None:  # a worker thread
        # The answer widget's Markdown renderer (markdown-it, pygments): off the UI thread, before
        # the first answer needs it.
        import textual.widgets._markdown  # noqa: F401

        self._controller.start(lambda message, fraction: self._bridge.call(self._progress, message, fraction))
        self._bridge.call(self._loaded)

    def _progress(self, message: str, fraction: float) -> None:
        self._status_bar.progress(message, fraction)
        if self._controller.store_ready.is_set() and self._controller.store is not None:
            self._sessions.refresh()

    def _loaded(self) -> None:
        self.ready_at = time.perf_counter()
        self._status_bar.loaded()
        if self._controller.load_error:
            self._bridge.notice(self._controller.load_error, error=True)
        self._status()
        if self._controller.session_id:
            self._sessions.open(self._controller.session_id)
