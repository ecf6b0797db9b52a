"""Past sessions: list, open, start anew, rename, delete, export to Markdown, full-text search."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import AssistantError

if TYPE_CHECKING:
    from assistant.store import SearchHit, SessionInfo, StoredTurn
    from assistant.tui.services.runtime import ChatRuntime


class SessionService:
    def __init__(self, runtime: ChatRuntime) -> None:
        self._rt = runtime

    @property
    def current(self) -> str | None:
        return self._rt.session_id

    def recent(self, limit: int = 100) -> list[SessionInfo]:
        with self._rt.in_use():
            return self._rt.need_store().list_sessions(limit)

    def open(self, session_id: str) -> list[StoredTurn]:
        """Make ``session_id`` the current session; its turns in conversation order."""
        core = self._rt.need_core()
        with self._rt.in_use():
            self._rt.session = core.session(session_id)
            return self._rt.need_store().turns(self._rt.session.id)

    def new(self) -> None:
        # Created lazily on the first message, so opening the app leaves no empty sessions.
        self._rt.session = None

    def rename(self, title: str, session_id: str | None = None) -> str:
        sid = session_id or self.current
        if not sid:
            raise AssistantError("no session to rename yet; send a message first")
        if not title.strip():
            raise AssistantError("give a title: /rename TITLE")
        with self._rt.in_use():
            self._rt.need_store().rename_session(sid, title.strip())
        return sid

    def delete(self, session_id: str) -> None:
        with self._rt.in_use():
            self._rt.need_store().delete_session(session_id)
        if session_id == self.current:
            self._rt.session = None

    def export(self, path: str | Path | None = None, session_id: str | None = None) -> Path:
        from assistant.export import session_markdown

        sid = session_id or self.current
        if not sid:
            raise AssistantError("nothing to export yet; send a message or resume a session first")
        target = Path(path).expanduser() if path else Path.cwd() / f"session-{sid}.md"
        if target.is_dir():
            target = target / f"session-{sid}.md"
        try:
            with self._rt.in_use():
                text = session_markdown(self._rt.need_store(), sid)
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise AssistantError(f"cannot write {target}: {exc.strerror}") from None
        return target

    def search(self, query: str, limit: int = 30) -> list[SearchHit]:
        with self._rt.in_use():
            return self._rt.need_store().search(query, limit)
