"""Which files tools may read: attachments, indexed folders, and folders listed in settings.

A path the model chose is resolved (``..`` and symlinks followed) before the check, so neither
can lead outside the allowed roots. The refusal is a ToolInputError: it goes back to the model
as a tool error and is shown to the user on the tool card.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from assistant.tools.errors import ToolInputError
from assistant.tools.safe_path import expand, shown


class AccessPolicy:
    def __init__(self, roots: Iterable[Path] = (), files: Iterable[Path] = ()) -> None:
        self.roots = [Path(r).expanduser().resolve() for r in roots]
        self.files = {Path(f).expanduser().resolve() for f in files}

    def allow_file(self, path: Path) -> None:
        self.files.add(Path(path).expanduser().resolve())

    def allow_root(self, path: Path) -> None:
        self.roots.append(Path(path).expanduser().resolve())

    def allows(self, path: Path) -> bool:
        resolved = Path(path).expanduser().resolve()
        return resolved in self.files or any(resolved.is_relative_to(root) for root in self.roots)

    def check(self, raw: str | Path) -> Path:
        """The resolved path if allowed; otherwise a one-line refusal."""
        text = str(raw).strip()
        if not text or "\x00" in text:
            raise ToolInputError("empty or invalid path; pass the path of an attached or allowed file")
        resolved = expand(text).resolve()
        if not self.allows(resolved):
            raise ToolInputError(
                f"access to {shown(text)} is not allowed: only attached files and allowed folders can be read "
                "(attach the file, or add its folder to allowed_dirs in the config)"
            )
        return resolved

    def readable_files(self, limit: int = 200) -> list[Path]:
        found: list[Path] = sorted(p for p in self.files if p.is_file())
        for root in self.roots:
            if not root.is_dir():
                continue
            for path in sorted(root.rglob("*")):
                if len(found) >= limit:
                    return found
                # rglob follows no symlinked dirs, but a symlinked file may point out: re-check.
                if path.is_file() and self.allows(path):
                    found.append(path)
        return found[:limit]
