"""Hard and broken photos (tests/badinput/corpus.py, photo_cases) through `see` and `ask --image`:
a right answer or one clear line, never a traceback. Real OCR and real vision models on a real
photo (scikit-image's chelsea, a cat); only the chat model is scripted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.tools.sight.models import default_models_dir
from tests.badinput.corpus import photo_cases
from tests.data.sight_photos import photo
from tests.test_bad_input import UNDOCUMENTED

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (default_models_dir() / "yolov3-tiny.weights").is_file(),
                       reason="sight models not installed: bash scripts/install_vision.sh"),
]
READABLE = ("gray.jpg", "cmyk.jpg", "sideways.jpg", "anim.gif")
# name -> what the one line says, for files no tool can read.
BROKEN = {"cut.jpg": "truncated", "huge.png": "Mpx limit", "text.jpg": "not an image", "one.png": "too small"}


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    cat = photo("chelsea.png")
    if cat is None:
        pytest.skip("chelsea.png: the scikit-image wheel could not be downloaded")
    return photo_cases(tmp_path_factory.mktemp("photos"), cat)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    rc = main(argv)
    out, err = capsys.readouterr()
    assert not UNDOCUMENTED.search(err), err
    return rc, out, err


def test_see_reads_hard_photos_upright_and_says_one_line_for_broken_ones(cases, capsys):
    for name in READABLE:
        rc, out, _ = _run(["see", str(cases[name]), "--json"], capsys)
        result = json.loads(out)
        assert rc == 0 and (result["width"], result["height"]) == (451, 300), name  # EXIF rotation undone
        assert result["classes"][0]["label"] in {"Egyptian cat", "tabby", "tiger cat"}, name
    assert "only the first frame" in json.loads(_run(["see", str(cases["anim.gif"]), "--json"], capsys)[1])["notes"][0]
    for name, words in BROKEN.items():
        rc, _, err = _run(["see", str(cases[name])], capsys)
        assert rc == 1 and err.startswith("error: ") and words in err and len(err.strip().splitlines()) == 1, name


def test_ask_image_answers_hard_photos_and_goes_on_after_broken_ones(cases, capsys, tmp_path):
    script = tmp_path / "replies.json"
    script.write_text(json.dumps(["I could not look at it."] * 5))
    ask = ["ask", "Is there a cat?", "--model", f"scripted:{script}", "--json", "--image"]
    for name in READABLE:
        rc, out, _ = _run([*ask, str(cases[name])], capsys)
        answer = json.loads(out)["answer"]
        assert rc == 0 and answer.startswith("Yes") and "cat" in answer, (name, answer)
    frames = json.loads(_run([*ask, str(cases["anim.gif"])], capsys)[1])["answer"]
    assert frames.endswith("Only the first of its 2 frames was looked at.")
    # 1x1: the file is an image, OCR reads it (nothing), `see` refuses it in one line, the model answers.
    rc, out, _ = _run([*ask, str(cases["one.png"])], capsys)
    tiny = json.loads(out)
    see = next(c for c in tiny["tool_calls"] if c["name"] == "see")
    assert rc == 0 and not see["ok"] and "too small" in see["result_summary"] and "\n" not in see["result_summary"]
    assert tiny["answer"] == "I could not look at it."
    # The rest cannot be attached at all: one JSON error line, nothing else.
    for name in ("cut.jpg", "huge.png", "text.jpg"):
        rc, out, _ = _run([*ask, str(cases[name])], capsys)
        error = json.loads(out)["error"]
        assert rc == 1 and error and "\n" not in error and not UNDOCUMENTED.search(error), name
