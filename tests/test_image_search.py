"""Image index + search on rendered screenshots with real OCR (RapidOCR) and real MiniLM, stored in
a real embedded chromadb; CLIP mechanics with a tiny randomly initialised CLIP (see tiny_clip.py:
it proves loading, shapes, storage and fusion, not visual quality - no CLIP weights exist offline).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from ocr_screens import render_text
from PIL import Image

from assistant.tools.embedding.embedders import MiniLMEmbedder
from assistant.tools.errors import EngineUnavailable, ToolInputError
from assistant.tools.images.clip_model import ClipModel
from assistant.tools.images.index import ImageIndex
from assistant.tools.images.search import ImageSearch, query_terms
from assistant.tools.ocr.reader import OcrTool

SCREENS = {
    "build.png": "$ make all\nbuild failed: linker error\nld: undefined reference to `main'",
    "invoice.png": "INVOICE 2024\nTotal due: 420.00 EUR\nPayment within 30 days",
    "sub/conn.png": "$ curl http://localhost:8080/health\ncurl: (7) Failed to connect to localhost port 8080\nConnection refused",
}
COLOURS = {"red.jpg": (200, 30, 30), "blue.jpg": (20, 40, 210)}


def make_folder(root: Path) -> Path:
    """Three text screenshots, two plain colour photos, a text file and a corrupt PNG."""
    for name, text in SCREENS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        render_text(text).save(root / name)
    for name, colour in COLOURS.items():
        Image.new("RGB", (160, 120), colour).save(root / name, quality=95)
    (root / "notes.txt").write_text("build failed: but this is a text file, not an image\n")
    (root / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 20)
    return root


@pytest.fixture(scope="session")
def ocr_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One OCR cache for the whole run: each screenshot is read by the real engine once."""
    return tmp_path_factory.mktemp("ocr-cache")


@pytest.fixture(scope="session")
def embedder() -> MiniLMEmbedder:
    return MiniLMEmbedder()


class CountingEmbedder:
    """The real MiniLM, counting the texts it embeds (to prove a re-run embeds nothing)."""

    def __init__(self, inner: MiniLMEmbedder) -> None:
        self.inner, self.texts = inner, 0
        self.model_id = inner.model_id

    def embed(self, texts):  # type: ignore[no-untyped-def]
        self.texts += len(texts)
        return self.inner.embed(texts)


@pytest.fixture(scope="session")
def tiny_clip_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("transformers")
    from tiny_clip import make_tiny_clip

    return make_tiny_clip(tmp_path_factory.mktemp("clip") / "tiny-clip")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_folder(tmp_path / "pics")


def open_index(
    tmp_path: Path,
    ocr_cache: Path,
    embedder: MiniLMEmbedder,
    clip: ClipModel | None = None,
    name: str = "index",
) -> tuple[ImageIndex, CountingEmbedder]:
    counting = CountingEmbedder(embedder)
    index = ImageIndex(
        tmp_path / name, clip=clip, ocr=OcrTool(cache_dir=ocr_cache), text_embedder=counting, batch_size=4
    )
    return index, counting


def test_query_terms_drop_stop_words() -> None:
    assert query_terms("the server would not accept the connection") == ["server", "accept", "connection"]
    assert query_terms("Invoice 2024") == ["invoice", "2024"]


