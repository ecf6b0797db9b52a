"""When: at what time a text appears on screen or a phrase is said, to within half a second.

    answer = find_when("clip.mp4", when_question("when does EXIT appear?"), ocr=reader)

Names load from their modules on first use (see assistant.tools.lazy_exports).
"""

from __future__ import annotations

from typing import Any

from assistant.tools.lazy_exports import load

EXPORTS = {
    "find_when": "find",
    "when_question": "question",
    "WhenQuery": "question",
    "find_spoken": "in_speech",
    "find_text_appearance": "in_video",
    "seconds_text": "wording",
}
__all__ = sorted(EXPORTS)


def __getattr__(name: str) -> Any:
    return load(__name__, EXPORTS, name)
