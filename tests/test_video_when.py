"""When does a text first appear on screen: real H.264 clips made here, real RapidOCR.

Clips (tests/data/make_clips.py): 320x240, 10 fps, one dark scene, a small white square moving
along the bottom, and a large white word from a known frame on.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from _video_clips import clips

from assistant.tools.errors import ToolInputError
from assistant.tools.ocr.reader import OcrTool
from assistant.tools.video.frame_ocr import frame_ocr_tool
from assistant.tools.when.find import answer_when_question, find_when
from assistant.tools.when.in_video import TextAppearance, find_text_appearance
from assistant.tools.when.question import WhenQuery

DARK = (((40, 40, 60), 0.0),)


@pytest.fixture(scope="module")
def ocr() -> OcrTool:
    return frame_ocr_tool()


@pytest.fixture(scope="module")
def clip_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("when_clips")


@pytest.fixture(scope="module")
def hello(clip_dir: Path) -> Path:
    """6 s; HELLO from frame 33 (3.3 s) to the end."""
    return clips.make_clip(clip_dir / "hello.mp4", seconds=6, scenes=DARK, text="HELLO", text_from=3.3)


class CountingOcr:
    """The real OCR tool, counting reads and cache misses (to check the cost)."""

    def __init__(self, tool: OcrTool) -> None:
        self.tool, self.reads, self.misses = tool, 0, 0

    def read(self, source: bytes):  # type: ignore[no-untyped-def]
        result = self.tool.read(source)
        self.reads += 1
        self.misses += not result.cached
        return result


def test_finds_the_appearance_to_within_half_a_second(hello: Path, ocr: OcrTool) -> None:
    result = find_text_appearance(hello, "HELLO", ocr)
    assert result.found and not result.at_start
    assert result.lo_s is not None and result.hi_s is not None
    assert result.lo_s < 3.3 <= result.hi_s + 1e-6
    assert result.hi_s - result.lo_s <= 0.5 + 1e-6
    # Coarse frames 0-3 s without, the first with it, and at most a bisection step or two.
    assert result.frames_checked <= 8
    assert [c.present for c in result.checks] == [c.timestamp >= 3.3 - 1e-6 for c in result.checks]
    assert result.answer() == (
        f"'HELLO' first appears on screen between {result.lo_s:.1f} s and {result.hi_s:.1f} s."
    )


def test_finer_precision_lands_on_the_frame(hello: Path, ocr: OcrTool) -> None:
    result = find_text_appearance(hello, "hello!", ocr, precision=0.1)  # case and punctuation
    assert result.found
    assert result.hi_s == pytest.approx(3.3, abs=1e-6)
    assert result.lo_s == pytest.approx(3.2, abs=1e-6)
    assert "between 3.2 s and 3.3 s" in result.answer()


def test_text_never_shown_says_how_densely_it_looked(hello: Path, ocr: OcrTool) -> None:
    result = find_text_appearance(hello, "GOODBYE", ocr)
    assert not result.found and result.lo_s is None and result.hi_s is None
    # 0, 1, ..., 5 s and the last frame (5.9 s)
    assert result.frames_checked == 7
    assert result.answer().startswith(
        "'GOODBYE' was not found on screen in 7 frames sampled every 1.0 s from 0.0 s to 6.0 s"
    )
    assert "absent" not in result.answer()


def test_a_card_shown_between_even_samples_is_found_where_the_picture_changes(clip_dir: Path, ocr: OcrTool) -> None:
    """40 s sampled every 2.5 s: a card from 23.2 s to 24.6 s lies between the samples at 22.5 s
    and 25 s. The frames just after each picture change are read next, and the card is found."""
    card = ((40, 40, 60), 0.0), ((30, 30, 160), 23.2), ((40, 40, 60), 24.6)
    path = clips.make_clip(clip_dir / "card.mp4", seconds=40, scenes=card, text="THE END", text_from=23.2,
                           text_until=24.6)
    result = find_text_appearance(path, "THE END", ocr)
    assert result.found and result.step_s == 2.5 and result.cut_frames >= 1
    assert result.lo_s is not None and result.hi_s is not None
    assert result.lo_s < 23.2 <= result.hi_s and result.hi_s - result.lo_s <= 0.5
    missing = find_text_appearance(path, "GOODBYE", ocr)
    assert not missing.found and missing.cut_frames >= 1
    assert "and just after" in missing.answer() and "scene change" in missing.answer()


def test_text_from_the_first_frame_and_only_at_the_end(clip_dir: Path, ocr: OcrTool) -> None:
    always = clips.make_clip(clip_dir / "always.mp4", seconds=4, scenes=DARK, text="HELLO", text_from=0.0)
    first = find_text_appearance(always, "HELLO", ocr)
    assert first.found and first.at_start and first.lo_s is None and first.hi_s == pytest.approx(0.0)
    assert "already on screen in the first frame searched, at 0.0 s" in first.answer()
    # Shown only in the last 0.4 s: between the 5 s sample and the end, found by the last frame.
    late = clips.make_clip(clip_dir / "late.mp4", seconds=6, scenes=DARK, text="HELLO", text_from=5.6)
    end = find_text_appearance(late, "HELLO", ocr)
    assert end.found and end.lo_s is not None and end.hi_s is not None
    assert end.lo_s < 5.6 <= end.hi_s + 1e-6 and end.hi_s - end.lo_s <= 0.5 + 1e-6


def test_start_end_and_step_limit_the_search(hello: Path, ocr: OcrTool) -> None:
    result = find_text_appearance(hello, "HELLO", ocr, start=2, end=5, step=2)
    assert (result.start_s, result.step_s) == (2.0, 2.0)
    assert result.checks[0].timestamp == pytest.approx(2.0)
    assert result.lo_s is not None and result.hi_s is not None
    assert result.lo_s < 3.3 <= result.hi_s + 1e-6 and result.hi_s - result.lo_s <= 0.5 + 1e-6


def test_a_repeated_question_is_read_from_the_ocr_cache(hello: Path, ocr: OcrTool) -> None:
    counting = CountingOcr(ocr)
    find_text_appearance(hello, "HELLO", counting)
    reads = counting.reads
    counting.misses = 0
    again = find_text_appearance(hello, "HELLO", counting)
    assert again.found and counting.reads == 2 * reads and counting.misses == 0


def test_result_shapes(hello: Path, ocr: OcrTool) -> None:
    result = find_text_appearance(hello, "HELLO", ocr)
    data = json.loads(json.dumps(result.to_dict()))
    assert set(data) == {
        "query", "found", "lo_s", "hi_s", "frames_checked", "seconds", "step_s", "start_s", "end_s",
        "precision_s", "source", "checks", "cut_frames",
    }
    assert data["source"] == "hello.mp4" and len(data["checks"]) == result.frames_checked
    assert "\n" not in result.summary() and "HELLO" in result.summary()
    evidence = result.evidence_text()
    assert result.answer() in evidence and 'read "HELLO' in evidence
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.found = False  # type: ignore[misc]  # frozen


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"text": "  ?!  "}, "nothing to look for"),
        ({"precision": 0}, "precision"),
        ({"step": -1}, "step"),
        ({"step": 0.05}, "max_frames"),
        ({"start": 10}, "past the end"),
    ],
)
def test_bad_arguments(hello: Path, ocr: OcrTool, kwargs: dict, match: str) -> None:
    args = {"text": "HELLO"} | kwargs
    text = args.pop("text")
    with pytest.raises(ToolInputError, match=match):
        find_text_appearance(hello, text, ocr, **args)


def test_find_when_searches_the_screen_of_a_video(hello: Path, ocr: OcrTool) -> None:
    result = find_when(hello, WhenQuery("HELLO", "either"), ocr=ocr)
    assert isinstance(result, TextAppearance) and result.found
    asked = answer_when_question(hello, "When does the word HELLO first appear on screen?", ocr=ocr)
    assert asked is not None and asked.answer() == result.answer()
    assert answer_when_question(hello, "When was Python created?", ocr=ocr) is None


# --- CLI ----------------------------------------------------------------------------------


def test_cli_find(frames_cli, hello: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert frames_cli(["frames", str(hello), "--find", "HELLO", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["found"] and data["lo_s"] < 3.3 <= data["hi_s"] and data["hi_s"] - data["lo_s"] <= 0.5
    assert frames_cli(["frames", str(hello), "--find", "HELLO", "--precision", "0.1"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "'HELLO' first appears on screen between 3.2 s and 3.3 s."


def test_cli_find_refuses_sampling_flags(frames_cli, hello: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert frames_cli(["frames", str(hello), "--find", "HELLO", "-n", "4"]) == 1
    assert "--find" in capsys.readouterr().err
