"""The `image_search` tool: the user's indexed image folders, searched by the text in the
images, the objects detected in them and (with CLIP) what they show. The indexed folders become
readable for this turn, so the model can read a hit with another tool."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.agent_tools.contract import ToolContext, agent_tool

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from assistant.engines import Engines
    from assistant.tools.images.search import SearchResult

MAX_HITS = 20


def tools(ctx: ToolContext, engines: Engines) -> list[BaseTool]:
    for root in engines.indexed_roots():
        ctx.access.allow_root(root)
    opened: dict[str, Any] = {}

    def searcher() -> Any:
        # Opened on the turn's first search: a turn that never searches opens no chromadb. A
        # handle of its own, as its SQLite connection serves the thread that opened it.
        if "search" not in opened:
            from assistant.tools.images.search import ImageSearch

            opened["search"] = ImageSearch(engines.open_image_index())
        return opened["search"]

    def image_search(query: str = "", k: int = 5, image_path: str = "") -> SearchResult:
        from assistant.tools.errors import ToolInputError
        from assistant.tools.images.photo_hits import mark_photos

        k = max(1, min(int(k), MAX_HITS))
        if image_path.strip():
            return mark_photos(searcher().similar(ctx.access.check(image_path), k=k))
        if not query.strip():
            raise ToolInputError("give a query (what the image shows or says) or an image_path")
        return mark_photos(searcher().search(query, k=k))

    return [agent_tool(image_search)]
