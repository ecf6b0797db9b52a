"""OCR tool: read the text in an image, lines in reading order with indentation kept.

    tool = OcrTool()                       # RapidOCR, loaded on the first read
    result = tool.read("shot.png")         # OcrResult; the same image again is a cache hit

Results are cached by (image content hash, engine cache key): in memory, and as JSON files in
``cache_dir`` when one is given, so asking about the same screenshot twice costs nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from assistant.tools.media import MAX_PIXELS, image_from_bytes, read_media_bytes
from assistant.tools.ocr.engines import ENGINE_NAMES, OcrEngine, make_engine
from assistant.tools.ocr.layout import Box, rebuild_lines

log = logging.getLogger(__name__)

CACHE_FORMAT = 1


@dataclass(frozen=True)
class OcrLine:
    text: str
    """The line with leading spaces for its indentation."""
    box: Box
    """(x0, y0, x1, y1) in pixels of the upright image."""
    confidence: float
    """0..1, the engine's score averaged over the line's characters."""

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "box": list(self.box), "confidence": self.confidence}


@dataclass(frozen=True)
class OcrResult:
    text: str
    lines: list[OcrLine]
    engine: str
    seconds: float
    """Wall time of this call (a cache hit is close to zero)."""
    image_sha256: str
    cached: bool = False
    source: str | None = field(default=None, compare=False)
    """Where the image came from (a path), for messages; not part of the cached data."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "lines": [line.to_dict() for line in self.lines],
            "engine": self.engine,
            "seconds": round(self.seconds, 4),
            "image_sha256": self.image_sha256,
            "cached": self.cached,
        }

    @property
    def mean_confidence(self) -> float:
        if not self.lines:
            return 0.0
        return sum(line.confidence for line in self.lines) / len(self.lines)

    def summary(self) -> str:
        from assistant.prompts import render

        return render(
            "ocr", "summary", n_lines=len(self.lines), n_chars=len(self.text), engine=self.engine,
            seconds=round(self.seconds, 2), cached=self.cached,
        )

    def evidence_text(self) -> str:
        from assistant.prompts import render

        return render(
            "ocr", "evidence", text=self.text, engine=self.engine, source=self.source or "the image",
            confidence=round(self.mean_confidence, 2), n_lines=len(self.lines),
        )

    @classmethod
    def from_cache(cls, data: dict[str, Any]) -> OcrResult:
        lines = [OcrLine(d["text"], tuple(d["box"]), float(d["confidence"])) for d in data["lines"]]  # type: ignore[arg-type]
        return cls(
            text=data["text"], lines=lines, engine=data["engine"], seconds=float(data["seconds"]),
            image_sha256=data["image_sha256"], cached=True,
        )


class OcrTool:
    """Reads images with an injected engine (a name or an :class:`OcrEngine`), caching results."""

    def __init__(
        self,
        engine: OcrEngine | str = "rapidocr",
        cache_dir: str | Path | None = None,
        max_pixels: int = MAX_PIXELS,
    ) -> None:
        self._engine_spec = engine
        self._engine: OcrEngine | None = None if isinstance(engine, str) else engine
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.max_pixels = max_pixels
        self._memory: dict[str, OcrResult] = {}
        self._lock = threading.Lock()

    @property
    def engine(self) -> OcrEngine:
        # Building an engine object is cheap; its model loads inside the first recognize().
        if self._engine is None:
            self._engine = make_engine(str(self._engine_spec))
        return self._engine

    @property
    def engine_name(self) -> str:
        return self._engine_spec if isinstance(self._engine_spec, str) else self._engine_spec.name

    def read(self, source: str | Path | bytes) -> OcrResult:
        """OCR one image (path or bytes). Bad input raises ToolInputError; a missing engine,
        EngineUnavailable."""
        start = time.perf_counter()
        data, path = read_media_bytes(source)
        sha = hashlib.sha256(data).hexdigest()
        label = str(path) if path else None
        key = f"{self.engine.cache_key}-{sha}"
        hit = self._cache_get(key)
        if hit is not None:
            return replace(hit, seconds=time.perf_counter() - start, cached=True, source=label)
        loaded = image_from_bytes(data, path=path, max_pixels=self.max_pixels)
        raw = self.engine.recognize(loaded.image)
        layout = rebuild_lines(raw)
        lines = [OcrLine(ln.text, ln.box, ln.confidence) for ln in layout]
        result = OcrResult(
            text="\n".join(line.text for line in lines),
            lines=lines,
            engine=self.engine.name,
            seconds=time.perf_counter() - start,
            image_sha256=sha,
            cached=False,
            source=label,
        )
        self._cache_put(key, result)
        return result

    def _cache_file(self, key: str) -> Path | None:
        return self.cache_dir / f"{key}.json" if self.cache_dir else None

    def _cache_get(self, key: str) -> OcrResult | None:
        with self._lock:
            if key in self._memory:
                return self._memory[key]
        file = self._cache_file(key)
        if file is None or not file.exists():
            return None
        try:
            payload = json.loads(file.read_text(encoding="utf-8"))
            if payload.get("format") != CACHE_FORMAT:
                return None
            result = OcrResult.from_cache(payload["result"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # A damaged cache entry is only a lost shortcut: read the image again.
            log.debug("ignoring OCR cache entry %s: %s", file, exc)
            return None
        with self._lock:
            self._memory[key] = result
        return result

    def _cache_put(self, key: str, result: OcrResult) -> None:
        with self._lock:
            self._memory[key] = result
        file = self._cache_file(key)
        if file is None:
            return
        payload = {"format": CACHE_FORMAT, "result": result.to_dict()}
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            # Write-then-rename so a reader never sees half a file.
            fd, tmp = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(payload, fh)
            os.replace(tmp, file)
        except OSError as exc:
            log.warning("cannot write OCR cache %s: %s", file, exc)


def read_text(source: str | Path | bytes, engine: OcrEngine | str = "rapidocr") -> OcrResult:
    """One-off OCR without a cache directory."""
    return OcrTool(engine=engine).read(source)


__all__ = ["ENGINE_NAMES", "OcrEngine", "OcrLine", "OcrResult", "OcrTool", "read_text"]
