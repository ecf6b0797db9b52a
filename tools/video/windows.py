"""Coarse pass over a long video: consecutive windows with a few frames each.

The coarse half of coarse-to-fine search. The caller describes each window (OCR, transcript,
a model that can see), picks the relevant ones, then calls
``sample_frames(start=..., end=..., n=...)`` inside them. A pure sampling helper: no OCR or
speech here, so it stays usable and testable alone.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.tools.errors import ToolInputError
from assistant.tools.video.decode import VideoInfo, VideoReader, to_image
from assistant.tools.video.frames import Frame, format_timestamp, resolve_range


@dataclass
class VideoWindow:
    index: int
    start: float
    end: float
    frames: list[Frame]


@dataclass
class VideoWindows:
    """A long video cut into consecutive windows with a few frames each (coarse pass)."""

    info: VideoInfo
    windows: list[VideoWindow]
    window: float
    """Window length in seconds (widened if the video would need more than max_windows)."""
    seconds: float
    source: Path = field(default_factory=Path)
    decoded: int = 0

    @property
    def frames(self) -> list[Frame]:
        """All windows' frames in time order (what save_frames writes)."""
        return [f for w in self.windows for f in w.frames]

    def to_dict(self) -> dict[str, Any]:
        return {
            "duration": round(self.info.duration, 3),
            "fps": round(self.info.fps, 3),
            "window": round(self.window, 3),
            "windows": [
                {
                    "index": w.index,
                    "start": round(w.start, 3),
                    "end": round(w.end, 3),
                    "frames": [
                        {
                            "index": f.index,
                            "timestamp": round(f.timestamp, 3),
                            "path": str(f.path) if f.path else None,
                        }
                        for f in w.frames
                    ],
                }
                for w in self.windows
            ],
        }

    def summary(self) -> str:
        return (
            f"{len(self.windows)} windows of {self.window:g} s from {self.source.name} "
            f"[{format_timestamp(self.info.duration)}]"
        )

    def evidence_text(self) -> str:
        from assistant.prompts import render

        windows = [
            {
                "index": w.index,
                "start": format_timestamp(w.start),
                "end": format_timestamp(w.end),
                "times": [format_timestamp(f.timestamp) for f in w.frames],
            }
            for w in self.windows
        ]
        return render(
            "video",
            "windows_evidence",
            video=self.source.name,
            duration=format_timestamp(self.info.duration),
            count=len(windows),
            window=f"{self.window:g}",
            windows=windows,
        )


def coarse_windows(
    path: Path | str,
    window: float = 60.0,
    per_window: int = 3,
    *,
    start: float | str | None = None,
    end: float | str | None = None,
    max_windows: int = 24,
    max_side: int | None = None,
    timeout: float = 300.0,
) -> VideoWindows:
    """Split [start, end] into windows of ``window`` seconds and sample ``per_window`` frames each.

    The coarse half of coarse-to-fine search: describe each window (by OCR, a transcript, a
    model that can see), pick the relevant ones, then ``sample_frames(start=..., end=..., n=...)``
    inside them. Windows widen when the video would need more than ``max_windows``.
    """
    if window <= 0 or per_window < 1 or max_windows < 1:
        raise ToolInputError("window must be > 0 s, per_window >= 1 and max_windows >= 1")
    began = time.perf_counter()
    with VideoReader(path, timeout=timeout) as reader:
        lo, hi = resolve_range(reader.info, start, end)
        count = max(1, int(-(-(hi - lo) // window)))
        if count > max_windows:
            count, window = max_windows, (hi - lo) / max_windows
        bounds = [(lo + i * window, min(hi, lo + (i + 1) * window)) for i in range(count)]
        targets = [a + (j + 0.5) * (b - a) / per_window for a, b in bounds for j in range(per_window)]
        found = reader.frames_at(targets)
        windows: list[VideoWindow] = []
        index = 0
        for w, (a, b) in enumerate(bounds):
            frames: list[Frame] = []
            for ts, frame in found[w * per_window : (w + 1) * per_window]:
                if frames and abs(frames[-1].timestamp - ts) < 1e-6:
                    continue
                frames.append(Frame(index, ts, to_image(frame, max_side)))
                index += 1
            windows.append(VideoWindow(w, a, b, frames))
        return VideoWindows(
            info=reader.info,
            windows=windows,
            window=window,
            seconds=time.perf_counter() - began,
            source=reader.path,
            decoded=reader.decoded,
        )
