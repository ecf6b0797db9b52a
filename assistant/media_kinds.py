"""The kinds of file a turn can carry: one row each, read by attachments, the CLI and the chat app.

    kind = kind_of_suffix(".png")     # MediaKind("image", ...), None for an unknown extension
    kind.reader                       # "ocr": the agent tool that reads it before the model
    kind.flag, kind.command           # "--image" for `assistant ask`, "/image" in the chat app

Light on purpose (no imports): `assistant ask --help` builds its flags from it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MediaKind:
    name: str
    extensions: tuple[str, ...]
    """Lower-case suffixes that name a file of this kind (the file's bytes still decide)."""
    reader: str
    """The agent tool that reads an attachment of this kind before the model is asked."""
    flag_help: str
    """`assistant ask --<name>`'s help line."""

    @property
    def flag(self) -> str:
        return f"--{self.name}"

    @property
    def command(self) -> str:
        """The chat app's slash command that attaches one."""
        return f"/{self.name}"


MEDIA_KINDS: tuple[MediaKind, ...] = (
    MediaKind("image", (".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff"), "ocr",
              "attach an image (repeatable)"),
    MediaKind("audio", (".wav", ".mp3", ".flac", ".ogg", ".m4a", ".opus", ".aac", ".wma"), "transcribe",
              "attach audio (repeatable)"),
    MediaKind("video", (".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".mpg", ".mpeg",
                        ".m2ts", ".mts", ".flv", ".wmv", ".3gp", ".ogv"), "video_frames",
              "attach a video (repeatable)"),
)
BY_NAME = {kind.name: kind for kind in MEDIA_KINDS}
MEDIA_SUFFIXES = frozenset(ext for kind in MEDIA_KINDS for ext in kind.extensions)


def kind_of_suffix(suffix: str) -> MediaKind | None:
    """The kind a file's extension claims (".PNG" counts as ".png")."""
    return next((kind for kind in MEDIA_KINDS if suffix.lower() in kind.extensions), None)


__all__ = ["BY_NAME", "MEDIA_KINDS", "MEDIA_SUFFIXES", "MediaKind", "kind_of_suffix"]
