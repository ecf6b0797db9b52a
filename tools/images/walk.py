"""Which files an image-index run looks at: the folders' regular files, walked safely.

    root = check_root("~/Pictures")            # one clear line for a typo or a file
    for path in walk_files(root, warn): ...    # stable order, hidden entries skipped

Symlinked folders are followed once (a loop is cut where a folder is met again). A link whose
target lies outside the indexed folder is skipped with a warning (and checked again with
``inside_root`` just before the file is read): indexing a folder must not read, OCR and make
searchable a file elsewhere, the same rule the agent's own tools follow. A name that is not
valid UTF-8 is skipped with a warning (the catalog and chromadb keep text).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from assistant.tools.errors import ToolInputError


def check_root(root: Path | str) -> Path:
    path = Path(root).expanduser()
    if not path.exists():
        raise ToolInputError(f"{path} does not exist; give a folder to index")
    if not path.is_dir():
        raise ToolInputError(f"{path} is not a folder; give a folder to index (single images need no index)")
    return path.resolve()


def walk_files(root: Path, warn: Callable[[str], None]) -> Iterator[Path]:
    """Regular files under ``root`` in a stable order, following symlinked folders without loops."""
    visited: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
        except OSError:
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in visited:
            continue  # a symlink loop or a second link to a folder already walked
        visited.add(ident)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            warn(f"cannot list {folder} ({exc.strerror or type(exc).__name__}); skipped")
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            shown = os.fsencode(entry.path).decode("utf-8", "backslashreplace")
            if shown != entry.path:
                warn(f"skipped {shown}: its name is not valid UTF-8; rename it to index it")
                continue
            if entry.is_symlink() and not inside_root(entry.path, root):
                warn(f"skipped {entry.path}: it links to {os.path.realpath(entry.path)}, outside {root}")
                continue
            try:
                mode = os.stat(entry.path).st_mode  # follows links; a dangling one raises
            except OSError:
                continue
            if stat.S_ISDIR(mode):
                subdirs.append(Path(entry.path))
            elif stat.S_ISREG(mode):
                yield Path(entry.path)
        stack.extend(reversed(subdirs))


def inside_root(path: str | Path, root: str | Path) -> bool:
    """Whether ``path``, every link followed, is ``root`` or lies under it (``root`` is resolved)."""
    real, top = os.path.realpath(path), os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


__all__ = ["check_root", "inside_root", "walk_files"]
