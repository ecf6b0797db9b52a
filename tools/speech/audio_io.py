"""Decode the audio track of any file PyAV (bundled FFmpeg) reads into 16 kHz mono float32.

Shared by the speech tool (whole file) and the file audio source (streamed frames). Every bad
input (missing, empty, corrupt, a video without sound) becomes a one-line ToolInputError.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from assistant.tools.errors import EngineUnavailable, ToolInputError
from assistant.tools.safe_path import expand_checked

SAMPLE_RATE = 16_000
MIN_SOURCE_RATE = 2_000  # below telephone quality (8 kHz) by a wide margin
MAX_SOURCE_RATE = 768_000  # the highest rate studio gear records


def check_file(path: str | Path) -> Path:
    """The path, if it names a non-empty readable file; else a ToolInputError that says why."""
    p = expand_checked(path)
    if not p.exists():
        raise ToolInputError(f"audio file not found: {p}; check the path")
    if not p.is_file():
        raise ToolInputError(f"{p} is not a file; give the path of an audio or video file")
    if p.stat().st_size == 0:
        raise ToolInputError(f"{p.name} is empty (0 bytes); record or export the audio again")
    return p


def _av():  # type: ignore[no-untyped-def]
    try:
        import av
    except ImportError:
        raise EngineUnavailable("PyAV is not installed: pip install av") from None
    return av


def iter_pcm(path: str | Path, sample_rate: int = SAMPLE_RATE) -> Iterator[np.ndarray]:
    """Yield float32 mono chunks (variable length) of the first audio track, resampled."""
    p = check_file(path)
    av = _av()
    try:
        container = av.open(str(p), metadata_errors="ignore")
    except (av.error.FFmpegError, UnicodeDecodeError) as exc:
        raise ToolInputError(f"cannot decode {p.name}: not an audio or video file ({_why(exc)})") from None
    with container:
        if not container.streams.audio:
            raise ToolInputError(f"{p.name} has no audio track; give a file with sound in it")
        stream = container.streams.audio[0]
        if stream.codec_context is None:  # a damaged or unknown codec tag: no decoder
            raise ToolInputError(f"cannot decode {p.name}: unknown or damaged audio codec; re-export it")
        rate = stream.codec_context.sample_rate or 0
        if 0 < rate < MIN_SOURCE_RATE or rate > MAX_SOURCE_RATE:
            # Resampling to 16 kHz multiplies the samples by 16000/rate: a 16 KB file claiming
            # 1 Hz would become half a gigabyte; a claimed 184 MHz makes the resampler crawl.
            raise ToolInputError(f"{p.name} claims a sample rate of {rate} Hz; the header is damaged or "
                                 "the file is not a recording")
        resampler = av.AudioResampler(format="flt", layout="mono", rate=sample_rate)
        decoded = 0
        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunk = out.to_ndarray().reshape(-1).astype(np.float32, copy=False)
                    decoded += chunk.size
                    yield chunk
        except av.error.FFmpegError as exc:
            # A truncated tail after good audio is common (an interrupted recording): keep
            # what decoded. A file that yields nothing at all is simply broken.
            if decoded == 0:
                raise ToolInputError(f"cannot decode {p.name}: corrupt audio ({_why(exc)})") from None
        for out in resampler.resample(None):
            chunk = out.to_ndarray().reshape(-1).astype(np.float32, copy=False)
            decoded += chunk.size
            yield chunk
        if decoded == 0:
            raise ToolInputError(f"{p.name} contains no audio samples; check the recording")


def probe_duration(path: str | Path) -> float:
    """Seconds of audio the container says it holds (0.0 when it does not say or cannot tell).

    Only the header is read: this sizes progress reports, it is never trusted for limits.
    """
    av = _av()
    try:
        with av.open(str(check_file(path)), metadata_errors="ignore") as container:
            if not container.streams.audio:
                return 0.0
            stream = container.streams.audio[0]
            if stream.duration and stream.time_base:
                return float(stream.duration * stream.time_base)
            return float(container.duration or 0) / 1_000_000  # av.time_base: microseconds
    except (av.error.FFmpegError, UnicodeDecodeError, OSError):
        return 0.0  # iter_pcm reports the real problem with the file


def decode_audio(path: str | Path, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """The whole audio track as one float32 mono array at ``sample_rate``."""
    chunks = list(iter_pcm(path, sample_rate))
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)


def _why(exc: BaseException) -> str:
    return str(getattr(exc, "strerror", None) or exc).splitlines()[0][:120]