@pytest.mark.slow
def test_ocr_text_search_finds_the_screenshot(
    tmp_path: Path, folder: Path, ocr_cache: Path, embedder: MiniLMEmbedder
) -> None:
    index, _ = open_index(tmp_path, ocr_cache, embedder)
    warnings: list[str] = []
    report = index.update([folder], warn=warnings.append)
    assert (report.added, report.failed, report.non_images, report.mode) == (5, 1, 1, "ocr-text")
    assert any("broken.png" in w and "corrupt" in w for w in warnings)
    search = ImageSearch(index)

    top = search.search("build failed", k=3).hits[0]
    assert Path(top.path).name == "build.png"
    assert "ocr" in top.signals and "keyword" in top.signals
    assert "build failed" in top.matched_text.lower()

    assert Path(search.search("connection refused", k=3).hits[0].path).name == "conn.png"
    paraphrase = search.search("the server would not accept the connection", k=3).hits
    assert "conn.png" in [Path(h.path).name for h in paraphrase]
    invoice = search.search("invoice from 2024", k=3).hits[0]
    assert Path(invoice.path).name == "invoice.png" and "2024" in invoice.matched_text
    # Plain colour photos carry no text: without CLIP nothing may claim to have found them.
    assert all(Path(h.path).suffix != ".jpg" for h in search.search("a red photo", k=10).hits)
    index.close()


@pytest.mark.slow
def test_incremental_reindex(tmp_path: Path, folder: Path, ocr_cache: Path, embedder: MiniLMEmbedder) -> None:
    index, counting = open_index(tmp_path, ocr_cache, embedder)
    index.update([folder])
    counting.texts = 0

    again = index.update([folder])
    assert (again.added, again.updated, again.removed, again.unchanged, again.ocr_runs) == (0, 0, 0, 5, 0)
    assert again.failed == 1 and not again.warnings  # the corrupt file is counted, not re-warned
    assert counting.texts == 0

    os.utime(folder / "red.jpg", ns=(1, 1))  # touched: same bytes, new mtime -> hashed, not re-embedded
    render_text("kernel panic: out of memory").save(folder / "new.png")
    (folder / "sub" / "conn.png").unlink()
    render_text("build succeeded in 3.2 s").save(folder / "build.png")
    report = index.update([folder])
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 3)
    assert counting.texts == 2  # only the new and the changed screenshot

    search = ImageSearch(index)
    names = [Path(h.path).name for h in search.search("connection refused", k=10).hits]
    assert "conn.png" not in names
    assert Path(search.search("kernel panic", k=1).hits[0].path).name == "new.png"
    assert "build.png" not in [Path(h.path).name for h in search.search("linker error", k=10).hits]
    assert index.catalog.orphan_blobs() == []  # the old build.png content was collected
    index.close()


@pytest.mark.slow
def test_tiny_clip_mechanics(
    tmp_path: Path, folder: Path, ocr_cache: Path, embedder: MiniLMEmbedder, tiny_clip_dir: Path
) -> None:
    """Mechanics only: a random CLIP's vectors carry no visual meaning."""
    clip = ClipModel(tiny_clip_dir, batch_size=2)
    index, _ = open_index(tmp_path, ocr_cache, embedder, clip=clip)
    report = index.update([folder])
    assert report.mode == "clip+ocr" and report.clip_embedded == 5
    assert not clip.text_loaded  # indexing never loads the text tower
    stored = index.vectors.clip_vectors([index.catalog.sha_of_path(str(folder / "red.jpg"))])
    (vector,) = stored.values()
    assert len(vector) == 24 and abs(np.linalg.norm(vector) - 1) < 1e-4

    search = ImageSearch(index)
    same = search.similar(folder / "blue.jpg", k=3).hits
    assert Path(same[0].path).name == "blue.jpg" and same[0].similarity["clip-image"] > 0.999
    assert same[0].signals == ["clip-image"]

    hits = search.search("build failed", k=5).hits
    assert Path(hits[0].path).name == "build.png"  # text signals still lead the fusion
    assert {"clip", "ocr", "keyword"} <= set(hits[0].signals)
    assert clip.text_loaded

    labels = search.labels(folder / "red.jpg", ["cat", "dog", "car"])
    assert sorted(lab for lab, _ in labels.labels) == ["car", "cat", "dog"]
    assert abs(sum(p for _, p in labels.labels) - 1) < 1e-5

    assert index.update([folder]).clip_embedded == 0  # unchanged folder: nothing embedded again
    index.close()

    from tiny_clip import make_tiny_clip

    other = ClipModel(make_tiny_clip(tmp_path / "other-clip", projection_dim=16, seed=1))
    reopened, _ = open_index(tmp_path, ocr_cache, embedder, clip=other)
    with pytest.raises(ToolInputError, match="CLIP vectors were made with .*--rebuild"):
        reopened.update([folder])
    reopened.rebuild()  # what `assistant index --rebuild` does: no vector of the old model survives
    report = reopened.update([folder])
    assert (report.added, report.clip_embedded) == (5, 5)
    (vector,) = reopened.vectors.clip_vectors(
        [reopened.catalog.sha_of_path(str(folder / "red.jpg"))]
    ).values()
    assert len(vector) == 16
    reopened.close()


