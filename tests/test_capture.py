"""Screen capture and clipboard images: a real X server (Xvfb) where installed, one-line errors
where there is no display."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
from PIL import Image

from assistant.cli import main
from assistant.tools.capture import capture_screen, clipboard_image
from assistant.tools.errors import EngineUnavailable, ToolInputError


@pytest.fixture
def xvfb(monkeypatch):
    if not shutil.which("Xvfb"):
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    display = ":97"
    proc = subprocess.Popen(["Xvfb", display, "-screen", "0", "640x480x24", "-nolisten", "tcp"],
                            stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    monkeypatch.setenv("DISPLAY", display)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    yield display
    proc.terminate()
    proc.wait(5)


def test_no_display_is_one_clear_line(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    with pytest.raises(EngineUnavailable, match="no display to capture"):
        capture_screen(tmp_path)
    assert main(["ask", "what is on screen?", "--screenshot", "--model", "scripted:/nonexistent.json"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: no display to capture") and len(err.splitlines()) == 1


def test_captures_a_real_x_screen(xvfb, tmp_path):
    path = capture_screen(tmp_path)
    with Image.open(path) as image:
        assert image.size == (640, 480)


def test_clipboard_image_round_trip(xvfb, tmp_path):
    if not shutil.which("xclip"):
        pytest.skip("xclip is not installed (apt-get install xclip)")
    src = tmp_path / "copied.png"
    Image.new("RGB", (33, 21), "green").save(src)
    # xclip stays alive to serve the selection, as a clipboard owner does.
    owner = subprocess.Popen(["xclip", "-selection", "clipboard", "-t", "image/png", "-i", str(src)])
    time.sleep(0.5)
    try:
        path = clipboard_image(tmp_path / "out")
        with Image.open(path) as image:
            assert image.size == (33, 21) and image.convert("RGB").getpixel((5, 5)) == (0, 128, 0)
    finally:
        owner.terminate()


def test_empty_clipboard_says_so(xvfb, tmp_path):
    if not shutil.which("xclip"):
        pytest.skip("xclip is not installed")
    subprocess.run(["xclip", "-selection", "clipboard", "-i", "/dev/null"], check=True, timeout=5)
    with pytest.raises((ToolInputError, EngineUnavailable)):
        clipboard_image(tmp_path)
