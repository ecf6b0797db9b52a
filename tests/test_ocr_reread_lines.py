"""Lines RapidOCR's first pass reads with little confidence are read again from their own crop
(tools/ocr/reread_lines.py): full-width terminal lines, which the recogniser garbles when it
squeezes them into one strip, in pieces cut at word gaps; a line of a photographed page whole.
Real RapidOCR on rendered terminal screenshots and on scikit-image's page photo."""

from __future__ import annotations

import pytest
from PIL import Image

from assistant.evals.images import render_lines
from assistant.tools.ocr.engines import RapidOcrEngine
from assistant.tools.ocr.layout import RawBox
from assistant.tools.ocr.reader import OcrTool
from assistant.tools.ocr.reread_lines import _pieces, reread_unsure_lines
from assistant.tools.ocr.screen_text import analyze

WIDE_ERROR = "PermissionError: [Errno 13] Permission denied: '/var/log/app/events-2026-11-30.log' (check owner)"
SHOT = [
    "$ python rotate.py",
    "Traceback (most recent call last):",
    '  File "/opt/rotate/rotate.py", line 12, in <module>',
    "    with open(path, 'a') as log:",
    WIDE_ERROR,
]


@pytest.mark.slow
def test_a_garbled_full_width_line_is_read_again_in_pieces_by_the_real_recogniser(tmp_path):
    image = tmp_path / "shot.png"
    render_lines(SHOT, "terminal").save(image)
    picture = Image.open(image).convert("RGB")
    engine = RapidOcrEngine()
    once = engine._detect_and_read(picture)
    wide = max(once, key=lambda b: b.box[2] - b.box[0])
    assert (wide.box[2] - wide.box[0]) / (wide.box[3] - wide.box[1]) > 20  # the case this is about
    # One pass garbles such a line now and then (seen: "yp,  ,r, : op  o rnrp :rr." at 0.58 for a
    # TypeError line); this one reads well, so its garbled reading is stood in for.
    garbled = RawBox("yp,  ,r, : op  o rnrp :rr.", wide.box, 0.58)
    again = reread_unsure_lines(picture, [garbled], engine._read_line)[0]
    assert again.box == wide.box and again.confidence > 0.9 and _squash(again.text) == _squash(WIDE_ERROR)
    # A line read well is left alone, and the whole read parses the error.
    text = OcrTool(engine=engine).read(image).text
    assert _squash(text.splitlines()[-1]) == _squash(WIDE_ERROR)
    assert analyze(text).error_type == "PermissionError"
    # A recogniser-only call must not switch detection off for the next image (RapidOCR keeps
    # the switches of its last call).
    assert len(engine._detect_and_read(picture)) == len(once)


def _squash(text: str) -> str:
    return "".join(text.split())


def _words_image(width: int = 900, height: int = 30):
    """Black 40-pixel "words" with 10-pixel gaps on white, each word with a hairline inside."""
    from PIL import ImageDraw

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for x in range(0, width - 40, 50):
        draw.rectangle((x, 8, x + 19, height - 8), fill="black")
        draw.rectangle((x + 21, 8, x + 39, height - 8), fill="black")
    return image


def test_only_unsure_lines_are_read_again_wide_ones_also_in_pieces_and_kept_when_better():
    image = _words_image()
    calls: list[tuple[int, int]] = []

    def read_line(score):
        def read(piece):
            calls.append(piece.size)
            return "word", score
        return read

    narrow = RawBox("short line", (0, 0, 300, 30), 0.4)
    sure = RawBox("a wide line read well", (0, 0, 890, 30), 0.97)
    unsure = RawBox("garbled", (0, 0, 890, 30), 0.6)
    out = reread_unsure_lines(image, [narrow, sure], read_line(0.95))
    assert out == [RawBox("word", narrow.box, 0.95), sure] and calls == [(306, 30)]  # the unsure line, whole
    calls.clear()
    out = reread_unsure_lines(image, [unsure], read_line(0.95))
    assert len(calls) >= 3 and calls[0] == (896, 30)  # whole, then in pieces
    assert out[0].box == unsure.box and out[0].confidence == 0.95
    calls.clear()
    assert reread_unsure_lines(image, [unsure], read_line(0.3)) == [unsure] and calls  # worse: the first read stays


def test_cuts_fall_in_gaps_between_words_not_inside_them():
    image = _words_image(600).convert("L")
    pieces = _pieces(image)
    assert len(pieces) > 1 and all(end - start <= 12 * 30 for start, end in pieces)
    assert all(image.getpixel((end, 15)) == 255 and (end % 50) >= 40 for _, end in pieces[:-1])


@pytest.mark.slow
def test_a_line_of_a_photographed_page_misread_in_the_full_pass_is_read_again_whole():
    from pathlib import Path

    page = Path(__file__).parent / "data" / "external" / "skimage" / "page.png"
    if not page.exists():
        pytest.skip("scripts/fetch_media.sh has not fetched scikit-image's page.png")
    text = OcrTool(engine=RapidOcrEngine()).read(page).text
    # The full pass read this line as "the o sr e  t te  re s the" (0.58).
    assert "the markers are found at the two extreme parts of the" in text
