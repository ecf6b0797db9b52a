"""The heavy engines of one process (OCR, Whisper, the vision models, memory, the image index),
each built from settings on first use and shared by the agent tools, the CLI commands and the
chat app. Nothing loads here: each engine loads its model on its first call.

    engines = Engines(settings)
    engines.ocr.read("shot.png")                    # the one OcrTool (RapidOCR unless set)
    engines.speech_with("base").transcribe(...)     # another Whisper model than speech.model
    index = engines.open_image_index()              # a handle of its own (its own SQLite connection)
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.memory.store import MemoryStore
    from assistant.tools.images.clip_model import ClipModel
    from assistant.tools.images.index import ImageIndex
    from assistant.tools.ocr.reader import OcrTool
    from assistant.tools.sight.see import SightTool
    from assistant.tools.speech.transcriber import SpeechTool


class Engines:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._other_speech: dict[str, SpeechTool] = {}

    # -- reading images ------------------------------------------------------------------------
    @property
    def ocr_cache(self) -> Path:
        return self.settings.home / "cache" / "ocr"

    @cached_property
    def ocr(self) -> OcrTool:
        return self._ocr_tool(self.settings.ocr.engine, self.ocr_cache)

    def ocr_with(self, engine: str | None = None, cache: bool = True) -> OcrTool:
        """The shared OcrTool, or another one for `assistant ocr --engine/--no-cache`."""
        if (not engine or engine == self.settings.ocr.engine) and cache:
            return self.ocr
        return self._ocr_tool(engine or self.settings.ocr.engine, self.ocr_cache if cache else None)

    @staticmethod
    def _ocr_tool(engine: str, cache_dir: Path | None) -> OcrTool:
        from assistant.tools.ocr.reader import OcrTool

        return OcrTool(engine=engine, cache_dir=cache_dir)

    @cached_property
    def frame_ocr(self) -> OcrTool:
        """OCR for video frames: a smaller detector size than screenshots need (~4x faster)."""
        from assistant.tools.video.frame_ocr import frame_ocr_tool

        return frame_ocr_tool(self.ocr_cache)

    @cached_property
    def sight(self) -> SightTool:
        """The photo detector and classifier; the models load on the first look, once per process."""
        from assistant.tools.sight.see import SightTool

        cfg = self.settings.sight
        return SightTool(min_score=cfg.min_score, threads=cfg.threads, models_dir=cfg.models_dir)

    # -- speech --------------------------------------------------------------------------------
    @cached_property
    def speech(self) -> SpeechTool:
        """The live voice loop's model (``speech.model``): fast enough to answer while you wait."""
        return self._speech_tool(self.settings.speech.model)

    @property
    def speech_for_files(self) -> SpeechTool:
        """The model for recordings you hand over (``speech.file_model``): accuracy first."""
        return self.speech_with(self.settings.speech.file_model)

    def speech_with(self, model: str | None = None) -> SpeechTool:
        """The shared SpeechTool, or one for another Whisper model (`--model`), loaded once."""
        if not model or model == self.settings.speech.model:
            return self.speech
        if model not in self._other_speech:
            self._other_speech[model] = self._speech_tool(model)
        return self._other_speech[model]

    def _speech_tool(self, model: str) -> SpeechTool:
        from assistant.tools.speech.transcriber import SpeechTool

        cfg = self.settings.speech
        return SpeechTool(model=model, device=cfg.device, compute_type=cfg.compute_type,
                          models_dir=self.settings.models_dir)

    @property
    def speech_if_installed(self) -> SpeechTool | None:
        """The SpeechTool when faster-whisper is installed: video readings go on without sound."""
        try:
            import faster_whisper  # noqa: F401
        except ImportError:
            return None
        return self.speech

    # -- memory --------------------------------------------------------------------------------
    @property
    def memory_exists(self) -> bool:
        """Whether any memory was ever written (recall skips loading chromadb when not)."""
        return bool(self.settings.memory.chroma_host) or (self.settings.home / "memory").exists()

    @cached_property
    def memory(self) -> MemoryStore:
        return build_memory_store(self.settings)

    # -- the image index -----------------------------------------------------------------------
    @property
    def index_path(self) -> Path:
        return self.settings.image_search.index_path or self.settings.home / "index"

    @cached_property
    def clip(self) -> ClipModel | None:
        """The CLIP model image search uses when ``image_search.clip_model`` is set."""
        from assistant.tools.images.clip_model import ClipModel

        cfg = self.settings.image_search
        return ClipModel(cfg.clip_model, device=cfg.device, batch_size=cfg.batch_size) if cfg.clip_model else None

    def open_image_index(self, client: Any = None) -> ImageIndex:
        """A new handle on the image index (OCR text, `see` labels, CLIP when set) over this
        process's engines. Its SQLite connection serves one thread: a turn's tool opens its own."""
        from assistant.tools.images.index import ImageIndex

        cfg = self.settings.image_search
        return ImageIndex(self.index_path, client=client, host=cfg.chroma_host, port=cfg.chroma_port,
                          clip=self.clip, ocr=self.ocr, sight=self.sight, batch_size=cfg.batch_size)

    @cached_property
    def image_index(self) -> ImageIndex:
        """The process's handle on the image index (`assistant index`, `assistant search`, the chat app)."""
        return self.open_image_index()

    def indexed_roots(self) -> list[Path]:
        """Folders recorded in the index (cheap: reads the SQLite catalog only, no chromadb)."""
        from assistant.tools.images.catalog import Catalog

        catalog_file = self.index_path / "catalog.sqlite3"
        if not catalog_file.exists():
            return []
        catalog = Catalog(catalog_file)
        try:
            return catalog.roots()
        finally:
            catalog.close()

    def close(self) -> None:
        """Release the stores that were opened (engines with nothing open cost nothing)."""
        if "image_index" in self.__dict__:
            self.__dict__.pop("image_index").close()
        if "memory" in self.__dict__:
            self.memory.close()


def build_memory_store(settings: Settings) -> MemoryStore:
    """The memory store the settings describe (embedded under home/memory unless a server is set)."""
    from assistant.memory.store import MemoryStore
    from assistant.tools.embedding.embedders import MiniLMEmbedder, OpenAIEmbedder

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
