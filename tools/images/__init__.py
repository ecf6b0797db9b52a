"""Image search: one index of the user's folders (OCR text, detected labels, CLIP) and search.

    index = ImageIndex(data_dir); index.update([folder]); ImageSearch(index).search("error dialog")

Names load from their modules on first use (see assistant.tools.lazy_exports).
"""

from __future__ import annotations

from typing import Any

from assistant.tools.lazy_exports import load

EXPORTS = {
    "ImageIndex": "index",
    "check_root": "index",
    "ImageSearch": "search",
    "ClipModel": "clip_model",
    "Catalog": "catalog",
    "ImageVectors": "store",
}
__all__ = sorted(EXPORTS)


def __getattr__(name: str) -> Any:
    return load(__name__, EXPORTS, name)