@pytest.mark.slow
def test_clip_added_later_fills_vectors_without_new_ocr(
    tmp_path: Path, folder: Path, ocr_cache: Path, embedder: MiniLMEmbedder, tiny_clip_dir: Path
) -> None:
    index, _ = open_index(tmp_path, ocr_cache, embedder)
    index.update([folder])
    index.close()
    with_clip, counting = open_index(tmp_path, ocr_cache, embedder, clip=ClipModel(tiny_clip_dir))
    report = with_clip.update([folder])
    assert (report.clip_embedded, report.ocr_runs, report.added, counting.texts) == (5, 0, 0, 0)
    assert with_clip.vectors.count() == {"ocr_text": 3, "clip": 5}
    with_clip.close()


@pytest.mark.slow
def test_image_query_without_clip_says_it_used_ocr_text(
    tmp_path: Path, folder: Path, ocr_cache: Path, embedder: MiniLMEmbedder
) -> None:
    index, _ = open_index(tmp_path, ocr_cache, embedder)
    index.update([folder])
    search = ImageSearch(index)
    result = search.similar(folder / "build.png", k=3)
    assert "not by how it looks" in result.note
    assert Path(result.hits[0].path).name == "build.png" and result.hits[0].signals == ["ocr-of-query"]
    assert search.similar(folder / "red.jpg").hits == []
    with pytest.raises(EngineUnavailable, match="need a CLIP model"):
        search.labels(folder / "red.jpg", ["cat", "dog"])
    index.close()


def test_bad_roots_and_symlink_loops(tmp_path: Path, ocr_cache: Path, embedder: MiniLMEmbedder) -> None:
    index, _ = open_index(tmp_path, ocr_cache, embedder)
    with pytest.raises(ToolInputError, match="does not exist"):
        index.update([tmp_path / "nope"])
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(ToolInputError, match="not a folder"):
        index.update([tmp_path / "file.txt"])
    loop = tmp_path / "loop"
    (loop / "a").mkdir(parents=True)
    (loop / "a" / "back").symlink_to(loop, target_is_directory=True)
    (loop / "dangling").symlink_to(tmp_path / "missing.png")
    (loop / "a" / "readme.md").write_text("# not an image")
    report = index.update([loop])
    assert (report.added, report.non_images, report.failed) == (0, 1, 0)
    with pytest.raises(ToolInputError, match="empty search query"):
        ImageSearch(index).search("   ")
    index.close()


@pytest.mark.slow
def test_duplicates_share_one_entry(
    tmp_path: Path, folder: Path, ocr_cache: Path, embedder: MiniLMEmbedder
) -> None:
    shutil.copy(folder / "invoice.png", folder / "invoice-copy.png")
    index, _ = open_index(tmp_path, ocr_cache, embedder)
    index.update([folder])
    hit = ImageSearch(index).search("invoice 2024", k=1).hits[0]
    assert sorted(Path(p).name for p in [hit.path, *hit.other_paths]) == ["invoice-copy.png", "invoice.png"]
    assert index.catalog.count_files() == 6 and index.catalog.count_blobs() == 5
    index.close()
