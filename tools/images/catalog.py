"""The image index's catalog: which file paths hold which image content, in one SQLite file.

Vectors live in chromadb keyed by content sha256; this catalog maps paths to those hashes
(with the size and mtime that let a re-run skip unchanged files without reading them), records
what has been embedded for each hash, and the folders that were indexed (the app allows tools to
read them). SQLite commits are atomic, so a run killed mid-batch leaves the last committed batch
and nothing half-written; vectors are written *before* their catalog rows, and a search ignores
hashes the catalog does not name, so a kill between the two only leaves vectors that the next
run reuses or collects.

Labels (schema 2): what the `see` models found in each content hash, so a search for "photos
with a dog" needs no CLIP. A catalog from schema 1 is migrated in place when opened: its blobs
get ``sight`` NULL ("not looked at yet"), the next `assistant index` run looks at them, and
searches work meanwhile on OCR text and CLIP.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = 2

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
    clip_model TEXT,              -- the CLIP model_id whose vector is stored; NULL: none
    sight TEXT                    -- the sight models whose labels are stored; NULL: not looked at
);
CREATE TABLE IF NOT EXISTS labels (
    sha256 TEXT NOT NULL,
    source TEXT NOT NULL,         -- 'object' (COCO detector), 'class' (ImageNet classifier), 'colour' (measured)
    label TEXT NOT NULL,
    score REAL NOT NULL,          -- best detection score, or the class probability
    count INTEGER NOT NULL,       -- objects with this label (1 for a class)
    class_id INTEGER,             -- the ImageNet class index; NULL for an object
    PRIMARY KEY (sha256, source, label)
);
CREATE INDEX IF NOT EXISTS labels_label ON labels(label);
-- Every label name ever stored (~1,080 at most): a search reads this, not the whole labels table.
CREATE TABLE IF NOT EXISTS label_names (
    label TEXT NOT NULL, source TEXT NOT NULL, class_id INTEGER, PRIMARY KEY (label, source)
);
CREATE INDEX IF NOT EXISTS blobs_unlabelled ON blobs(sha256) WHERE sight IS NULL;
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
    sight: str | None = None


@dataclass(frozen=True)
class LabelRow:
    sha256: str
    source: str
    """"object" (a COCO detection) or "class" (an ImageNet top class)."""
    label: str
    score: float
    count: int = 1
    class_id: int | None = None


class Catalog:
    """Paths, content hashes and indexed roots. One writer at a time (SQLite's own lock)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        found = self._migrate()
        self._db.executescript(_SCHEMA)
        if found is None:
            self.set_meta("schema_version", str(SCHEMA_VERSION))
            self._db.commit()
        elif int(found) != SCHEMA_VERSION:
            from assistant.tools.errors import ToolInputError

            raise ToolInputError(
                f"image index catalog {self.path} has schema {found}, this version reads {SCHEMA_VERSION};"
                " delete the index folder and run `assistant index` again"
            )

    def _migrate(self) -> str | None:
        """Bring a schema-1 catalog to 2 (nothing is dropped); the schema version found."""
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        found = self.get_meta("schema_version")
        if found == "1":
            with self._db:  # one transaction: a second process opening it meanwhile waits
                self._db.execute("BEGIN IMMEDIATE")
                if self.get_meta("schema_version") == "1":
                    self._db.execute("ALTER TABLE blobs ADD COLUMN sight TEXT")
                    self.set_meta("schema_version", "2")
            found = "2"
        return found

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
                f"SELECT sha256, ocr_chars, clip_model, sight FROM blobs WHERE sha256 IN ({marks})", chunk
            ):
                out[r[0]] = BlobRow(*r)
        return out

    # -- one batch, one transaction --------------------------------------------------------

    def commit_batch(
        self,
        blobs: Iterable[BlobRow],
        files: Iterable[FileRow],
        labels: Mapping[str, Sequence[LabelRow]] | None = None,
    ) -> None:
        """Record a batch whose vectors are already stored: all of it or (if killed) none.
        ``labels`` replaces the stored labels of each hash it names (an empty list: none found)."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO blobs(sha256, ocr_chars, clip_model, sight) VALUES (?, ?, ?, ?)",
                [(b.sha256, b.ocr_chars, b.clip_model, b.sight) for b in blobs],
            )
            labels = labels or {}
            self._db.executemany("DELETE FROM labels WHERE sha256=?", [(sha,) for sha in labels])
            self._db.executemany(
                "INSERT OR REPLACE INTO labels(sha256, source, label, score, count, class_id)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(r.sha256, r.source, r.label, r.score, r.count, r.class_id) for rows in labels.values() for r in rows],
            )
            self._db.executemany(
                "INSERT OR IGNORE INTO label_names(label, source, class_id) VALUES (?, ?, ?)",
                {(r.label, r.source, r.class_id) for rows in labels.values() for r in rows},
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
        gone = [(s,) for s in shas]
        with self._db:
            self._db.executemany("DELETE FROM blobs WHERE sha256=?", gone)
            self._db.executemany("DELETE FROM labels WHERE sha256=?", gone)

    # -- labels ----------------------------------------------------------------------------

    def label_names(self) -> list[tuple[str, str, int | None]]:
        """Every distinct (label, source, class_id) stored: at most the models' ~1,080 names."""
        return list(self._db.execute("SELECT label, source, class_id FROM label_names"))

    def label_scores(self, names: Sequence[tuple[str, str]], class_min: float) -> list[tuple[str, float]]:
        """(sha256, score) of images carrying any of these (label, source) names: the best
        detection score, or the classes' summed probability when that reaches ``class_min``."""
        if not names:
            return []
        labels = sorted({label for label, _ in names})
        values = ",".join(["(?, ?)"] * len(names))
        # "label IN" lets SQLite walk labels_label instead of scanning every row for the pairs.
        rows = self._db.execute(
            "SELECT sha256, MAX(CASE WHEN source IN ('object', 'colour') THEN score END) AS det,"
            " SUM(CASE WHEN source = 'class' THEN score END) AS cls FROM labels"
            f" WHERE label IN ({','.join('?' * len(labels))}) AND (label, source) IN (VALUES {values})"
            " GROUP BY sha256 HAVING det IS NOT NULL OR cls >= ?",
            [*labels, *(v for pair in names for v in pair), class_min],
        )
        return [(sha, max(det or 0.0, min(cls or 0.0, 1.0))) for sha, det, cls in rows]

    def labels_of(self, shas: Iterable[str]) -> dict[str, list[LabelRow]]:
        out: dict[str, list[LabelRow]] = {}
        for chunk in _chunks(list(dict.fromkeys(shas)), 500):
            marks = ",".join("?" * len(chunk))
            for r in self._db.execute(
                "SELECT sha256, source, label, score, count, class_id FROM labels"
                f" WHERE sha256 IN ({marks}) ORDER BY score DESC",
                chunk,
            ):
                out.setdefault(r[0], []).append(LabelRow(*r))
        return out

    def count_unlabelled(self) -> int:
        """Indexed images the sight models have not looked at yet (indexed before labels, or
        while the models were missing)."""
        return int(
            self._db.execute(
                "SELECT COUNT(*) FROM blobs b WHERE b.sight IS NULL"
                " AND EXISTS (SELECT 1 FROM files f WHERE f.sha256 = b.sha256 AND f.error IS NULL)"
            ).fetchone()[0]
        )


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


__all__ = ["SCHEMA_VERSION", "BlobRow", "Catalog", "FileRow", "LabelRow"]
