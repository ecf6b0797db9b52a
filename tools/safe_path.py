"""Turn a path someone typed (or a model chose) into a Path without surprises.

``Path.expanduser`` raises RuntimeError for ``~nosuchuser``, and ``Path.exists`` raises
OSError for a name longer than the filesystem allows (ENAMETOOLONG) or ValueError for an
embedded NUL on some Pythons. Each of those is bad input, so it becomes a one-line
ToolInputError instead of a traceback.
"""

from __future__ import annotations

from pathlib import Path

from assistant.tools.errors import ToolInputError

_SHOWN = 120  # a 5000-character path in an error line helps nobody


def shown(raw: str | Path) -> str:
    text = str(raw).replace("\x00", "\\0")
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "..."


def expand(raw: str | Path) -> Path:
    """``raw`` with ``~`` expanded; a NUL byte or an unknown ``~user`` is a ToolInputError."""
    text = str(raw)
    if "\x00" in text:
        raise ToolInputError(f"path {shown(raw)} contains a NUL byte; give a real file path")
    try:
        return Path(text).expanduser()
    except RuntimeError:  # ~user with no such user (or no HOME to expand ~)
        raise ToolInputError(f"cannot expand {shown(raw)}: no such user's home directory") from None


def expand_checked(raw: str | Path) -> Path:
    """``expand(raw)``, and a ToolInputError if the file system cannot even look the name up
    (too long, permission denied on the way, a symlink loop). A missing file is left to the
    caller, whose message says what kind of file was expected."""
    path = expand(raw)
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        pass
    except OSError as exc:
        raise ToolInputError(f"cannot open {shown(raw)}: {exc.strerror or exc}") from None
    return path
