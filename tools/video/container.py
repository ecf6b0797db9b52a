"""What a media file holds, decided by its streams (not its name or magic bytes), and PyAV's import
with a one-line message when it is missing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.tools.errors import EngineUnavailable
from assistant.tools.safe_path import expand_checked

# Formats FFmpeg opens as one-frame "videos"; a still image belongs to the OCR/image tools.
IMAGE_FORMATS = ("image2", "png_pipe", "jpeg_pipe", "webp_pipe", "bmp_pipe", "gif", "tiff_pipe")
# Demuxers that open files which are not recordings: "tty" shows any text file as ANSI-art video
# (a 200 MB log would be decoded frame by frame), the others are subtitles or playlists.
TEXT_FORMATS = ("tty", "srt", "ass", "webvtt", "subviewer", "microdvd", "jacosub", "hls", "concat", "ffmetadata")


def import_av():  # type: ignore[no-untyped-def]
    try:
        import av
    except ImportError:
        raise EngineUnavailable(
            "video needs PyAV: pip install 'terminal-assistant[video]' (or pip install av)"
        ) from None
    return av


def container_kind(path: Path | str) -> str | None:
    """What a media file holds, decided by its streams rather than its name or magic bytes:
    "video" (a real video stream; album art does not count), "audio" (sound only), or None
    (no audio or video: text, subtitles, a still image, or FFmpeg cannot read it)."""
    av = import_av()
    try:
        with av.open(str(expand_checked(path)), "r", metadata_errors="ignore") as container:
            if container.format.name in IMAGE_FORMATS + TEXT_FORMATS:
                return None
            if any(not is_cover_art(s) for s in container.streams.video):
                return "video"
            return "audio" if container.streams.audio else None
    except (av.FFmpegError, UnicodeDecodeError, OSError):
        return None


def is_cover_art(stream: Any) -> bool:
    try:
        import av

        return bool(stream.disposition & av.stream.Disposition.attached_pic)
    except (AttributeError, TypeError):  # older PyAV: no Disposition flags
        return False
