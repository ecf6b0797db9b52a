"""The video frame sampler on real H.264 clips: probe, uniform, every S, scenes, start/end, output.

Clips (encoded once per session): tests/_video_clips.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _video_clips import FRAME, LONG_SCENES, assert_scene_colour, colour

from assistant.tools.errors import ToolInputError
from assistant.tools.video import (
    coarse_windows,
    contact_sheet,
    format_timestamp,
    parse_timestamp,
    probe,
    sample_frames,
    save_frames,
)
from assistant.tools.video.decode import VideoReader
from assistant.tools.video.scenes import find_cuts

# --- probe --------------------------------------------------------------------------------


def test_probe_reads_length_rate_size_and_audio(clip: Path, clip_audio: Path) -> None:
    info = probe(clip)
    assert info.duration == pytest.approx(12.0, abs=FRAME)
    assert info.fps == pytest.approx(10.0)
    assert (info.width, info.height) == (320, 240)
    assert info.frame_count == 120
    assert info.codec == "h264"
    assert info.has_audio is False
    assert probe(clip_audio).has_audio is True


# --- uniform ------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 5, 8])
def test_uniform_gives_n_frames_at_slice_centres_with_the_right_picture(clip: Path, n: int) -> None:
    fs = sample_frames(clip, n=n)
    assert fs.mode == "uniform"
    assert len(fs.frames) == n
    for i, frame in enumerate(fs.frames):
        centre = (i + 0.5) * 12.0 / n
        # The first frame at or after the centre: never before it, at most one interval late.
        assert centre - 1e-6 <= frame.timestamp <= centre + FRAME + 1e-6
        assert frame.index == i
        assert frame.image.size == (320, 240)
        assert_scene_colour(frame)


def test_uniform_with_an_audio_track(clip_audio: Path) -> None:
    fs = sample_frames(clip_audio, n=6)
    assert [round(f.timestamp, 1) for f in fs.frames] == [1.0, 3.0, 5.0, 7.0, 9.0, 11.0]
    for frame in fs.frames:
        assert_scene_colour(frame)


def test_uniform_seeks_instead_of_decoding_the_whole_file(long_clip: Path) -> None:
    fs = sample_frames(long_clip, n=8)
    assert len(fs.frames) == 8
    for i, frame in enumerate(fs.frames):
        centre = (i + 0.5) * 60 / 8
        assert centre - 1e-6 <= frame.timestamp <= centre + FRAME + 1e-6
        assert_scene_colour(frame, LONG_SCENES)
    # Each target costs at most the 10-frame GOP before it (plus decoder delay); decoding
    # everything would be 600.
    assert fs.info.frame_count == 600
    assert fs.decoded <= 8 * 14, fs.decoded
    with VideoReader(long_clip) as reader:
        assert sum(1 for _ in reader.sequential(0, 60)) == 600


def test_default_is_eight_frames(clip: Path) -> None:
    assert len(sample_frames(clip).frames) == 8


# --- every S and scenes -------------------------------------------------------------------


def test_every_two_seconds(clip: Path) -> None:
    fs = sample_frames(clip, every=2)
    assert fs.mode == "every"
    assert [f.timestamp for f in fs.frames] == pytest.approx([0, 2, 4, 6, 8, 10], abs=1e-6)
    for frame in fs.frames:
        assert_scene_colour(frame)


def test_scenes_finds_the_cuts_and_ignores_motion(clip: Path) -> None:
    fs = sample_frames(clip, scenes=True)
    assert fs.mode == "scenes"
    assert [f.timestamp for f in fs.frames] == pytest.approx([0.0, 4.0, 8.0], abs=FRAME)
    assert fs.frames[0].score is None
    assert all(f.score is not None and f.score > 0.3 for f in fs.frames[1:])
    for frame in fs.frames:
        assert_scene_colour(frame)


def test_scene_cuts_stay_exact_when_analysed_at_a_reduced_rate(long_clip: Path) -> None:
    # 13 analysed frames over 60 s (one every ~4.6 s, off the cuts) find them only roughly; the
    # refinement pass must put them back on the frame.
    with VideoReader(long_clip) as reader:
        cuts = find_cuts(reader, 0.0, 60.0, max_analysed=13)
    assert [c.timestamp for c in cuts] == pytest.approx([0.0, 20.0, 40.0], abs=FRAME)


def test_scenes_keep_the_largest_changes_beyond_max_frames(clip: Path) -> None:
    fs = sample_frames(clip, scenes=True, max_frames=2)
    assert fs.truncated
    assert len(fs.frames) == 2 and fs.frames[0].timestamp == pytest.approx(0.0)


# --- start / end --------------------------------------------------------------------------


def test_start_end_in_every_mode(clip: Path) -> None:
    uniform = sample_frames(clip, n=4, start=2, end="0:06")
    assert [round(f.timestamp, 1) for f in uniform.frames] == [2.5, 3.5, 4.5, 5.5]
    every = sample_frames(clip, every=2, start="00:05", end=9)
    assert [f.timestamp for f in every.frames] == pytest.approx([5.0, 7.0], abs=1e-6)
    scenes = sample_frames(clip, scenes=True, start=1, end=7)
    assert [f.timestamp for f in scenes.frames] == pytest.approx([1.0, 4.0], abs=FRAME)
    late = sample_frames(clip, scenes=True, start=5)
    assert [f.timestamp for f in late.frames] == pytest.approx([5.0, 8.0], abs=FRAME)
    for fs in (uniform, every, scenes, late):
        assert (fs.start, fs.end) in ((2, 6), (5, 9), (1, 7), (5, 12))
        for frame in fs.frames:
            assert_scene_colour(frame)


def test_end_past_the_video_is_clamped(clip: Path) -> None:
    fs = sample_frames(clip, n=2, end=100)
    assert fs.end == pytest.approx(12.0, abs=FRAME)


# --- contact sheet, saving, result shape ---------------------------------------------------


def test_contact_sheet_tiles_frames_with_labels(clip: Path) -> None:
    fs = sample_frames(clip, n=6)
    sheet = contact_sheet(fs, columns=4, tile_width=200)
    assert sheet.size == (800, 300)  # 4 columns x 200 px, 2 rows x 150 px (4:3)
    # Tile 0 (1.0 s) is red, tile 5 (11.0 s, second row) blue; unused tiles stay black.
    assert colour(sheet.crop((0, 50, 200, 150)))[0] > 150
    assert colour(sheet.crop((200, 200, 400, 300)))[2] > 150
    assert colour(sheet.crop((400, 150, 800, 300))) == (0, 0, 0)
    # The timestamp label darkens the tile's top-left corner.
    assert colour(sheet.crop((0, 0, 40, 10)))[0] < 120
    narrow = contact_sheet(sample_frames(clip, n=2), columns=4, tile_width=100)
    assert narrow.size == (200, 75)


def test_save_frames_writes_images_named_by_index_and_time(clip: Path, tmp_path: Path) -> None:
    from PIL import Image

    fs = sample_frames(clip, every=4)
    paths = save_frames(fs, tmp_path / "out")
    assert [p.name for p in paths] == [
        "frame_000_00h00m00.000s.jpg",
        "frame_001_00h00m04.000s.jpg",
        "frame_002_00h00m08.000s.jpg",
    ]
    assert [f.path for f in fs.frames] == paths
    with Image.open(paths[2]) as img:
        assert img.size == (320, 240) and colour(img)[2] > 150
    png = save_frames(sample_frames(clip, n=1), tmp_path / "png", fmt="png")
    assert png[0].suffix == ".png" and png[0].exists()


def test_to_dict_summary_and_evidence(clip: Path) -> None:
    fs = sample_frames(clip, scenes=True)
    data = json.loads(json.dumps(fs.to_dict()))
    assert set(data) == {"duration", "fps", "frames", "mode"}
    assert data["duration"] == pytest.approx(12.0, abs=FRAME) and data["fps"] == 10.0
    assert [set(f) >= {"index", "timestamp", "path"} for f in data["frames"]] == [True] * 3
    assert "3 frames" in fs.summary() and "\n" not in fs.summary()
    evidence = fs.evidence_text()
    for stamp in ("00:00.0", "00:04.0", "00:08.0"):
        assert stamp in evidence
    assert "scenes.mp4" in evidence


def test_coarse_windows_cover_the_video(clip: Path, tmp_path: Path) -> None:
    result = coarse_windows(clip, window=4, per_window=2)
    assert [(w.start, w.end) for w in result.windows] == [(0, 4), (4, 8), (8, 12)]
    for w in result.windows:
        assert len(w.frames) == 2
        for frame in w.frames:
            assert w.start <= frame.timestamp < w.end
            assert_scene_colour(frame)
    assert [f.index for w in result.windows for f in w.frames] == list(range(6))
    assert "window 2: 00:08.0 to 00:12.0" in result.evidence_text()
    assert len(save_frames(result, tmp_path)) == 6 == len(list(tmp_path.glob("frame_*.jpg")))
    assert result.to_dict()["windows"][1]["frames"][0]["path"].endswith(".jpg")
    # Too many windows: they widen instead.
    wide = coarse_windows(clip, window=1, per_window=1, max_windows=3)
    assert len(wide.windows) == 3 and wide.window == pytest.approx(4.0, abs=FRAME)


# --- times --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("75", 75.0), ("75.5", 75.5), ("1:15", 75.0), ("01:15.5", 75.5), ("1:02:03", 3723.0), (8, 8.0)],
)
def test_parse_timestamp(text: str, seconds: float) -> None:
    assert parse_timestamp(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "1:x", "abc", "-5", "1::2"])
def test_parse_timestamp_rejects_garbage(text: str) -> None:
    with pytest.raises(ToolInputError):
        parse_timestamp(text)


def test_format_timestamp() -> None:
    assert format_timestamp(8.0) == "00:08.0"
    assert format_timestamp(75.04) == "01:15.0"
    assert format_timestamp(3723.25) == "1:02:03.2"
