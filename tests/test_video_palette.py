"""Black-and-white footage is told from colour footage by the frames' pixels."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from assistant.tools.video.palette import palette, tone


def _frame(colour: bool, brightness: float = 0.45, seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    grey = np.clip(rng.normal(brightness * 255, 40, (48, 64)), 0, 255)
    if not colour:
        return Image.fromarray(np.stack([grey] * 3, axis=-1).astype("uint8"))
    tint = np.stack([grey * 1.2, grey * 0.8, grey * 0.5], axis=-1)  # warm street light
    return Image.fromarray(np.clip(tint, 0, 255).astype("uint8"))


def test_a_grey_frame_has_no_colourfulness_and_a_tinted_one_has_some():
    grey, bright = tone(_frame(False))
    assert grey < 0.005 and 0.35 < bright < 0.55
    assert tone(_frame(True))[0] > 0.1


@pytest.mark.parametrize(("tones", "said"), [
    ([(0.001, 0.38), (0.001, 0.43), (0.0, 0.45), (0.005, 0.40)], "black and white"),  # a 1906 film reel
    ([(0.166, 0.44), (0.159, 0.43), (0.162, 0.44)], "colour"),  # a street
    ([(0.029, 0.04), (0.031, 0.04), (0.028, 0.03)], ""),  # the Earth at night: too dark to tell
    ([(0.001, 0.4), (0.2, 0.4), (0.001, 0.4), (0.2, 0.4)], ""),  # half and half: no call
    ([(0.001, 0.4)], ""),  # one frame is too few
])
def test_most_bright_frames_must_agree(tones, said):
    assert palette(tones) == said
