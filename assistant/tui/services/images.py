"""The image collection from the chat (/search, /index), over the core App's engines.

Each call opens its own handle on the index (Engines.open_image_index): the chat runs each call
on a new worker thread, and an index handle's SQLite connection serves one thread. The engines
under it (OCR, the `see` models, CLIP) are the process's shared ones.
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import AssistantError

if TYPE_CHECKING:
    from assistant.tools.images.index import IndexReport
    from assistant.tools.images.search import SearchResult
    from assistant.tui.services.runtime import ChatRuntime


class ImageIndexService:
    def __init__(self, runtime: ChatRuntime) -> None:
        self._rt = runtime

    def search(self, query: str, k: int = 8) -> SearchResult:
        if not query.strip():
            raise AssistantError("say what to look for: /search QUERY")
        from assistant.tools.images.search import ImageSearch

        with self._rt.in_use(), closing(self._rt.need_core().engines.open_image_index()) as index:
            return ImageSearch(index).search(query.strip(), k=k)

    def index(self, folder: str) -> IndexReport:
        """Add a folder of images to the index (slow: OCR per new image)."""
        if not folder.strip():
            raise AssistantError("give a folder: /index DIR")
        with self._rt.in_use(), closing(self._rt.need_core().engines.open_image_index()) as index:
            return index.update([Path(folder.strip()).expanduser()])
