"""Sight: objects (YOLOv3-tiny, 80 COCO classes) and ImageNet classes (MobileNetV2) in a photo.

    result = SightTool().look("photo.jpg"); print(result.counts)

Names load from their modules on first use (see assistant.tools.lazy_exports).
"""

from __future__ import annotations

from typing import Any

from assistant.tools.lazy_exports import load

EXPORTS = {
    "SightTool": "see",
    "SightResult": "see",
    "save_annotated": "see",
    "SightModels": "models",
    "shared_models": "models",
}
__all__ = sorted(EXPORTS)


def __getattr__(name: str) -> Any:
    return load(__name__, EXPORTS, name)
