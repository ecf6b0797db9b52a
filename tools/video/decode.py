"""Low-level PyAV access for assistant.tools.video.frames: open and check a file, seek, decode with bounds.

Everything here turns FFmpeg's failures into one-line ``ToolInputError``s, and every decode
loop is bounded twice (a frame budget and a wall-clock deadline) so a corrupt or hostile file
can make a call fail but never hang. Timestamps are seconds from the start of the video
stream: ``(pts - stream.start_time) * time_base``, which is what a player's clock shows.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from assistant.tools.errors import ToolInputError
from assistant.tools.safe_path import expand_checked
from assistant.tools.video.container import IMAGE_FORMATS, TEXT_FORMATS, import_av, is_cover_art

# Corrupt packets are skipped (a damaged stretch of a long recording should not sink the call),
# but a file that is mostly damage is reported as broken.
_MAX_BAD_PACKETS = 50


@dataclass(frozen=True)
class VideoInfo:
    """What probe() learns from the container without decoding pictures."""

    duration: float
    """Seconds of video."""
    fps: float
    width: int
    height: int
    frame_count: int
    """From the container when it says, else duration x fps (an estimate)."""
    has_audio: bool
    codec: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "duration": round(self.duration, 3),
            "fps": round(self.fps, 3),
            "width": self.width,
            "height": self.height,
            "frame_count": self.frame_count,
            "has_audio": self.has_audio,
            "codec": self.codec,
        }


def _check_file(path: Path) -> None:
    if not path.exists():
        raise ToolInputError(f"video file {path} does not exist; check the path")
    if path.is_dir():
        raise ToolInputError(f"{path} is a folder, not a video file")
    if path.stat().st_size == 0:
        raise ToolInputError(f"video file {path} is empty (0 bytes)")


class VideoReader:
    """One open video: probe data, seeking, bounded decoding. Use as a context manager."""

    def __init__(self, path: Path | str, *, timeout: float = 300.0, threads: bool = False) -> None:
        self.path = expand_checked(path)
        _check_file(self.path)
        av = import_av()
        self._av = av
        try:
            # Broken metadata (bytes that are not UTF-8) must not stop the pictures being read.
            self.container = av.open(str(self.path), "r", metadata_errors="ignore")
        except (av.FFmpegError, UnicodeDecodeError) as exc:
            raise ToolInputError(
                f"{self.path.name} cannot be read as a video ({_reason(exc)}): it is not a video file, "
                "or it is truncated or corrupt"
            ) from None
        try:
            self._setup(threads)
        except BaseException:
            self.container.close()
            raise
        self.deadline = time.monotonic() + timeout
        self.timeout = timeout
        self.decoded = 0
        """Frames the decoder produced so far (benchmarks and tests read it)."""
        self.last_seen = -1.0
        """Latest timestamp decoded; tells a truncated file from a complete one."""
        self._bad_packets = 0
        # Packet and frame times seen, to tell a stretch the decoder lost (damage) from a
        # stretch with no frames in the file at all (variable frame rate, a paused recorder).
        self._packet_times: set[float] = set()
        self._frame_times: set[float] = set()
        self._jumps: list[tuple[float, float]] = []

    def _setup(self, threads: bool) -> None:
        container = self.container
        if container.format.name in IMAGE_FORMATS:
            raise ToolInputError(f"{self.path.name} is a still image, not a video; use the image/OCR tools")
        if container.format.name in TEXT_FORMATS:
            raise ToolInputError(f"{self.path.name} is text ({container.format.name}), not a video; give a video file")
        # Album art in an mp3/m4a shows up as a one-picture "video" stream; it is not video.
        videos = [s for s in container.streams.video if not is_cover_art(s)]
        if not videos:
            if container.streams.audio:
                raise ToolInputError(
                    f"{self.path.name} is audio-only (no video stream); transcribe it instead of sampling frames"
                )
            raise ToolInputError(f"{self.path.name} has no video stream; give a file with video")
        stream = videos[0]
        self.stream = stream
        if threads:
            # Frame threading speeds up long sequential decodes; it also delays output by a
            # few frames, which costs more than it saves when we seek before every frame.
            stream.thread_type = "AUTO"
        self.time_base = float(stream.time_base) if stream.time_base else 1 / 90000
        self.start_pts = stream.start_time or 0
        rate = stream.average_rate or stream.guessed_rate or stream.base_rate
        fps = float(rate) if rate else 0.0
        duration = 0.0
        if stream.duration:
            duration = stream.duration * self.time_base
        elif container.duration:
            duration = container.duration / 1_000_000
        frames = int(stream.frames or 0)
        if duration <= 0:
            # Some files (live recordings, MediaRecorder webm) carry no duration: read packet
            # timestamps, which costs a demux pass but no decoding.
            duration, frames = self._scan_packets()
        elif stream.codec_context is not None and stream.codec_context.has_b_frames:
            # With B-frames the mp4 muxer derives the length from decode times, which run
            # behind presentation times; in a variable-frame-rate file by whole seconds.
            duration = max(duration, self._last_packet_end(frames / duration if duration and frames else fps))
        if fps <= 0:
            fps = frames / duration if duration > 0 and frames else 25.0
        if not frames:
            frames = round(duration * fps)
        if frames <= 0 or duration <= 0:
            raise ToolInputError(f"{self.path.name} has no video frames (zero-length video)")
        ctx = stream.codec_context
        if ctx is None:  # an unknown or damaged codec tag: FFmpeg has no decoder for it
            raise ToolInputError(
                f"{self.path.name}: its video codec is unknown or the file is damaged; re-encode it (H.264, VP9)"
            )
        self.info = VideoInfo(
            duration=duration,
            fps=fps,
            width=int(ctx.width or 0),
            height=int(ctx.height or 0),
            frame_count=frames,
            has_audio=bool(container.streams.audio),
            codec=ctx.name or "unknown",
        )
        # Decode budget for one reader: every frame twice over plus slack. A healthy call needs
        # far less; a file whose timestamps loop or lie runs into this instead of spinning.
        self.frame_budget = frames * 3 + 1000

    def _last_packet_end(self, fps: float) -> float:
        """Presentation end of the last GOP's packets (demuxed, not decoded); 0 if unreadable."""
        last = None
        # Packet durations there are decode-time steps, not display times: cap at one frame.
        longest = round(1 / (fps * self.time_base)) if fps > 0 else 0
        try:
            self.container.seek(2**62, stream=self.stream, backward=True, any_frame=False)
            for packet in self.container.demux(self.stream):
                if packet.pts is not None and packet.size:
                    end = packet.pts + min(packet.duration or 0, longest)
                    last = end if last is None else max(last, end)
        except self._av.FFmpegError:
            pass
        try:
            self.container.seek(0)
        except self._av.FFmpegError:
            pass
        return 0.0 if last is None else (last - self.start_pts) * self.time_base

    def _scan_packets(self) -> tuple[float, int]:
        last, count = None, 0
        try:
            for packet in self.container.demux(self.stream):
                if packet.pts is not None:
                    end = packet.pts + (packet.duration or 0)
                    last = end if last is None else max(last, end)
                    count += 1 if packet.size else 0
                if count > 10_000_000:
                    break
        except self._av.FFmpegError:
            pass
        if last is None:
            # Nothing to rewind to; an empty file's demuxer may even refuse the seek (EPERM).
            return 0.0, 0
        try:
            self.container.seek(0)
        except self._av.FFmpegError as exc:
            raise ToolInputError(
                f"{self.path.name}: cannot seek back to the start ({_reason(exc)}); the file may be damaged"
            ) from None
        return (last - self.start_pts) * self.time_base, count

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.container.close()

    # --- decoding -------------------------------------------------------------------------

    def seconds(self, frame: Any) -> float:
        if frame.pts is None:
            return -1.0
        # Rounded to the microsecond so 23 * 0.1 prints as 2.3, not 2.3000000000000003.
        return round((frame.pts - self.start_pts) * self.time_base, 6)

    def _check_bounds(self) -> None:
        if self.decoded > self.frame_budget:
            raise ToolInputError(
                f"{self.path.name}: decoded {self.decoded} frames without finishing; the file looks "
                "corrupt (timestamps out of order)"
            )
        if time.monotonic() > self.deadline:
            raise ToolInputError(
                f"{self.path.name}: decoding took more than {self.timeout:.0f} s; the file may be corrupt, "
                "or narrow the range with start/end"
            )

    def frames_from(self, t: float, *, keyframes_only: bool = False) -> Iterator[tuple[float, Any]]:
        """Seek to the keyframe at or before ``t`` seconds and yield (seconds, frame) onward."""
        ctx = self.stream.codec_context
        ctx.skip_frame = "NONKEY" if keyframes_only else "DEFAULT"
        target = self.start_pts + int(max(0.0, t) / self.time_base)
        try:
            # Seeking flushes the decoder (PyAV does it for us), so no stale frame leaks out.
            self.container.seek(target, stream=self.stream, backward=True, any_frame=False)
        except self._av.FFmpegError as exc:
            raise ToolInputError(
                f"{self.path.name}: cannot seek in the video ({_reason(exc)}); the file may be truncated"
            ) from None
        last_ts = -1.0
        for packet in self._demux():
            try:
                frames = packet.decode()
            except self._av.FFmpegError:
                self._bad_packet()
                continue
            for frame in frames:
                self.decoded += 1
                self._check_bounds()
                ts = self.seconds(frame)
                if ts < 0:
                    # No pts: step on from the last one (raw streams, some broken muxes).
                    ts = last_ts + 1 / self.info.fps if last_ts >= 0 else 0.0
                if last_ts >= 0 and ts - last_ts > max(1.0, 3 / self.info.fps) and not keyframes_only:
                    self._jumps.append((last_ts, ts))
                last_ts = ts
                self._frame_times.add(ts)
                self.last_seen = max(self.last_seen, ts)
                yield ts, frame

    def _demux(self) -> Iterator[Any]:
        it = self.container.demux(self.stream)
        while True:
            try:
                packet = next(it)
            except StopIteration:
                return
            except self._av.FFmpegError:
                # The demuxer cannot go on (a cut-off or garbled container): stop here and let
                # the caller judge from what was decoded so far.
                self._bad_packet()
                return
            # Checked per packet too: a stream of packets that decode to nothing must end.
            self._check_bounds()
            if packet.pts is not None and packet.size:
                self._packet_times.add(round((packet.pts - self.start_pts) * self.time_base, 6))
            yield packet
            if packet.size == 0:  # the flush packet PyAV appends at end of stream
                return

    @property
    def gaps(self) -> list[tuple[float, float]]:
        """(before, after) where consecutive decoded frames jump over an undecodable stretch.

        A jump with no packet inside it is the file's own timing (variable frame rate), not
        damage, so only jumps over packets that never became frames count.
        """
        return [(a, b) for a, b in self._jumps if self.lost_between(a, b)]

    def lost_between(self, a: float, b: float) -> bool:
        """Whether a packet timed strictly between ``a`` and ``b`` s was read but never decoded."""
        eps = 1e-6
        return any(a + eps < p < b - eps and p not in self._frame_times for p in self._packet_times)

    def _bad_packet(self) -> None:
        self._bad_packets += 1
        if self._bad_packets > _MAX_BAD_PACKETS:
            raise ToolInputError(f"{self.path.name} is damaged: too many undecodable packets")

    def frame_at(self, t: float) -> tuple[float, Any] | None:
        """The first frame at or after ``t`` (the last frame if ``t`` is past the end)."""
        return self._seek_frame(t)[0]

    def _seek_frame(self, t: float) -> tuple[tuple[float, Any] | None, Iterator[tuple[float, Any]]]:
        """Seek to the keyframe before ``t`` and decode forward: one GOP of work, not the file.

        Returns the frame and the live decode iterator, positioned just after that frame, so a
        caller can keep decoding without losing frames buffered from the same packet.
        """
        eps = self._eps()
        seek_to = t
        last: tuple[float, Any] | None = None
        it: Iterator[tuple[float, Any]] = iter(())
        for attempt in range(4):
            it = self.frames_from(seek_to)
            first = True
            for ts, frame in it:
                # Some demuxers land after the target (B-frame offsets, sparse indexes):
                # back off and try again from an earlier keyframe.
                if first and ts > t + eps and seek_to > 0:
                    break
                first = False
                last = (ts, frame)
                if ts >= t - eps:
                    return last, it
            else:
                return last, it
            seek_to = max(0.0, seek_to - max(1.0, 2.0**attempt))
        return last, it

    def _eps(self) -> float:
        return min(1e-3, 0.25 / self.info.fps)

    def frames_at(self, targets: list[float], *, reuse_gap: float = 2.0) -> list[tuple[float, Any]]:
        """The frame at/after each target (ascending), seeking only when it saves decoding.

        When the next target lies less than ``reuse_gap`` seconds ahead of the frame just
        decoded, decoding on is cheaper than seeking back to a keyframe.
        """
        results: list[tuple[float, Any]] = []
        it: Iterator[tuple[float, Any]] | None = None
        current: tuple[float, Any] | None = None
        eps = self._eps()
        for t in targets:
            found: tuple[float, Any] | None
            if current is not None and it is not None and -eps <= t - current[0] < reuse_gap:
                found = current if current[0] >= t - eps else None
                while found is None:
                    nxt = next(it, None)
                    if nxt is None:  # past the end: the last frame stands in
                        found = current
                        break
                    current = nxt
                    if nxt[0] >= t - eps:
                        found = nxt
            else:
                found, it = self._seek_frame(t)
                current = found
            if found is None:
                break
            results.append(found)
        return results

    def sequential(
        self, start: float, end: float, *, keyframes_only: bool = False
    ) -> Iterator[tuple[float, Any]]:
        """Every frame (or keyframe) from ``start`` up to ``end`` seconds, in order."""
        for ts, frame in self.frames_from(start, keyframes_only=keyframes_only):
            if ts < start - 1e-6:
                continue
            if ts > end + 1e-6:
                return
            yield ts, frame


def _reason(exc: Exception) -> str:
    text = getattr(exc, "strerror", None) or str(exc)
    return " ".join(str(text).split())[:120]


def to_image(frame: Any, max_side: int | None = None):  # type: ignore[no-untyped-def]
    """A PIL RGB image of a decoded frame, shrunk so its longer side is at most ``max_side``."""
    if max_side and max(frame.width, frame.height) > max_side:
        scale = max_side / max(frame.width, frame.height)
        w, h = max(2, round(frame.width * scale)), max(2, round(frame.height * scale))
        return frame.reformat(width=w, height=h, format="rgb24", interpolation="AREA").to_image()
    return frame.to_image()
