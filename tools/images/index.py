"""Index the images in folders: OCR text + a text embedding of it, and a CLIP vector when CLIP is set.

    index = ImageIndex(Path("~/.local/share/assistant/index"), clip=None)   # OCR-text mode
    report = index.update([Path("~/Pictures")], progress=lambda done, total: ...)

Incremental: a file whose size and mtime match the catalog is not read at all; one whose size or
mtime changed is hashed, and only new content is OCR'd and embedded (a touched file costs a
hash). Files that vanished are dropped at the end of a run that finished. Each batch is committed
on its own (vectors first, then the catalog rows in one SQLite transaction), so Ctrl-C or a kill
leaves every earlier batch in place and the next run goes on from there.

Labels: given a SightTool, the `see` models look at each new content hash once and the labels go
to the catalog (tools/images/labels.py); hashes indexed without them (an older index, missing
models) are looked at by the next run that has the models, with no new OCR.

Images are found by their magic bytes (``assistant.tools.media.detect_mime``), never by file name; which
files are walked (hidden entries, symlinks, names) is tools/images/walk.py's job.

Scale: the embedded chromadb is right up to a few hundred thousand images on one machine; past
that, a Chroma server (``image_search.chroma_host``) and then an approximate index for the CLIP
vectors (FAISS IVF-PQ): README's "Scaling out" has the figures.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.tools.errors import ToolError, ToolInputError
from assistant.tools.images.catalog import BlobRow, Catalog, FileRow, LabelRow
from assistant.tools.images.labels import IndexSight
from assistant.tools.images.store import ImageVectors, open_chroma
from assistant.tools.images.walk import check_root, inside_root, walk_files
from assistant.tools.media import (
    DECODABLE_IMAGES,
    detect_mime,
    image_from_bytes,
    read_media_bytes,
    resize_for,
)

if TYPE_CHECKING:
    from assistant.tools.embedding.embedders import Embedder
    from assistant.tools.images.clip_model import ClipModel
    from assistant.tools.ocr.reader import OcrTool
    from assistant.tools.sight.see import SightTool

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
OCR_ONLY_NOTICE = (
    "image index: OCR-text mode - no CLIP model configured (set image_search.clip_model to a local"
    " CLIP checkpoint dir), so images are found by the text in them, not by how they look"
)
LABELS_NOTICE = OCR_ONLY_NOTICE.replace(
    "by the text in them,", "by the text in them and the objects `see` names (80 COCO, 1000 ImageNet classes),"
)


@dataclass
class IndexReport:
    roots: list[str]
    mode: str
    """"clip+ocr" or "ocr-text"."""
    scanned: int = 0
    unchanged: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    failed: int = 0
    """Image files that could not be read or decoded (warned about, skipped, retried when changed)."""
    non_images: int = 0
    ocr_runs: int = 0
    """Images whose OCR was computed or taken from the OCR cache (new content)."""
    clip_embedded: int = 0
    labelled: int = 0
    """Images the sight models looked at (new content, or entries indexed before labels)."""
    seconds: float = 0.0
    interrupted: bool = False
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"seconds": round(self.seconds, 3)}

    def summary(self) -> str:
        state = "interrupted, re-run to continue" if self.interrupted else "done"
        return (
            f"indexed {len(self.roots)} folder(s) [{self.mode}]: {self.added} added, {self.updated} updated,"
            f" {self.unchanged} unchanged, {self.removed} removed, {self.failed} failed, {self.labelled} labelled,"
            f" {self.non_images} non-image files skipped in {self.seconds:.1f} s ({state})"
        )

    def evidence_text(self) -> str:
        return self.summary()


@dataclass
class _Work:
    path: str
    root: str
    size: int
    mtime_ns: int
    old_sha: str | None
    known: bool
    """The catalog had this path already (so it is updated, not added)."""


class ImageIndex:
    """Catalog (SQLite) + vectors (chromadb) + the engines that fill them, all injected."""

    def __init__(
        self,
        path: Path | str,
        *,
        client: Any = None,
        host: str | None = None,
        port: int = 8000,
        clip: ClipModel | None = None,
        ocr: OcrTool | None = None,
        text_embedder: Embedder | None = None,
        sight: SightTool | None = None,
        batch_size: int = 16,
    ) -> None:
        self.path = Path(path).expanduser()
        self.catalog = Catalog(self.path / "catalog.sqlite3")
        self._client, self._host, self._port = client, host, port
        self._owns_client = client is None
        self.clip = clip
        self._ocr = ocr
        self._embedder = text_embedder
        self.sight = IndexSight(sight)
        self.batch_size = max(1, batch_size)
        self._vectors: ImageVectors | None = None

    # -- engines, opened on first use ------------------------------------------------------

    @property
    def ocr(self) -> OcrTool:
        if self._ocr is None:
            from assistant.tools.ocr.reader import OcrTool

            self._ocr = OcrTool()
        return self._ocr

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            from assistant.tools.embedding.embedders import MiniLMEmbedder

            self._embedder = MiniLMEmbedder()
        return self._embedder

    @property
    def vectors(self) -> ImageVectors:
        if self._vectors is None:
            if self._client is None:
                self._client = open_chroma(self.path / "chroma", self._host, self._port)
            self._vectors = ImageVectors(
                self._client, self.embedder.model_id, self.clip.model_id if self.clip else None
            )
            self._check_clip_match()
        return self._vectors

    def _check_clip_match(self) -> None:
        assert self._vectors is not None
        stored = self._vectors.stored_clip_model()
        if self.clip is not None and stored and stored != self.clip.model_id:
            raise ToolInputError(
                f"the image index's CLIP vectors were made with {stored}, not {self.clip.model_id}; set"
                " image_search.clip_model back to that checkpoint or run `assistant index --rebuild DIR`"
            )

    @property
    def mode(self) -> str:
        return "clip+ocr" if self.clip is not None else "ocr-text"

    def mode_notice(self) -> str | None:
        """The one line to show when visual similarity is off (None when CLIP is on)."""
        if self.clip is not None:
            return None
        return LABELS_NOTICE if self.sight.tool is not None else OCR_ONLY_NOTICE

    def roots(self) -> list[Path]:
        """Folders indexed so far (the app lets tools read them)."""
        return self.catalog.roots()

    def close(self) -> None:
        self.catalog.close()
        if self._owns_client and self._client is not None and hasattr(self._client, "close"):
            self._client.close()
        self._client = None if self._owns_client else self._client
        self._vectors = None

    def rebuild(self) -> None:
        """Forget every vector and file record (roots are kept)."""
        self.vectors.reset()
        self._vectors = None
        self.catalog.remove_paths([p for r in self.roots() for p in self.catalog.files_under(str(r))])
        self.catalog.drop_blobs(self.catalog.orphan_blobs())

    # -- indexing --------------------------------------------------------------------------

    def update(
        self,
        roots: Sequence[Path | str],
        progress: Progress | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> IndexReport:
        """Bring the index up to date with ``roots``. Ctrl-C stops after the last whole batch."""
        start = time.perf_counter()
        resolved = [check_root(r) for r in roots]
        report = IndexReport(roots=[str(r) for r in resolved], mode=self.mode)

        def _warn(msg: str) -> None:
            report.warnings.append(msg)
            (warn or log.warning)(msg)

        vectors = self.vectors  # open (and check the CLIP model) before any work
        seen: set[str] = set()
        known_all: dict[str, FileRow] = {}
        try:
            todo: list[_Work] = []
            for root in resolved:
                self.catalog.add_root(str(root))
                known = self.catalog.files_under(str(root))
                known_all.update(known)
                todo.extend(self._scan(root, known, seen, report, _warn))
            total = len(todo)
            if progress:
                progress(0, total)
            done = 0
            for batch_start in range(0, total, self.batch_size):
                batch = todo[batch_start : batch_start + self.batch_size]
                self._index_batch(batch, vectors, report, _warn)
                done += len(batch)
                if progress:
                    progress(done, total)
            gone = [p for p in known_all if p not in seen]
            if gone:
                self.catalog.remove_paths(gone)
                report.removed = sum(1 for p in gone if known_all[p].error is None)
            orphans = self.catalog.orphan_blobs()
            if orphans:
                vectors.delete(orphans)
                self.catalog.drop_blobs(orphans)
        except KeyboardInterrupt:
            # The batch in flight was never committed; everything before it was.
            report.interrupted = True
        report.seconds = time.perf_counter() - start
        return report

    def _scan(
        self,
        root: Path,
        known: dict[str, FileRow],
        seen: set[str],
        report: IndexReport,
        warn: Callable[[str], None],
    ) -> Iterator[_Work]:
        stale = self._stale(known, warn)
        for path in walk_files(root, warn):
            key = str(path)
            try:
                st = path.stat()
            except OSError as exc:
                warn(f"cannot read {key} ({exc.strerror or type(exc).__name__}); skipped")
                report.failed += 1
                continue
            row = known.get(key)
            if row is not None and row.size == st.st_size and row.mtime_ns == st.st_mtime_ns:
                seen.add(key)
                report.scanned += 1
                if row.error is not None:
                    report.failed += 1  # still broken, unchanged: not retried, not warned again
                elif row.sha256 in stale:
                    yield _Work(key, str(root), st.st_size, st.st_mtime_ns, row.sha256, True)
                else:
                    report.unchanged += 1
                continue
            try:
                with path.open("rb") as fh:
                    mime = detect_mime(fh.read(64))
            except OSError as exc:
                warn(f"cannot read {key} ({exc.strerror or type(exc).__name__}); skipped")
                report.failed += 1
                continue
            if mime not in DECODABLE_IMAGES:
                report.non_images += 1
                continue
            seen.add(key)
            report.scanned += 1
            yield _Work(
                key, str(root), st.st_size, st.st_mtime_ns, row.sha256 if row else None, row is not None
            )

    def _stale(self, known: dict[str, FileRow], warn: Callable[[str], None]) -> set[str]:
        """Hashes indexed before without this run's CLIP vector or labels (re-read, not re-OCR'd)."""
        clip_id, sight_id = (self.clip.model_id if self.clip else None), self.sight.model_id
        if not (clip_id or sight_id):
            return set()
        blobs = self.catalog.blobs(r.sha256 for r in known.values() if r.sha256)
        if sight_id and any(b.sight != sight_id for b in blobs.values()) and not self.sight.ready(warn):
            sight_id = None  # the models are missing: reading those files again would add nothing
        return {
            sha
            for sha, b in blobs.items()
            if (clip_id and b.clip_model != clip_id) or (sight_id and b.sight != sight_id)
        }

    def _index_batch(
        self, batch: list[_Work], vectors: ImageVectors, report: IndexReport, warn: Callable[[str], None]
    ) -> None:
        files: list[FileRow] = []
        loaded: dict[str, tuple[bytes, _Work]] = {}
        for work in batch:
            try:
                if not inside_root(work.path, work.root):  # swapped for a link since the scan
                    raise ToolInputError("it now links outside the indexed folder")
                data, _ = read_media_bytes(work.path)
            except (ToolError, OSError) as exc:
                files.append(self._failed(work, exc, report, warn))
                continue
            sha = hashlib.sha256(data).hexdigest()
            files.append(FileRow(work.path, work.root, sha, work.size, work.mtime_ns))
            loaded.setdefault(sha, (data, work))
        existing = self.catalog.blobs(loaded)
        clip_id, sight_id = (self.clip.model_id if self.clip else None), self.sight.model_id
        new_blobs: list[BlobRow] = []
        labels: dict[str, list[LabelRow]] = {}
        ocr_rows: list[tuple[str, str]] = []
        clip_rows: list[tuple[str, Any]] = []
        broken: set[str] = set()
        for sha, (data, work) in loaded.items():
            blob = existing.get(sha)
            want_ocr = blob is None
            want_clip = clip_id is not None and (blob is None or blob.clip_model != clip_id)
            want_sight = sight_id is not None and (blob is None or blob.sight != sight_id)
            want_sight = want_sight and self.sight.ready(warn)
            if not (want_ocr or want_clip or want_sight):
                continue
            try:
                text = self.ocr.read(data).text if want_ocr else None
                image = resize_for(image_from_bytes(data).image, "clip") if want_clip else None
            except ToolError as exc:
                broken.add(sha)
                files = [self._failed(work, exc, report, warn) if f.sha256 == sha else f for f in files]
                continue
            if text is not None:
                report.ocr_runs += 1
                if text.strip():
                    ocr_rows.append((sha, text))
            if image is not None:
                clip_rows.append((sha, image))
            if want_sight:
                labels[sha] = self.sight.look(sha, data)
                report.labelled += 1
            ocr_chars = len(text) if text is not None else (blob.ocr_chars if blob else 0)
            new_blobs.append(
                BlobRow(
                    sha,
                    ocr_chars,
                    clip_id if want_clip else (blob.clip_model if blob else None),
                    sight_id if want_sight else (blob.sight if blob else None),
                )
            )
        if ocr_rows:
            shas, texts = zip(*ocr_rows, strict=True)
            vectors.put_ocr(shas, self.embedder.embed(list(texts)), texts)
        if clip_rows and self.clip is not None:
            shas, images = zip(*clip_rows, strict=True)
            vectors.put_clip(shas, self.clip.embed_images(list(images)))
            report.clip_embedded += len(shas)
        by_path = {w.path: w for w in batch}
        for f in files:
            if f.error is not None or f.sha256 in broken:
                continue
            work = by_path[f.path]
            if not work.known:
                report.added += 1
            elif work.old_sha != f.sha256:
                report.updated += 1
            else:
                report.unchanged += 1  # touched (mtime moved) or only missing a CLIP vector or labels
        self.catalog.commit_batch(new_blobs, files, labels)

    @staticmethod
    def _failed(work: _Work, exc: Exception, report: IndexReport, warn: Callable[[str], None]) -> FileRow:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        reason = reason.replace("the given image bytes is", "it is")  # the engines saw bytes, not a path
        warn(f"skipped {work.path}: {reason}")
        report.failed += 1
        return FileRow(work.path, work.root, None, work.size, work.mtime_ns, reason[:300])


__all__ = ["LABELS_NOTICE", "OCR_ONLY_NOTICE", "ImageIndex", "IndexReport", "check_root"]
