"""Real OCR on rendered screenshots: key strings, indentation, caching, engines, the CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ocr_screens import CODE, TRACEBACK, char_error_rate, dark_terminal, light_editor
from PIL import Image

from assistant.tools.errors import EngineUnavailable, ToolInputError
from assistant.tools.ocr.engines import RapidOcrEngine, TesseractEngine
from assistant.tools.ocr.layout import RawBox, rebuild_lines
from assistant.tools.ocr.reader import OcrTool

KEY_STRINGS = (
    "Traceback (most recent call last):",
    'File "/home/sam/app/main.py", line 42, in compute',
    "ZeroDivisionError: division by zero",
)
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="tesseract binary missing: apt-get install tesseract-ocr tesseract-ocr-eng",
)


@pytest.fixture(scope="session")
def screens(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("screens")
    paths = {"traceback": folder / "traceback.png", "code": folder / "code.png", "blank": folder / "blank.png"}
    dark_terminal().save(paths["traceback"])
    light_editor().save(paths["code"])
    Image.new("RGB", (200, 80), (30, 30, 30)).save(paths["blank"])
    return paths


@pytest.fixture(scope="session")
def rapid() -> RapidOcrEngine:
    """One engine for the session: its ONNX models load once."""
    return RapidOcrEngine()


class CountingEngine:
    """Wraps a real engine and counts how often it is asked to read."""

    def __init__(self, inner: RapidOcrEngine | TesseractEngine) -> None:
        self.inner = inner
        self.name = inner.name
        self.cache_key = inner.cache_key
        self.calls = 0

    def recognize(self, image: Image.Image) -> list[RawBox]:
        self.calls += 1
        return self.inner.recognize(image)


class ExplodingEngine:
    name = "rapidocr"
    cache_key = RapidOcrEngine().cache_key

    def recognize(self, image: Image.Image) -> list[RawBox]:
        raise AssertionError("the engine ran although the result was cached")


def _line_with(text: str, needle: str) -> str:
    return next(line for line in text.splitlines() if needle in line)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _assert_traceback_read(text: str) -> None:
    for key in KEY_STRINGS:
        assert key in text, f"{key!r} not in OCR text:\n{text}"
    assert char_error_rate(TRACEBACK, text) < 0.03
    assert _indent(_line_with(text, "Traceback")) == 0
    assert _indent(_line_with(text, 'File "/home/sam/app/main.py"')) == 2
    assert _indent(_line_with(text, "main()")) == 4
    assert _indent(_line_with(text, "return total")) == 4
    assert _indent(_line_with(text, "ZeroDivisionError")) == 0


@pytest.mark.slow
def test_rapidocr_reads_dark_terminal_traceback(screens: dict[str, Path], rapid: RapidOcrEngine) -> None:
    result = OcrTool(engine=rapid).read(screens["traceback"])
    _assert_traceback_read(result.text)
    assert result.engine == "rapidocr" and not result.cached
    assert len(result.lines) == 6
    assert all(0.5 < line.confidence <= 1.0 for line in result.lines)
    # Lines come top to bottom with their boxes.
    tops = [line.box[1] for line in result.lines]
    assert tops == sorted(tops)


@pytest.mark.slow
def test_rapidocr_keeps_nested_code_indentation(screens: dict[str, Path], rapid: RapidOcrEngine) -> None:
    text = OcrTool(engine=rapid).read(screens["code"]).text
    assert [_indent(line) for line in text.splitlines()] == [_indent(line) for line in CODE.splitlines()]
    assert char_error_rate(CODE, text) < 0.03


@needs_tesseract
def test_tesseract_reads_traceback_and_code(screens: dict[str, Path]) -> None:
    tool = OcrTool(engine="tesseract")
    result = tool.read(screens["traceback"])
    assert result.engine == "tesseract"
    _assert_traceback_read(result.text)
    code = tool.read(screens["code"]).text
    assert [_indent(line) for line in code.splitlines()] == [_indent(line) for line in CODE.splitlines()]
    assert os.environ.get("OMP_THREAD_LIMIT") == "1"


@pytest.mark.slow
def test_second_read_is_cached_and_skips_the_engine(
    screens: dict[str, Path], rapid: RapidOcrEngine, tmp_path: Path
) -> None:
    engine = CountingEngine(rapid)
    tool = OcrTool(engine=engine, cache_dir=tmp_path / "cache")
    first = tool.read(screens["traceback"])
    second = tool.read(screens["traceback"])
    assert engine.calls == 1
    assert (first.cached, second.cached) == (False, True)
    assert second.text == first.text and second.lines == first.lines
    assert second.seconds < first.seconds / 10
    # A fresh tool (a new process, say) finds the result on disk and never runs its engine.
    from_disk = OcrTool(engine=ExplodingEngine(), cache_dir=tmp_path / "cache").read(screens["traceback"])
    assert from_disk.cached and from_disk.text == first.text
    assert from_disk.image_sha256 == first.image_sha256
    # The same bytes under another name are the same image.
    copy = tmp_path / "renamed.bin"
    copy.write_bytes(screens["traceback"].read_bytes())
    assert tool.read(copy).cached and engine.calls == 1


@pytest.mark.slow
def test_damaged_cache_file_is_ignored(screens: dict[str, Path], rapid: RapidOcrEngine, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    OcrTool(engine=rapid, cache_dir=cache).read(screens["code"])
    (entry,) = cache.glob("*.json")
    entry.write_text("{not json")
    engine = CountingEngine(rapid)
    result = OcrTool(engine=engine, cache_dir=cache).read(screens["code"])
    assert engine.calls == 1 and not result.cached and "walk(tree" in result.text


@pytest.mark.slow
def test_blank_image_has_no_text(screens: dict[str, Path], rapid: RapidOcrEngine) -> None:
    result = OcrTool(engine=rapid).read(screens["blank"])
    assert result.text == "" and result.lines == []
    assert "no text found" in result.summary()
    assert "no text was found" in result.evidence_text()


def test_bad_input_is_a_one_line_tool_input_error(tmp_path: Path) -> None:
    tool = OcrTool(engine=ExplodingEngine())
    fake = tmp_path / "fake.png"
    fake.write_text("print('hello')\n")
    for path, words in [(tmp_path / "none.png", "does not exist"), (fake, "text, not an image")]:
        with pytest.raises(ToolInputError) as exc:
            tool.read(path)
        assert words in str(exc.value) and str(fake.parent) in str(exc.value)
        assert "\n" not in str(exc.value)


def test_engine_is_not_loaded_at_import_or_construction() -> None:
    code = "import sys, assistant.tools.ocr.reader; assistant.tools.ocr.reader.OcrTool(); print('rapidocr' in sys.modules, 'PIL' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_missing_engines_say_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rapidocr", None)  # import now fails as if not installed
    with pytest.raises(EngineUnavailable, match="pip install 'rapidocr"):
        RapidOcrEngine().recognize(Image.new("RGB", (10, 10)))
    pytesseract = pytest.importorskip("pytesseract")
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    with pytest.raises(EngineUnavailable, match="apt-get install tesseract-ocr"):
        TesseractEngine().recognize(Image.new("RGB", (10, 10)))
    with pytest.raises(ToolInputError, match="unknown OCR engine"):
        OcrTool(engine="easyocr").read(b"\x89PNG\r\n\x1a\n")


def test_layout_rebuilds_rows_in_reading_order() -> None:
    cw = 10
    boxes = [  # shuffled: second row first, right fragment before left
        RawBox("return x", (40, 30, 40 + 8 * cw, 46), 0.9),
        RawBox("= 1", (110, 2, 110 + 3 * cw, 18), 0.8),
        RawBox("def f():", (0, 0, 8 * cw, 18), 1.0),
        RawBox("value", (40, 60, 40 + 5 * cw, 76), 0.7),
        RawBox("# tail", (110, 61, 170, 77), 0.9),
    ]
    lines = rebuild_lines(boxes)
    assert [line.text for line in lines] == ["def f():   = 1", "    return x", "    value  # tail"]
    assert lines[0].box == (0, 0, 140, 18)
    assert lines[0].confidence == pytest.approx((1.0 * 8 + 0.8 * 3) / 11, abs=1e-3)


def _cli(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    import assistant.cli

    # Only this command: the test exercises `ocr` without loading the other commands' modules.
    monkeypatch.setattr(assistant.cli, "COMMAND_MODULES", ("ocr",))
    return assistant.cli.main(argv)


@needs_tesseract
def test_cli_prints_text_and_json(
    screens: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    assert _cli(["--home", str(home), "ocr", str(screens["traceback"]), "--engine", "tesseract"], monkeypatch) == 0
    text = capsys.readouterr().out
    _assert_traceback_read(text)

    argv = ["--home", str(home), "ocr", str(screens["traceback"]), "--engine", "tesseract", "--json"]
    assert _cli(argv, monkeypatch) == 0
    payload = json.loads(capsys.readouterr().out)
    assert {"text", "lines", "engine", "seconds", "analysis"} <= payload.keys()
    assert payload["engine"] == "tesseract" and payload["cached"] is True  # the first call filled the cache
    assert payload["lines"][0]["text"].startswith("Traceback") and len(payload["lines"][0]["box"]) == 4
    assert payload["analysis"]["kind"] == "python_traceback"
    assert payload["analysis"]["error_type"] == "ZeroDivisionError"
    assert payload["analysis"]["locations"][-1] == {
        "path": "/home/sam/app/main.py", "line": 42, "column": None, "function": "compute",
    }
    assert list((home / "cache" / "ocr").glob("tesseract-*.json"))


@pytest.mark.slow
def test_cli_default_engine_is_rapidocr(
    screens: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _cli(["--home", str(tmp_path), "ocr", str(screens["code"]), "--json"], monkeypatch) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["engine"] == "rapidocr" and "walk(node.children" in payload["text"]


def test_cli_bad_input_prints_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    truncated = tmp_path / "cut.png"
    full = tmp_path / "full.png"
    Image.effect_noise((120, 120), 40).convert("RGB").save(full)
    truncated.write_bytes(full.read_bytes()[:300])
    assert _cli(["--home", str(tmp_path), "ocr", str(truncated)], monkeypatch) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "truncated" in err
