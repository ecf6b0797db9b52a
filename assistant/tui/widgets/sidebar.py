"""The sessions sidebar: past sessions or search hits; it only asks the app to act (messages)."""

from __future__ import annotations

import asyncio
import builtins
import datetime as dt
from collections.abc import Sequence
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, ListItem, ListView, Static

from assistant.terminal_text import clean


class SessionItem(ListItem):
    def __init__(self, session_id: str, text: str, *, current: bool = False) -> None:
        super().__init__(Label(clean(text), markup=False), classes="current" if current else "")
        self.session_id = session_id
        self.key = (session_id, clean(text), current)
        """What the row shows: a refill with the same rows leaves the list as it is."""


class Sidebar(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "act('new')", "New"),
        Binding("r", "act('rename')", "Rename"),
        Binding("d", "act('delete')", "Delete"),
        Binding("e", "act('export')", "Export"),
    ]

    class ResumeRequested(Message):
        def __init__(self, session_id: str) -> None:
            super().__init__()
            self.session_id = session_id

    class SearchRequested(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class ActionRequested(Message):
        def __init__(self, action: str, session_id: str | None) -> None:
            super().__init__()
            self.action = action
            self.session_id = session_id

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._filling = asyncio.Lock()

    def compose(self):  # type: ignore[no-untyped-def]
        yield Input(placeholder="search all sessions…", id="history-search")
        yield Static("sessions", id="sidebar-title")
        yield ListView(id="sessions")
        yield Static("enter open · n new · r rename · d delete · e export", id="sidebar-keys")

    # Inside this class ``list`` is this property: annotations below say ``builtins.list``.
    @property
    def list(self) -> ListView:
        return self.query_one("#sessions", ListView)

    def selected_session(self) -> str | None:
        item = self.list.highlighted_child
        return item.session_id if isinstance(item, SessionItem) else None

    async def show_sessions(self, sessions: Sequence[Any], current: str | None) -> None:
        items = []
        for s in sessions:
            when = dt.datetime.fromtimestamp(s.updated_at).strftime("%m-%d %H:%M")
            items.append(SessionItem(s.id, f"{(s.title or 'untitled')[:40]}\n{when} · {s.turns} turns",
                                     current=s.id == current))
        await self._fill(f"sessions ({len(sessions)})", items)

    async def show_hits(self, query: str, hits: Sequence[Any]) -> None:
        await self._fill(clean(f"{len(hits)} hit(s) for {query!r} (esc: back)"),
                         [SessionItem(h.session_id, f"{h.snippet[:80]}\n{h.source} · {h.session_id[:8]}")
                          for h in hits])

    async def _fill(self, title: str, items: builtins.list[SessionItem]) -> None:
        # One list at a time, its title set once it is filled: two fills that interleave (a late
        # sessions refresh and a search) would leave one's title over the other's items.
        async with self._filling:
            shown = [item.key for item in self.list.query(SessionItem)]
            if shown and shown == [item.key for item in items]:
                # The same rows (refreshes during start-up, after a turn): rebuilding them would
                # drop the highlight and an Enter pressed meanwhile.
                self.query_one("#sidebar-title", Static).update(title)
                return
            await self.list.clear()
            if items:
                await self.list.extend(items)
                self.list.index = 0
            self.query_one("#sidebar-title", Static).update(title)

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        event.stop()
        if isinstance(event.item, SessionItem):
            self.post_message(self.ResumeRequested(event.item.session_id))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.SearchRequested(event.value))

    def action_act(self, action: str) -> None:
        self.post_message(self.ActionRequested(action, self.selected_session()))
