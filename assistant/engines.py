"""The heavy engines of one app (OCR, Whisper), created on first use and shared by all turns."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from assistant.settings import Settings

if TYPE_CHECKING:
    from memory.store import MemoryStore
    from tools.ocr import OcrTool
    from tools.sight import SightTool
    from tools.speech import SpeechTool


class Engines:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def ocr(self) -> OcrTool:
        from tools.ocr import OcrTool

        return OcrTool(engine=self.settings.ocr.engine, cache_dir=self.settings.home / "cache" / "ocr")

    @cached_property
    def frame_ocr(self) -> OcrTool:
        """OCR for video frames: a smaller detector size than screenshots need (~4x faster)."""
        from tools.frame_ocr import frame_ocr_tool

        return frame_ocr_tool(self.settings.home / "cache" / "ocr")

    @cached_property
    def sight(self) -> SightTool:
        """The photo detector and classifier; the models load on the first look, once per process."""
        from tools.sight import SightTool

        cfg = self.settings.sight
        return SightTool(min_score=cfg.min_score, threads=cfg.threads, models_dir=cfg.models_dir)

    @cached_property
    def speech(self) -> SpeechTool:
        from tools.speech import SpeechTool

        cfg = self.settings.speech
        return SpeechTool(model=cfg.model, device=cfg.device, compute_type=cfg.compute_type,
                          models_dir=self.settings.models_dir)

    @property
    def memory_exists(self) -> bool:
        """Whether any memory was ever written (recall skips loading chromadb when not)."""
        return bool(self.settings.memory.chroma_host) or (self.settings.home / "memory").exists()

    @cached_property
    def memory(self) -> MemoryStore:
        return build_memory_store(self.settings)


def build_memory_store(settings: Settings) -> MemoryStore:
    """The memory store the settings describe (embedded under home/memory unless a server is set)."""
    from memory.embedders import MiniLMEmbedder, OpenAIEmbedder
    from memory.store import MemoryStore

    cfg = settings.memory
    embedder: object
    if cfg.embedder == "openai":
        key = settings.openai.api_key.get_secret_value() if settings.openai.api_key else None
        embedder = OpenAIEmbedder(api_key=key, model=cfg.openai_model, base_url=settings.openai.base_url)
    else:
        embedder = MiniLMEmbedder()
    return MemoryStore(
        path=settings.home / "memory",
        embedder=embedder,
        host=cfg.chroma_host,
        port=cfg.chroma_port,
        duplicate_similarity=cfg.duplicate_similarity,
    )
