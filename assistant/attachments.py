"""Turn attachment paths into checked, typed attachments before anything is stored.

The kind comes from the file's bytes, never its extension; a file whose bytes are not what its
extension claims (a text file named .png) is refused with one line saying so. For a video
container the streams inside decide: an .mp4 holding only sound is audio (it goes to the
transcriber, not to frame sampling), and one FFmpeg finds no audio or video in is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import AttachmentError
from assistant.media_kinds import kind_of_suffix
from assistant.tools.errors import EngineUnavailable, ToolInputError
from assistant.tools.safe_path import expand_checked

MAX_ATTACHMENT_BYTES = 2 << 30


@dataclass
class Attachment:
    path: Path
    name: str
    kind: str
    mime: str
    sha256: str
    size: int
    width: int | None = None
    height: int | None = None
    image: Any = field(default=None, repr=False, compare=False)
    """The decoded RGB image (images only), checked once here and reused for vision models."""

    def size_text(self) -> str:
        if self.width and self.height:
            return f"{self.width}x{self.height}"
        return f"{self.size / 1024:.0f} KB" if self.size < 1 << 20 else f"{self.size / (1 << 20):.1f} MB"


def load_attachment(raw: str | Path, expected_kind: str | None = None) -> Attachment:
    from assistant.tools.media import detect_mime, kind_of_mime, load_image, sha256_file

    try:
        path = expand_checked(raw)
    except ToolInputError as exc:
        raise AttachmentError(f"attachment: {exc}") from None
    if not path.exists():
        raise AttachmentError(f"attachment {raw} does not exist; check the path")
    if not path.is_file():
        raise AttachmentError(f"attachment {raw} is not a file")
    path = path.resolve()
    size = path.stat().st_size
    if size == 0:
        raise AttachmentError(f"attachment {raw} is empty")
    if size > MAX_ATTACHMENT_BYTES:
        raise AttachmentError(f"attachment {raw} is larger than 2 GB; trim it first")
    with path.open("rb") as f:
        head = f.read(4096)
    mime = detect_mime(head)
    kind = kind_of_mime(mime)
    named = kind_of_suffix(path.suffix)
    claimed = named.name if named else None
    if kind is None:
        what = f"a {claimed} file" if claimed else "an image, audio or video file"
        raise AttachmentError(f"attachment {raw} is not {what} (its content is not a known media type)")
    # The streams decide, not the bytes; an Ogg file's first page may name a Skeleton stream only.
    if kind == "video" or (mime == "audio/ogg" and claimed == "video"):
        held = _container_kind(path)
        if held is None:
            raise AttachmentError(f"attachment {raw} holds no audio or video that can be read (truncated, corrupt "
                                  "or not media); check the file")
        if held == "audio":
            kind, mime = "audio", "audio/" + str(mime).split("/", 1)[1]
            claimed = "audio" if claimed == "video" else claimed  # a sound-only .mp4 is fine
        elif held == "video":
            kind, mime = "video", "video/" + str(mime).split("/", 1)[1]
    if claimed and claimed != kind:
        raise AttachmentError(f"attachment {raw} is named like {claimed} but holds {kind} ({mime}); rename it")
    if expected_kind and kind != expected_kind:
        raise AttachmentError(f"attachment {raw} is {kind}, not {expected_kind}")
    if kind == "image":
        try:
            loaded = load_image(path)
        except ToolInputError as exc:
            raise AttachmentError(str(exc)) from None
        return Attachment(path, path.name, kind, str(mime), loaded.sha256, size, loaded.width, loaded.height,
                          loaded.image)
    return Attachment(path, path.name, kind, str(mime), sha256_file(path), size)


def _container_kind(path: Path) -> str | None:
    """"video" or "audio" by the container's streams; "video" when PyAV is not installed (the
    video tool then says what to install)."""
    try:
        from assistant.tools.video.container import container_kind
        return container_kind(path)
    except EngineUnavailable:
        return "video"
