"""A question about what is written in a photo leads with the words OCR read there."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.photo_text_lead import asks_what_is_written, photo_text_lead


def _photo(path: Path) -> Path:
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(3)
    y, x = np.mgrid[0:240, 0:320]
    pixels = np.stack([x * 0.7, y, (x + y) * 0.4], axis=-1) + rng.normal(0, 25, (240, 320, 3))
    Image.fromarray(np.clip(pixels, 0, 255).astype("uint8")).save(path)
    return path


def _note(path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 120), (30, 30, 30))
    ImageDraw.Draw(image).text((10, 40), "export TOKEN=abc run the deploy", fill=(220, 220, 220))
    image.save(path)
    return path


def _read(text: str, path: Path = Path("/pics/none.jpg")):  # type: ignore[no-untyped-def]
    rec = SimpleNamespace(ok=True, name="ocr", result=SimpleNamespace(text=text))
    return {path: [(rec, SimpleNamespace(text=text))]}


@pytest.mark.parametrize(("question", "asks"), [
    ("what does it say on the guy's sweatshirt in this beach pic?", True),
    ("What's written on the sign?", True),
    ("what brand is printed on the box?", True),
    ("what number is on the bus?", True),
    ("how many people are in this photo?", False),
    ("what is the dog doing?", False),
])
def test_questions_about_what_is_written(question, asks):
    assert asks_what_is_written(question) is asks


def test_a_photo_with_a_few_words_read_gets_them_first(tmp_path):
    lead = photo_text_lead("what does it say on his sweatshirt?", _read("LASVEGASN", _photo(tmp_path / "IMG_7201.jpg")))
    assert lead == '**Text read in IMG_7201.jpg** (OCR, may misread or run words together): "LASVEGASN"'


def test_no_lead_for_other_questions_no_text_a_page_of_it_or_a_screen(tmp_path):
    photo = _photo(tmp_path / "IMG_1.jpg")
    assert photo_text_lead("how many people are there?", _read("LASVEGASN", photo)) == ""
    assert photo_text_lead("what does it say?", _read("", photo)) == ""
    page = " ".join(["Region-based segmentation divides an image into regions of similar pixels."] * 6)
    assert photo_text_lead("what does it say?", _read(page, photo)) == ""  # a page: its text is the evidence
    note = _note(tmp_path / "terminal.png")
    assert photo_text_lead("what does this screenshot say?", _read("export TOKEN=abc run the deploy", note)) == ""
