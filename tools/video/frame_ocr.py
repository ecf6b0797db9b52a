"""An OCR engine tuned for video frames: RapidOCR's text detector at the frame's own size.

    ocr = frame_ocr_tool(cache_dir=home / "cache" / "ocr")   # an OcrTool like any other
    ocr.read(png_bytes).text

RapidOCR's default detector scales every image up until its *short* side is 736 px, which
suits small screenshots but makes a 320x240 frame cost as much as a 981x736 one: ~1 s per frame
on two cores against ~0.1 s at the frame's own size (measured on the when-test clip). Video
text worth asking about (titles, slides, subtitles) is large, so here the detector only scales
*down*, to at most ``max_side`` px on the long side, and the orientation classifier is off
(frames are upright). Results are cached under their own key, apart from screenshot OCR.
"""

from __future__ import annotations

from pathlib import Path

from assistant.tools.ocr.engines import RapidOcrEngine
from assistant.tools.ocr.reader import OcrTool

DEFAULT_MAX_SIDE = 960


class FrameOcrEngine(RapidOcrEngine):
    """RapidOCR with detection capped at ``max_side`` px (never enlarged) and no angle pass."""

    def __init__(self, max_side: int = DEFAULT_MAX_SIDE, text_score: float = 0.5, threads: int | None = None) -> None:
        super().__init__(text_score=text_score, threads=threads)
        self.max_side = max_side
        self.cache_key = f"rapidocr-frame-s{text_score}-max{max_side}-reread2"

    missing_hint = ""  # frames are always read by RapidOCR, whatever --engine says

    def _params(self) -> dict[str, object]:
        return {**super()._params(), "Global.use_cls": False, "Det.limit_type": "max",
                "Det.limit_side_len": self.max_side}


def frame_ocr_tool(cache_dir: str | Path | None = None, max_side: int = DEFAULT_MAX_SIDE) -> OcrTool:
    """An :class:`OcrTool` reading video frames cheaply (see the module docstring)."""
    return OcrTool(engine=FrameOcrEngine(max_side=max_side), cache_dir=cache_dir)


__all__ = ["DEFAULT_MAX_SIDE", "FrameOcrEngine", "frame_ocr_tool"]
