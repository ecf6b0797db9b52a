"""The image index for the app: built from settings, and wrapped as the agent's `image_search` tool.

    index = build_image_index(settings)          # OCR text + `see` labels; CLIP when clip_model is set
    tools = image_search_tools(ctx, settings)     # [image_search]; indexed roots become readable

Hits come back to the model as evidence (path, score, signals, matched text); the typed
:class:`tools.image_search.SearchResult` rides along as the tool artifact.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from assistant.settings import Settings
    from assistant.toolset import ToolContext
    from tools.image_index import ImageIndex


def index_path(settings: Settings) -> Path:
    return settings.image_search.index_path or settings.home / "index"


def build_image_index(settings: Settings, client: Any = None) -> ImageIndex:
    """The image index the settings describe; engines load on first use. The `see` models label
    photos at index time (the process's shared pair, as settings.sight says)."""
    from tools.clip_model import ClipModel
    from tools.image_index import ImageIndex
    from tools.ocr import OcrTool
    from tools.sight import SightTool

    cfg, sight = settings.image_search, settings.sight
    clip = ClipModel(cfg.clip_model, device=cfg.device, batch_size=cfg.batch_size) if cfg.clip_model else None
    return ImageIndex(
        index_path(settings),
        client=client,
        host=cfg.chroma_host,
        port=cfg.chroma_port,
        clip=clip,
        ocr=OcrTool(engine=settings.ocr.engine, cache_dir=settings.home / "cache" / "ocr"),
        sight=SightTool(threads=sight.threads, models_dir=sight.models_dir),
        batch_size=cfg.batch_size,
    )


def indexed_roots(settings: Settings) -> list[Path]:
    """Folders recorded in the index (cheap: reads the SQLite catalog only, no chromadb)."""
    from tools.image_catalog import Catalog

    catalog_file = index_path(settings) / "catalog.sqlite3"
    if not catalog_file.exists():
        return []
    catalog = Catalog(catalog_file)
    try:
        return catalog.roots()
    finally:
        catalog.close()


def image_search_tools(ctx: ToolContext, settings: Settings | None = None) -> list[BaseTool]:
    """Factory ``(ToolContext) -> [image_search]``; lets tools read the folders that were indexed."""
    from assistant.toolset import make_tool

    if settings is None:
        from assistant.settings import load_settings

        settings = load_settings()
    for root in indexed_roots(settings):
        ctx.access.allow_root(root)
    state: dict[str, Any] = {}

    def searcher() -> Any:
        # Built on the first call: a turn that never searches opens no chromadb and no model.
        if "search" not in state:
            from tools.image_search import ImageSearch

            state["search"] = ImageSearch(build_image_index(settings))
        return state["search"]

    def image_search(query: str = "", k: int = 5, image_path: str = "") -> Any:
        from tools.errors import ToolInputError

        k = max(1, min(int(k), 20))
        if image_path.strip():
            return searcher().similar(ctx.access.check(image_path), k=k)
        if not query.strip():
            raise ToolInputError("give a query (what the image shows or says) or an image_path")
        return searcher().search(query, k=k)

    return [
        make_tool("image_search", image_search, {"query": (str, ""), "k": (int, 5), "image_path": (str, "")})
    ]


__all__ = ["build_image_index", "image_search_tools", "index_path", "indexed_roots"]
