"""Sample still frames from a video: evenly, every S seconds, or at scene changes.

    info = probe("talk.mp4")
    frames = sample_frames("talk.mp4", n=8)                    # centres of 8 equal slices
    frames = sample_frames("talk.mp4", every=2, start=60, end=90)
    frames = sample_frames("talk.mp4", scenes=True)
    save_frames(frames, "out/")

Contact sheets (sheet.py) and the windows of long videos (windows.py) build on this module;
the package facade, assistant.tools.video, exports all three.

Uniform and every-S sampling seek to the keyframe before each target and decode forward to
the first frame at or after it, so their cost grows with the number of frames asked for, not
with the length of the video. Scene sampling has to look at the whole range (at a reduced rate
for long ones, see assistant.tools.video.scenes). PyAV, numpy and Pillow are imported on first use so
importing this module stays cheap. Decoding lives in assistant.tools.video.decode.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.tools.errors import ToolInputError
from assistant.tools.video.decode import VideoInfo, VideoReader, to_image

if TYPE_CHECKING:
    from PIL import Image

    from assistant.tools.video.windows import VideoWindows

__all__ = [
    "Frame",
    "FrameSet",
    "VideoInfo",
    "format_timestamp",
    "parse_timestamp",
    "probe",
    "sample_frames",
    "save_frames",
]

Mode = Literal["uniform", "every", "scenes"]


def format_timestamp(seconds: float) -> str:
    """``mm:ss.s`` (``h:mm:ss.s`` past an hour), the way a player's clock reads."""
    tenths = round(max(0.0, seconds) * 10)
    s, tenth = divmod(tenths, 10)
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}.{tenth}" if h else f"{m:02d}:{s:02d}.{tenth}"


_TIME_RE = re.compile(r"^(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d*)?)$")


def parse_timestamp(text: str | float) -> float:
    """Seconds from ``"75"``, ``"75.5"``, ``"1:15"``, ``"01:15.5"`` or ``"1:02:03"``."""
    if isinstance(text, (int, float)):
        value = float(text)
    else:
        match = _TIME_RE.match(text.strip())
        if not match:
            raise ToolInputError(f"cannot read time {text!r}; use seconds (75), mm:ss (1:15) or hh:mm:ss")
        a, b, c = match.groups()
        parts = [float(p) for p in (a, b) if p is not None]
        if len(parts) == 2:
            value = parts[0] * 3600 + parts[1] * 60 + float(c)
        elif parts:
            value = parts[0] * 60 + float(c)
        else:
            value = float(c)
    if value < 0:
        raise ToolInputError(f"time {text!r} is negative; times count from the start of the video")
    return value


@dataclass
class Frame:
    index: int
    """Position in the sampled set, from 0."""
    timestamp: float
    """Presentation time in seconds from the start of the video (pts x time_base)."""
    image: Image.Image
    path: Path | None = None
    """Where save_frames wrote it, if it did."""
    score: float | None = None
    """Scene sampling: how much the picture changed against the frame before (0..1)."""


