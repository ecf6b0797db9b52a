"""A scene's last frame is read too: what a scene ends on can be what the question is about."""

from __future__ import annotations

import pytest
from _video_clips import clips

from assistant.tools.ocr.reader import OcrTool
from assistant.tools.video.frames import sample_frames
from assistant.tools.video.reading import read_video

TWO_SCENES = (((200, 40, 40), 0.0), ((40, 40, 200), 4.0))


@pytest.fixture(scope="module")
def title_before_cut(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Red 0-4 s with a small title only at 3.6-4.0 s (too small to count as a cut), then blue."""
    path = tmp_path_factory.mktemp("scene_ends") / "ad.mp4"
    return clips.make_clip(path, seconds=8.0, fps=10, size=(480, 270), scenes=TWO_SCENES,
                           text="SALE", text_from=3.6, text_until=4.0, text_size=40, crf=18)


def test_the_title_is_not_a_cut_and_no_evenly_spaced_frame_shows_it(title_before_cut):
    cuts = [round(f.timestamp, 1) for f in sample_frames(title_before_cut, scenes=True).frames]
    assert cuts == [0.0, 4.0]
    even = [f.timestamp for f in sample_frames(title_before_cut, n=8).frames]
    assert not any(3.6 <= t < 4.0 for t in even)


def test_the_last_frame_before_a_cut_is_read_and_carries_the_title(title_before_cut, tmp_path):
    reading = read_video(title_before_cut, OcrTool(cache_dir=tmp_path / "ocr"), None, n=8)
    titled = [f for f in reading.frames if "SALE" in f.text.upper()]
    assert [round(f.timestamp, 1) for f in titled] == [3.9]
    assert not titled[0].scene_change
    assert [round(f.timestamp, 1) for f in reading.frames if f.scene_change] == [0.0, 4.0]


def test_short_scenes_do_not_get_an_extra_frame(tmp_path):
    quick = (((200, 40, 40), 0.0), ((40, 200, 40), 0.8), ((40, 40, 200), 1.6))
    clip = clips.make_clip(tmp_path / "quick.mp4", seconds=2.4, fps=10, scenes=quick, text=None)
    reading = read_video(clip, OcrTool(cache_dir=tmp_path / "ocr"), None, n=2)
    # two even frames (0.6 s, 1.8 s) and three cuts; no scene lasts a second, so nothing more
    assert sorted(round(f.timestamp, 1) for f in reading.frames) == [0.0, 0.6, 0.8, 1.6, 1.8]
