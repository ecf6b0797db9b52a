"""Video: probe a file, sample frames (evenly, every S seconds, at scene cuts), contact sheets.

    frames = sample_frames("clip.mp4", n=8); contact_sheet(frames).save("sheet.jpg")

Names load from their modules on first use (see assistant.tools.lazy_exports).
"""

from __future__ import annotations

from typing import Any

from assistant.tools.lazy_exports import load

EXPORTS = {
    "probe": "frames",
    "sample_frames": "frames",
    "save_frames": "frames",
    "Frame": "frames",
    "FrameSet": "frames",
    "format_timestamp": "frames",
    "parse_timestamp": "frames",
    "VideoInfo": "decode",
    "VideoReader": "decode",
    "container_kind": "container",
    "coarse_windows": "windows",
    "VideoWindow": "windows",
    "VideoWindows": "windows",
    "contact_sheet": "sheet",
    "find_cuts": "scenes",
    "read_video": "reading",
    "frame_ocr_tool": "frame_ocr",
}
__all__ = sorted(EXPORTS)


def __getattr__(name: str) -> Any:
    return load(__name__, EXPORTS, name)
