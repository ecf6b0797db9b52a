"""Read a screenshot for debugging: OCR text plus what kind of error it shows.

Combines assistant.tools.ocr.reader (exact text, indentation kept) with assistant.tools.ocr.screen_text (error type, message,
file paths and line numbers), so a model that cannot see still gets what a screenshot says.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.tools.ocr.frame_owner import is_library_frame
from assistant.tools.ocr.reader import OcrResult, OcrTool
from assistant.tools.ocr.screen_text import ScreenAnalysis, analyze


@dataclass
class ScreenshotReading:
    ocr: OcrResult
    analysis: ScreenAnalysis

    def to_dict(self) -> dict[str, Any]:
        return {**self.ocr.to_dict(), "analysis": self.analysis.to_dict()}

    def summary(self) -> str:
        return f"{self.ocr.summary()}; {self.analysis.summary()}"

    def evidence_text(self) -> str:
        from assistant.prompts import render

        return render(
            "ocr", "screenshot_evidence", source=Path(self.ocr.source).name if self.ocr.source else "image",
            kind=self.analysis.kind, kind_label=render("ocr", f"kind_{self.analysis.kind}"), error_type=self.analysis.error_type,
            error_message=self.analysis.error_message, locations=[str(c) for c in self.analysis.locations],
            library=[is_library_frame(c.path, c.function) for c in self.analysis.locations], fixes=self.analysis.fixes,
            text=self.ocr.text,
        )


def read_screenshot(ocr: OcrTool, path: str | Path | bytes) -> ScreenshotReading:
    result = ocr.read(path)
    return ScreenshotReading(result, analyze(result.text))
