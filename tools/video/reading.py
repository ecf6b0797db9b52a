"""Read a video for a question: frames with timestamps, the text in each, and the speech.

Short clips: evenly spaced frames plus a frame at every scene change (so "when does X appear"
is answered to the frame, not to the sampling interval), and the last frame of each scene that
lasted a while (a zoom or a fade can end on a title card that no other frame shows). Long clips,
coarse to fine: sample windows cheaply, read each window's text, keep the windows whose text
matches the question's words (or all of them if none does), then sample those finely. Each
frame's text comes from OCR, cached by image hash; the audio track, if any, is transcribed with
timestamps. Given the photo models (``sight``), the frames that look like camera footage are
also looked at by them (tools/video/frame_sight.py), reusing the decoded frames.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.tools.errors import EngineUnavailable, ToolError
from assistant.tools.ocr.reader import OcrTool
from assistant.tools.sight.photo_or_screen import is_flat
from assistant.tools.video.decode import VideoReader, to_image
from assistant.tools.video.frame_sight import VideoSight, look_at_frames
from assistant.tools.video.frames import Frame, FrameSet, format_timestamp, probe, sample_frames
from assistant.tools.video.palette import Palette, palette, tone

if TYPE_CHECKING:
    from assistant.tools.sight.see import SightTool

LONG_VIDEO_SECONDS = 180.0
SCENE_END_MIN_SECONDS = 1.0
"""A scene at least this long also has its last frame read; a shorter one looks the same throughout."""
_WORD = re.compile(r"[A-Za-z0-9]{3,}")


@dataclass
class FrameText:
    timestamp: float
    text: str
    scene_change: bool = False
    flat: bool = field(default=True, repr=False, compare=False)
    """A few flat colours cover most of the frame (a screen, a slide; tools/sight/photo_or_screen.py)."""
    png: bytes = field(default=b"", repr=False, compare=False)
    """The frame as OCR read it, kept only until the photo models looked."""
    tone: tuple[float, float] = field(default=(0.0, 0.0), repr=False, compare=False)
    """(colourfulness, brightness), tools/video/palette.py."""


@dataclass
class VideoReading:
    path: Path
    duration: float
    frames: list[FrameText]
    transcript: Any = None
    notes: list[str] = field(default_factory=list)
    sight: VideoSight | None = None
    """What the photo models found in the frames that look like footage (None: not asked)."""

    @property
    def palette(self) -> Palette:
        """Black and white or colour footage; "" for a screen recording or when unclear."""
        footage = [f.tone for f in self.frames if not f.flat]
        return palette(footage) if len(footage) * 2 >= len(self.frames) else ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path), "duration": round(self.duration, 3), "palette": self.palette,
            "frames": [{"timestamp": round(f.timestamp, 3), "text": f.text, "scene_change": f.scene_change}
                       for f in self.frames],
            "transcript": self.transcript.to_dict() if self.transcript is not None else None,
            "notes": self.notes,
            "sight": self.sight.to_dict() if self.sight is not None else None,
        }

    def summary(self) -> str:
        with_text = sum(1 for f in self.frames if f.text)
        speech = ", speech transcribed" if self.transcript is not None and self.transcript.text else ""
        objects = f"; {self.sight.summary()}" if self.sight is not None and self.sight.looks else ""
        return f"{len(self.frames)} frames read ({with_text} with text){speech}{objects}"

    def evidence_text(self) -> str:
        from assistant.prompts import render

        sight = self.sight if self.sight is not None and self.sight.looks else None
        frames = [{"time": format_timestamp(f.timestamp), "seconds": f"{f.timestamp:.1f}",
                   "text": " / ".join(line.strip() for line in f.text.splitlines() if line.strip()),
                   "scene_change": f.scene_change, "objects": sight.frame_text(f.timestamp) if sight else ""}
                  for f in self.frames]
        segments = []
        if self.transcript is not None:
            segments = [{"start": format_timestamp(s.start), "end": format_timestamp(s.end), "text": s.text.strip()}
                        for s in self.transcript.segments]
        return render("video", "reading_evidence", video=self.path.name, palette=self.palette,
                      duration=format_timestamp(self.duration), frames=frames, segments=segments,
                      has_transcript=self.transcript is not None, notes=self.notes,
                      sight_intro=sight.intro_text() if sight else "", sight_limits=sight.limits_text() if sight else "")


def _png(frame: Frame) -> bytes:
    buf = io.BytesIO()
    frame.image.save(buf, format="PNG")
    return buf.getvalue()


def _read_frames(ocr: OcrTool, frames: list[Frame], scene_times: set[float]) -> list[FrameText]:
    read = []
    for frame in frames:
        png = _png(frame)
        text = ocr.read(png).text.strip()
        read.append(FrameText(frame.timestamp, text, round(frame.timestamp, 3) in scene_times,
                              is_flat(frame.image), png, tone(frame.image)))
    return read


def _merge(frames: list[FrameText]) -> list[FrameText]:
    """Sorted by time, one entry per timestamp; a scene-change mark wins."""
    by_time: dict[float, FrameText] = {}
    for f in frames:
        key = round(f.timestamp, 2)
        if key not in by_time or f.scene_change:
            by_time[key] = f
    return [by_time[k] for k in sorted(by_time)]


def read_video(
    path: str | Path,
    ocr: OcrTool,
    speech: Any = None,
    n: int = 8,
    start: float | None = None,
    end: float | None = None,
    query: str = "",
    sight: SightTool | None = None,
) -> VideoReading:
    path = Path(path)
    info = probe(path)
    notes: list[str] = []
    if info.duration > LONG_VIDEO_SECONDS and start is None and end is None:
        frames = _coarse_to_fine(path, ocr, n, query, notes)
    else:
        even = sample_frames(path, n=n, start=start, end=end)
        scenes = sample_frames(path, scenes=True, start=start, end=end, max_frames=2 * n)
        scene_times = {round(f.timestamp, 3) for f in scenes.frames}
        ends = _scene_ends(path, scenes, [f.timestamp for f in even.frames], limit=n)
        frames = _merge(_read_frames(ocr, even.frames + scenes.frames + ends, scene_times))
        notes += even.warnings + scenes.warnings
    seen = _look_at(sight, frames, notes) if sight is not None else None
    transcript = None
    if info.has_audio and speech is not None:
        try:
            transcript = speech.transcribe(path)
        except ToolError as exc:
            notes.append(f"audio not transcribed: {exc}")
    elif info.has_audio:
        notes.append("the video has sound, but no speech model is configured")
    return VideoReading(path, info.duration, frames, transcript, notes, seen)


def _scene_ends(path: Path, scenes: FrameSet, taken: list[float], limit: int) -> list[Frame]:
    """The last frame before each cut, for the ``limit`` longest scenes that lasted a while.

    A cut shows how a scene begins, not how it ends: an advert that zooms in on a tablet ends,
    0.7 s before its next cut, on a full-screen title card that neither the cut's frame nor the
    evenly spaced ones show. Frames already read within a quarter second are not read again.
    """
    starts = [f.timestamp for f in scenes.frames]
    one_frame = 1.0 / (scenes.fps or 25.0)
    lengths = [(b - a, b - one_frame) for a, b in zip(starts, starts[1:]) if b - a >= SCENE_END_MIN_SECONDS]
    long_scenes = sorted(lengths, reverse=True)
    targets = sorted(t for _, t in long_scenes[:limit] if all(abs(t - s) > 0.25 for s in taken))
    if not targets:
        return []
    with VideoReader(path) as reader:
        found = reader.frames_at(targets)
    return [Frame(i, ts, to_image(frame)) for i, (ts, frame) in enumerate(found)]


def _look_at(sight: SightTool, frames: list[FrameText], notes: list[str]) -> VideoSight | None:
    """The photo models on the frames that look like footage; the decoded frames are let go after."""
    from assistant.prompts import render

    try:
        return look_at_frames(sight, frames)
    except EngineUnavailable as exc:  # models not installed: the reading goes on without them
        notes.append(render("video_sight", "not_run", reason=str(exc)))
        return None
    finally:
        for frame in frames:
            frame.png = b""


def _coarse_to_fine(path: Path, ocr: OcrTool, n: int, query: str, notes: list[str]) -> list[FrameText]:
    from assistant.tools.video.windows import coarse_windows

    windows = coarse_windows(path, window=max(30.0, probe(path).duration / 12), per_window=2)
    coarse = []
    for window in windows.windows:
        texts = _read_frames(ocr, window.frames, set())
        coarse.append((window, texts))
    words = {w.lower() for w in _WORD.findall(query)}
    chosen = [w for w, texts in coarse if words and any(words & {x.lower() for x in _WORD.findall(t.text)}
                                                          for t in texts)]
    if not chosen:
        chosen = [w for w, _ in coarse][:3]
        notes.append("no window's text matched the question; looked closer at the first windows")
    fine: list[FrameText] = [t for _, texts in coarse for t in texts]
    coarse_times = sorted(t.timestamp for t in fine)
    for window in chosen[:3]:
        # Start at the last skimmed frame before the window: what the question asks about may
        # begin between that frame and the window's edge.
        start = max([t for t in coarse_times if t < window.start], default=window.start)
        detail = sample_frames(path, n=n, start=start, end=window.end)
        fine += _read_frames(ocr, detail.frames, set())
    notes.append(f"long video: {len(coarse)} windows skimmed, {len(chosen[:3])} sampled finely")
    return _merge(fine)
