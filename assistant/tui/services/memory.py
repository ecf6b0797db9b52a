"""Long-term memory from the chat (/remember, /memories, /forget): the core App's one memory
store (Engines.memory), the same one the agent recalls from and writes to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.errors import AssistantError

if TYPE_CHECKING:
    from assistant.memory.store import MemoryStore
    from assistant.tui.services.runtime import ChatRuntime


class MemoryService:
    def __init__(self, runtime: ChatRuntime) -> None:
        self._rt = runtime

    def _store(self) -> MemoryStore:
        return self._rt.need_core().engines.memory

    def remember(self, text: str) -> str:
        from assistant.memory.extract import guess_kind

        if not text.strip():
            raise AssistantError("say what to remember: /remember TEXT")
        with self._rt.in_use():
            return self._store().add(text.strip(), kind=guess_kind(text), source="tui").summary()

    def summaries(self) -> list[str]:
        with self._rt.in_use():
            return [m.summary() for m in self._store().list()]

    def forget(self, id_or_query: str) -> list[str]:
        if not id_or_query.strip():
            raise AssistantError("say what to forget: /forget ID_OR_QUERY")
        with self._rt.in_use():
            return [m.summary() for m in self._store().forget(id_or_query.strip())]
