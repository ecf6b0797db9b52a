"""A request for a photo whose only matches are notes or screenshots is answered so, not with a note."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.photo_search_answer import no_photo_answer
from assistant.tools.images.photo_hits import mark_photos
from assistant.tools.images.search import ImageHit, SearchResult


def _note(path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 300), (250, 235, 120))
    ImageDraw.Draw(image).text((20, 40), "Eiffel Tower tickets: Sat 19:30", fill=(20, 20, 20))
    image.save(path)
    return path


def _photo(path: Path) -> Path:
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:300, 0:400]
    pixels = np.stack([x * 0.6, y * 0.8, (x + y) * 0.3], axis=-1) + rng.normal(0, 25, (300, 400, 3))
    Image.fromarray(np.clip(pixels, 0, 255).astype("uint8")).save(path)
    return path


def _result(*paths: Path, texts: tuple[str, ...] = ()) -> SearchResult:
    hits = [ImageHit(str(p), "0" * 64, 1.0 / (i + 1), ["ocr"], texts[i] if i < len(texts) else "")
            for i, p in enumerate(paths)]
    return mark_photos(SearchResult("the eiffel tower", "ocr-text", hits))


def test_hits_are_marked_photo_or_not_from_their_pixels(tmp_path) -> None:
    result = _result(_note(tmp_path / "paris_trip.png"), _photo(tmp_path / "IMG_4401.jpg"), tmp_path / "gone.png")
    assert [h.photo for h in result.hits] == [False, True, None]  # a file that cannot be read: unknown
    lines = {line.split(" (")[0].split("/")[-1]: line for line in result.evidence_text().splitlines()
             if line[:1].isdigit()}
    assert "[a note, screenshot or drawing, not a photo]" in lines["paris_trip.png"]
    assert "not a photo" not in lines["IMG_4401.jpg"] and "not a photo" not in lines["gone.png"]


def test_a_photo_request_with_only_a_note_matching_says_no_photo_matched(tmp_path) -> None:
    result = _result(_note(tmp_path / "paris_trip.png"), texts=("Eiffel Tower tickets: Sat 19:30",))
    answer = no_photo_answer("find the photo of the eiffel tower from my paris trip", result)
    assert answer.startswith('No photo in your indexed folders matched "the eiffel tower".')
    assert "paris_trip.png (\"Eiffel Tower tickets: Sat 19:30\")" in answer and "CLIP" in answer


@pytest.mark.parametrize("question", [
    "find the photo of the eiffel tower",  # a photo is among the hits: the model picks
])
def test_a_photo_among_the_hits_leaves_the_answer_to_the_model(tmp_path, question) -> None:
    result = _result(_note(tmp_path / "paris_trip.png"), _photo(tmp_path / "IMG_4401.jpg"))
    assert no_photo_answer(question, result) == ""


@pytest.mark.parametrize("question", [
    "Find the screenshot of the eiffel tower tickets",  # a note or screenshot is what is asked for
    "find the picture of my notes about the eiffel tower",
    "Which of my images mentions the Eiffel Tower?",  # not a photo request
])
def test_a_request_for_text_or_any_image_leaves_the_answer_to_the_model(tmp_path, question) -> None:
    assert no_photo_answer(question, _result(_note(tmp_path / "paris_trip.png"))) == ""


def test_no_hits_at_all_leaves_the_answer_to_the_model() -> None:
    assert no_photo_answer("find the photo of the eiffel tower", SearchResult("eiffel tower", "ocr-text", [])) == ""