@dataclass
class FrameSet:
    info: VideoInfo
    frames: list[Frame]
    mode: Mode
    seconds: float
    """Wall time the sampling took."""
    source: Path = field(default_factory=Path)
    start: float = 0.0
    end: float = 0.0
    step: float | None = None
    """The S of every-S sampling."""
    decoded: int = 0
    """Frames the decoder produced to build this set (the cost; compare to info.frame_count)."""
    truncated: bool = False
    """Scene sampling found more changes than max_frames; the largest ones were kept."""
    warnings: list[str] = field(default_factory=list)
    """Damage found while decoding (a file that ends early, an undecodable stretch)."""

    @property
    def duration(self) -> float:
        return self.info.duration

    @property
    def fps(self) -> float:
        return self.info.fps

    def to_dict(self) -> dict[str, Any]:
        frames = []
        for f in self.frames:
            item: dict[str, Any] = {
                "index": f.index,
                "timestamp": round(f.timestamp, 3),
                "path": str(f.path) if f.path else None,
            }
            if self.mode == "scenes":
                item["score"] = None if f.score is None else round(f.score, 4)
            frames.append(item)
        data = {
            "duration": round(self.duration, 3),
            "fps": round(self.fps, 3),
            "frames": frames,
            "mode": self.mode,
        }
        if self.warnings:
            data["warnings"] = list(self.warnings)
        return data

    def summary(self) -> str:
        times = ", ".join(format_timestamp(f.timestamp) for f in self.frames[:6])
        more = f", +{len(self.frames) - 6} more" if len(self.frames) > 6 else ""
        return (
            f"{len(self.frames)} frames ({self.mode}) from {self.source.name} "
            f"[{format_timestamp(self.duration)}]: {times}{more}"
        )

    def evidence_text(self) -> str:
        from assistant.prompts import render

        frames = [
            {
                "index": f.index,
                "time": format_timestamp(f.timestamp),
                "score": None if f.score is None else f"{f.score:.2f}",
                "path": str(f.path) if f.path else "",
            }
            for f in self.frames
        ]
        return render(
            "video",
            "evidence",
            video=self.source.name,
            duration=format_timestamp(self.duration),
            width=self.info.width,
            height=self.info.height,
            mode=self.mode,
            step=f"{self.step:g}" if self.step else "",
            start=format_timestamp(self.start),
            end=format_timestamp(self.end),
            count=len(self.frames),
            frames=frames,
            truncated=self.truncated,
            warnings=self.warnings,
        )


def probe(path: Path | str) -> VideoInfo:
    """Length, rate, size, frame count, audio presence and codec, without decoding pictures."""
    with VideoReader(path) as reader:
        return reader.info


def resolve_range(info: VideoInfo, start: float | str | None, end: float | str | None) -> tuple[float, float]:
    lo = parse_timestamp(start) if start is not None else 0.0
    hi = parse_timestamp(end) if end is not None else info.duration
    if lo >= info.duration:
        raise ToolInputError(
            f"start {format_timestamp(lo)} is past the end of the video ({format_timestamp(info.duration)})"
        )
    hi = min(hi, info.duration)
    if hi <= lo:
        raise ToolInputError(f"end {format_timestamp(hi)} must come after start {format_timestamp(lo)}")
    return lo, hi


def sample_frames(
    path: Path | str,
    n: int | None = None,
    every: float | None = None,
    scenes: bool = False,
    start: float | str | None = None,
    end: float | str | None = None,
    max_frames: int = 64,
    scene_threshold: float | None = None,
    *,
    max_side: int | None = None,
    timeout: float = 300.0,
) -> FrameSet:
    """Frames from ``path`` with their timestamps; one of n / every / scenes (default n=8).

    ``start``/``end`` (seconds or "mm:ss") limit every mode. ``max_side`` shrinks the images.
    Raises ToolInputError for a bad file or arguments, EngineUnavailable without PyAV.
    """
    chosen = sum(x is not None and x is not False for x in (n, every, scenes or None))
    if chosen > 1:
        raise ToolInputError("choose one of n, every or scenes, not several")
    if n is not None and n < 1:
        raise ToolInputError(f"n must be at least 1, got {n}")
    if every is not None and every <= 0:
        raise ToolInputError(f"every must be a positive number of seconds, got {every}")
    if max_frames < 1:
        raise ToolInputError(f"max_frames must be at least 1, got {max_frames}")
    if n is None and every is None and not scenes:
        n = 8
    if n is not None and n > max_frames:
        raise ToolInputError(f"n={n} is more than max_frames={max_frames}; ask for fewer frames")

    began = time.perf_counter()
    mode: Mode = "scenes" if scenes else "every" if every is not None else "uniform"
    with VideoReader(path, timeout=timeout, threads=scenes) as reader:
        info = reader.info
        lo, hi = resolve_range(info, start, end)
        scores: list[float | None] = []
        truncated = False
        if mode == "uniform":
            assert n is not None
            width = (hi - lo) / n
            targets = [lo + (i + 0.5) * width for i in range(n)]
        elif mode == "every":
            assert every is not None
            count = int((hi - lo) / every - 1e-9) + 1
            if count > max_frames:
                raise ToolInputError(
                    f"one frame every {every:g} s over {hi - lo:.1f} s is {count} frames, more than "
                    f"max_frames={max_frames}; use a larger step or a shorter start/end range"
                )
            targets = [lo + k * every for k in range(count)]
        else:
            from assistant.tools.video.scenes import DEFAULT_THRESHOLD, find_cuts

            cuts = find_cuts(
                reader, lo, hi, threshold=DEFAULT_THRESHOLD if scene_threshold is None else scene_threshold
            )
            if len(cuts) > max_frames:
                # Keep the opening frame and the largest changes, back in time order.
                kept = [cuts[0], *sorted(cuts[1:], key=lambda c: -(c.score or 0))[: max_frames - 1]]
                cuts = sorted(kept, key=lambda c: c.timestamp)
                truncated = True
            targets = [c.timestamp for c in cuts]
            scores = [c.score for c in cuts]
        found = reader.frames_at(targets)
        warnings = _damage(reader, targets, [ts for ts, _ in found], lo, hi, mode)
        frames: list[Frame] = []
        seen: set[float] = set()
        for i, (ts, frame) in enumerate(found):
            # More targets than frames in a short range land on the same frame: keep it once.
            if round(ts, 6) in seen:
                continue
            seen.add(round(ts, 6))
            score = scores[i] if i < len(scores) else None
            frames.append(Frame(len(frames), ts, to_image(frame, max_side), score=score))
        if not frames:
            raise ToolInputError(f"{reader.path.name}: no frame could be decoded; the file looks broken")
        return FrameSet(
            info=info,
            frames=frames,
            mode=mode,
            seconds=time.perf_counter() - began,
            source=reader.path,
            start=lo,
            end=hi,
            step=every,
            decoded=reader.decoded,
            truncated=truncated,
            warnings=warnings,
        )


