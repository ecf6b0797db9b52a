"""The photo lead's classifier label is for photos: a flat picture (a terminal, a slide) that
the vision tools also read gets no "looks most like: nematode" line. Real pixels, a made-up
vision reading (no models needed)."""

from __future__ import annotations

import random

from PIL import Image

from assistant.media_lead import photo_lead
from assistant.tool_calls import ToolCall
from assistant.tools.sight.see import ClassGuess, SightResult


def _reading(path):
    result = SightResult(objects=(), classes=(ClassGuess("nematode", 0.34),), width=64, height=48, seconds=0.1,
                         detect_seconds=0.0, classify_seconds=0.0, models=(), min_score=0.25, image_sha256="0")
    call = ToolCall("read_1", "see", {"path": str(path)}, "see", "", True, 0.1, "E1", "attachment", result)
    return {path: [(call, None)]}


def test_a_flat_picture_gets_no_classifier_lead_and_a_varied_one_does(tmp_path):
    terminal = tmp_path / "terminal.png"
    Image.new("RGB", (640, 480), (20, 20, 20)).save(terminal)
    photo = tmp_path / "photo.png"
    noise = Image.new("RGB", (640, 480))
    rng = random.Random(1)
    noise.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(640 * 480)])
    noise.save(photo)
    assert photo_lead(_reading(terminal)) == ""
    assert "nematode (0.34, 1000-class classifier)" in photo_lead(_reading(photo))
