"""Sessions as the person handles them: the sidebar list and search hits, opening one (drawn by
the transcript's one painter from its replayed events), new, rename (asks for a title),
delete (asks first) and export. The work is the session service's, off the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from assistant.tui.replay import replay
from assistant.tui.screens.confirm import ConfirmScreen, PromptScreen

if TYPE_CHECKING:
    from textual.screen import Screen

    from assistant.tui.bridge import UiBridge
    from assistant.tui.services.sessions import SessionService
    from assistant.tui.transcript import TranscriptView
    from assistant.tui.widgets.sidebar import Sidebar

BUSY = "a turn is running; esc cancels it"


class SessionActions:
    def __init__(self, sessions: SessionService, transcript: TranscriptView, sidebar: Sidebar, bridge: UiBridge,
                 *, ask: Callable[[Screen[Any], Callable[[Any], Any]], Any], status: Callable[[], None],
                 busy: Callable[[], bool], warn: Callable[[str], None]) -> None:
        """``ask(screen, answered)`` shows a modal question; ``warn`` a passing warning."""
        self._sessions = sessions
        self._transcript = transcript
        self._sidebar = sidebar
        self._bridge = bridge
        self._ask = ask
        self._status = status
        self._busy = busy
        self._warn = warn
        self._asked = 0
        self._shown = 0

    def _latest(self) -> Callable[[], bool]:
        """For a sidebar listing about to be fetched: whether it is still the latest one asked for
        when it arrives (a refresh asked before a search must not replace its hits)."""
        self._asked += 1
        ticket = self._asked

        def still_latest() -> bool:
            if ticket < self._shown:
                return False
            self._shown = ticket
            return True

        return still_latest

    def refresh(self) -> None:
        latest = self._latest()

        async def show(found: list[Any]) -> None:
            if latest():
                await self._sidebar.show_sessions(found, self._sessions.current)

        self._bridge.background(self._sessions.recent, show)

    def open(self, session_id: str) -> None:
        if self._busy():
            self._warn(BUSY)
            return
        self._bridge.background(lambda: replay(self._sessions.open(session_id)), self._opened)

    async def _opened(self, shown: list[Any]) -> None:
        await self._transcript.show_stored(shown)
        self._status()
        self.refresh()

    def search(self, query: str) -> None:
        if not query.strip():
            self.refresh()
            return

        latest = self._latest()

        async def show(hits: list[Any]) -> None:
            if not latest():
                return
            self._sidebar.display = True
            await self._sidebar.show_hits(query, hits)
            self._sidebar.list.focus()

        self._bridge.background(lambda: self._sessions.search(query), show)

    async def new(self) -> bool:
        """A fresh session (made on the first message); False while a turn runs."""
        if self._busy():
            self._warn(BUSY)
            return False
        self._sessions.new()
        await self._transcript.clear()
        self._status()
        self.refresh()
        return True

    async def act(self, action: str, session_id: str | None, arg: str = "") -> None:
        """new, rename, delete or export ``session_id`` (None: the current session)."""
        if action == "new":
            await self.new()
            return
        sid = session_id or self._sessions.current
        if not sid:
            self._transcript.notice(f"no session to {action} yet; send a message first", error=True)
        elif action == "rename":
            if arg:
                self._rename(sid, arg)
            else:
                self._ask(PromptScreen("New title for this session:"), partial(self._rename, sid))
        elif action == "delete":
            self._ask(ConfirmScreen(f"Delete session {sid[:8]} and all its turns?"), partial(self._delete, sid))
        elif action == "export":
            self._bridge.background(lambda: self._sessions.export(arg or None, sid),
                                    lambda path: self._transcript.notice(f"exported to {path}"))

    def _rename(self, sid: str, title: str | None) -> None:
        if not title:
            return  # the title prompt was dismissed

        def renamed(_: Any) -> None:
            self._transcript.notice(f"renamed to {title!r}")
            self.refresh()

        self._bridge.background(lambda: self._sessions.rename(title, sid), renamed)

    def _delete(self, sid: str, yes: bool | None = True) -> None:
        if not yes:
            return
        self._bridge.background(lambda: self._sessions.delete(sid), lambda _: self._deleted(sid))

    async def _deleted(self, sid: str) -> None:
        if self._sessions.current is None:
            await self._transcript.clear()
        self._transcript.notice(f"deleted session {sid[:8]}")
        self._status()
        self.refresh()
