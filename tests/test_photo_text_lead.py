"""A question about what is written in a photo leads with the words OCR read there."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.photo_text_lead import asks_what_is_written, photo_text_lead


def _read(text: str):  # type: ignore[no-untyped-def]
    rec = SimpleNamespace(ok=True, name="ocr", result=SimpleNamespace(text=text))
    return {Path("/pics/IMG_7201.jpg"): [(rec, SimpleNamespace(text=text))]}


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


def test_a_photo_with_a_few_words_read_gets_them_first():
    lead = photo_text_lead("what does it say on his sweatshirt?", _read("LASVEGASN"))
    assert lead == '**Text read in IMG_7201.jpg** (OCR, may misread or run words together): "LASVEGASN"'


def test_no_lead_for_other_questions_for_no_text_or_for_a_page_of_it():
    assert photo_text_lead("how many people are there?", _read("LASVEGASN")) == ""
    assert photo_text_lead("what does it say?", _read("")) == ""
    page = " ".join(["Region-based segmentation divides an image into regions of similar pixels."] * 6)
    assert photo_text_lead("what does it say?", _read(page)) == ""  # a page: its text is the evidence already
