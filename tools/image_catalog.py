"""The image index's catalog: which file paths hold which image content, in one SQLite file.

Vectors live in chromadb keyed by content sha256; this catalog maps paths to those hashes
(with the size and mtime that let a re-run skip unchanged files without reading them), records
what has been embedded for each hash, and the folders that were indexed (the app allows tools to
read them). SQLite commits are atomic, so a run killed mid-batch leaves the last committed batch
and nothing half-written; vectors are written *before* their catalog rows, and a search ignores
hashes the catalog does not name, so a kill between the two only leaves vectors that the next
run reuses or collects.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS roots (path TEXT PRIMARY KEY, added REAL NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    root TEXT NOT NULL,
    sha256 TEXT,            -- NULL for a file that failed (corrupt, unreadable)
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    error TEXT              -- why it failed; NULL when indexed
);
CREATE INDEX IF NOT EXISTS files_sha ON files(sha256);
CREATE INDEX IF NOT EXISTS files_root ON files(root);
CREATE TABLE IF NOT EXISTS blobs (
    sha256 TEXT PRIMARY KEY,
    ocr_chars INTEGER NOT NULL,   -- 0: no text found, so no OCR-text vector stored
    clip_model TEXT               -- the CLIP model_id whose vector is stored; NULL: none
);
"""


@dataclass(frozen=True)
class FileRow:
    path: str
    root: str
    sha256: str | None
    size: int
    mtime_ns: int
    error: str | None = None


@dataclass(frozen=True)
class BlobRow:
    sha256: str
    ocr_chars: int
    clip_model: str | None


class Catalog:
    """Paths, content hashes and indexed roots. One writer at a time (SQLite's own lock)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        found = self.get_meta("schema_version")
        if found is None:
            self.set_meta("schema_version", str(SCHEMA_VERSION))
            self._db.commit()
        elif int(found) != SCHEMA_VERSION:
            from tools.errors import ToolInputError

            raise ToolInputError(
                f"image index catalog {self.path} has schema {found}, this version reads {SCHEMA_VERSION};"
                " delete the index folder and run `assistant index` again"
            )

    def close(self) -> None:
        self._db.close()

    # -- meta and roots --------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def add_root(self, root: str) -> None:
        self._db.execute("INSERT OR IGNORE INTO roots(path, added) VALUES (?, ?)", (root, time.time()))
        self._db.commit()

    def roots(self) -> list[Path]:
        return [Path(r[0]) for r in self._db.execute("SELECT path FROM roots ORDER BY path")]

    # -- files -----------------------------------------------------------------------------

    def files_under(self, root: str) -> dict[str, FileRow]:
        rows = self._db.execute(
            "SELECT path, root, sha256, size, mtime_ns, error FROM files WHERE root=?", (root,)
        )
        return {r[0]: FileRow(*r) for r in rows}

    def paths_for(self, shas: Iterable[str]) -> dict[str, list[str]]:
        """Indexed paths of each hash (hashes without paths are absent: orphans are invisible)."""
        wanted = list(dict.fromkeys(shas))
        found: dict[str, list[str]] = {}
        for chunk in _chunks(wanted, 500):
            marks = ",".join("?" * len(chunk))
            for sha, path in self._db.execute(
                f"SELECT sha256, path FROM files WHERE error IS NULL AND sha256 IN ({marks}) ORDER BY path",
                chunk,
            ):
                found.setdefault(sha, []).append(path)
        return found

    def sha_of_path(self, path: str) -> str | None:
        row = self._db.execute("SELECT sha256 FROM files WHERE path=? AND error IS NULL", (path,)).fetchone()
        return row[0] if row else None

    def count_files(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM files WHERE error IS NULL").fetchone()[0])

    def count_blobs(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM blobs").fetchone()[0])

    # -- blobs -----------------------------------------------------------------------------

    def blobs(self, shas: Iterable[str]) -> dict[str, BlobRow]:
        out: dict[str, BlobRow] = {}
        for chunk in _chunks(list(dict.fromkeys(shas)), 500):
            marks = ",".join("?" * len(chunk))
            for r in self._db.execute(
                f"SELECT sha256, ocr_chars, clip_model FROM blobs WHERE sha256 IN ({marks})", chunk
            ):
                out[r[0]] = BlobRow(*r)
        return out

    # -- one batch, one transaction --------------------------------------------------------

    def commit_batch(self, blobs: Iterable[BlobRow], files: Iterable[FileRow]) -> None:
        """Record a batch whose vectors are already stored: all of it or (if killed) none."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO blobs(sha256, ocr_chars, clip_model) VALUES (?, ?, ?)",
                [(b.sha256, b.ocr_chars, b.clip_model) for b in blobs],
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO files(path, root, sha256, size, mtime_ns, error) VALUES (?,?,?,?,?,?)",
                [(f.path, f.root, f.sha256, f.size, f.mtime_ns, f.error) for f in files],
            )

    def remove_paths(self, paths: Iterable[str]) -> None:
        with self._db:
            self._db.executemany("DELETE FROM files WHERE path=?", [(p,) for p in paths])

    def orphan_blobs(self) -> list[str]:
        """Hashes no file points at any more (deleted or changed files)."""
        rows = self._db.execute(
            "SELECT sha256 FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM files WHERE sha256 IS NOT NULL)"
        )
        return [r[0] for r in rows]

    def drop_blobs(self, shas: Iterable[str]) -> None:
        with self._db:
            self._db.executemany("DELETE FROM blobs WHERE sha256=?", [(s,) for s in shas])


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


__all__ = ["SCHEMA_VERSION", "BlobRow", "Catalog", "FileRow"]
