"""OCR: the exact text of screenshots and photos, and what an error on screen says.

    text = OcrTool().read(png_bytes).text; analysis = analyze(text)

Names load from their modules on first use (see assistant.tools.lazy_exports).
"""

from __future__ import annotations

from typing import Any

from assistant.tools.lazy_exports import load

EXPORTS = {
    "OcrTool": "reader",
    "OcrResult": "reader",
    "read_text": "reader",
    "ENGINE_NAMES": "engines",
    "make_engine": "engines",
    "ScreenAnalysis": "screen_text",
    "analyze": "screen_text",
    "read_screenshot": "screenshot",
}
__all__ = sorted(EXPORTS)


def __getattr__(name: str) -> Any:
    return load(__name__, EXPORTS, name)
