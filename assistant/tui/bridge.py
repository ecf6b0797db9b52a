"""Between the UI thread and worker threads: blocking service calls run off the UI thread, and
what they return (or the one line of their error) comes back onto it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.app import App

from assistant.errors import one_line


class UiBridge:
    def __init__(self, app: App[Any], notice: Callable[..., None]) -> None:
        """``notice(text, error=True)`` shows a failed call's line."""
        self.app = app
        self.notice = notice

    def call(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run ``fn`` on the UI thread from a worker thread."""
        try:
            self.app.call_from_thread(fn, *args)
        except RuntimeError:  # the app closed while a worker was finishing
            pass

    def thread(self, fn: Callable[[], Any], group: str) -> None:
        """Run ``fn`` on a worker thread of its own (a turn, a recording, start-up)."""
        self.app.run_worker(fn, thread=True, group=group, exit_on_error=False)

    def background(self, fn: Callable[[], Any], done: Callable[[Any], Any] | None = None) -> None:
        """Run a service call off the UI thread, then ``done(result)`` on it; an error becomes a
        one-line notice and ``done`` is not called."""

        def job() -> None:
            try:
                result = fn()
            except Exception as exc:  # noqa: BLE001 - every failure is shown, none crashes the app
                self.call(partial(self.notice, one_line(exc), error=True))
                return
            if done is not None:
                self.call(done, result)

        self.thread(job, "background")