def _damage(
    reader: VideoReader, targets: list[float], got: list[float], start: float, end: float, mode: Mode
) -> list[str]:
    """Say so when the frames returned are not the frames asked for because the file is damaged.

    FFmpeg skips what it cannot decode, so a truncated or corrupt file still yields frames;
    without a note the caller would take a late frame for the one at the requested time.
    """
    fps = reader.info.fps
    warnings: list[str] = []
    slack = max(1.0, 3 / fps)
    # A scene pass over a long span reads keyframes only, and the last one can sit a GOP early.
    end_slack = max(slack, 10.0) if mode == "scenes" and end - start > 1800 else slack
    if reader.last_seen < end - end_slack and (
        mode == "scenes" or any(t > reader.last_seen + slack for t in targets)
    ):
        warnings.append(
            f"no frame could be decoded after {format_timestamp(reader.last_seen)} although the video "
            f"claims {format_timestamp(reader.info.duration)}; the file looks truncated or damaged"
        )
    # A frame far after its target is damage only if packets in between never decoded; in a
    # variable-frame-rate file the next frame can simply be seconds away.
    holes = list(reader.gaps) + [
        (t, ts) for t, ts in zip(targets, got) if ts > t + slack and reader.lost_between(t, ts)
    ]
    if holes:
        a, b = min(holes)
        warnings.append(
            f"no frame could be decoded between {format_timestamp(a)} and {format_timestamp(b)}; "
            "that part of the file looks damaged"
        )
    return warnings


def frame_filename(frame: Frame, suffix: str = ".jpg") -> str:
    """``frame_003_00h00m08.000s.jpg``: index and timestamp, sortable by name."""
    ms = round(frame.timestamp * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    return f"frame_{frame.index:03d}_{h:02d}h{m:02d}m{rest / 1000:06.3f}s{suffix}"


def save_frames(frameset: FrameSet | VideoWindows, out_dir: Path | str, fmt: str = "jpg") -> list[Path]:
    """Write each frame as JPEG or PNG into ``out_dir`` and record the path on the frame."""
    fmt = fmt.lower().lstrip(".")
    if fmt not in ("jpg", "jpeg", "png"):
        raise ToolInputError(f"cannot save frames as {fmt!r}; use jpg or png")
    out = Path(out_dir).expanduser()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ToolInputError(f"cannot create {out}: {exc.strerror}") from None
    paths = []
    for frame in frameset.frames:
        target = out / frame_filename(frame, "." + fmt)
        if fmt == "png":
            frame.image.save(target, "PNG")
        else:
            frame.image.convert("RGB").save(target, "JPEG", quality=90)
        frame.path = target
        paths.append(target)
    return paths
