"""The video frame sampler on bad input, the committed clip, and `assistant frames` on the command line.

Clips: tests/_video_clips.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _video_clips import DATA, FRAME, clips, colour

from assistant.tools.errors import ToolInputError
from assistant.tools.video import (
    FrameSet,
    probe,
    sample_frames,
)

# --- bad input ----------------------------------------------------------------------------


def _bad_inputs(tmp: Path, clip: Path) -> dict[str, Path]:
    from PIL import Image

    text = tmp / "notes.mp4"
    text.write_text("this is not a video\n" * 50)
    truncated = tmp / "truncated.mp4"
    data = clip.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    empty = tmp / "empty.mp4"
    empty.write_bytes(b"")
    image = tmp / "still.png"
    Image.new("RGB", (64, 64), "red").save(image)
    return {
        "missing": tmp / "nope.mp4",
        "text": text,
        "truncated": truncated,
        "empty": empty,
        "audio": clips.make_audio_only(tmp / "voice.m4a"),
        "image": image,
        "folder": tmp,
    }


@pytest.mark.parametrize("kind", ["missing", "text", "truncated", "empty", "audio", "image", "folder"])
def test_bad_input_is_a_one_line_tool_input_error(kind: str, clip: Path, tmp_path: Path) -> None:
    path = _bad_inputs(tmp_path, clip)[kind]
    for call in (lambda: probe(path), lambda: sample_frames(path, n=2)):
        with pytest.raises(ToolInputError) as info:
            call()
        message = str(info.value)
        assert "\n" not in message and path.name in message


def test_audio_only_error_points_to_transcription(tmp_path: Path) -> None:
    with pytest.raises(ToolInputError, match="audio-only"):
        sample_frames(clips.make_audio_only(tmp_path / "a.m4a"))
    # Album art is a "video" stream to FFmpeg, but one still picture is not a video.
    with pytest.raises(ToolInputError, match="audio-only"):
        sample_frames(clips.make_audio_with_cover(tmp_path / "song.mp3"))


def test_damaged_middle_gives_frames_and_a_warning_not_a_hang(clip: Path, tmp_path: Path) -> None:
    import random

    data = bytearray(clip.read_bytes())
    rng = random.Random(1)
    mid = len(data) // 2
    for i in range(mid - 2000, mid + 2000):
        data[i] = rng.randrange(256)
    broken = tmp_path / "damaged.mp4"
    broken.write_bytes(bytes(data))
    for kwargs in ({"n": 8}, {"scenes": True}):
        fs = sample_frames(broken, timeout=30, **kwargs)  # type: ignore[arg-type]
        assert isinstance(fs, FrameSet) and fs.frames
        assert fs.warnings and "damaged" in fs.warnings[0]
        assert "Warning:" in fs.evidence_text()


def test_truncated_faststart_file_reports_where_it_ends(clip_dir: Path, tmp_path: Path) -> None:
    from fractions import Fraction

    import av
    from PIL import Image

    # moov at the front (as streaming sites write) so a cut-off file still opens.
    full = tmp_path / "faststart.mp4"
    with av.open(str(full), "w", options={"movflags": "faststart"}) as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 160, 120, "yuv420p"
        for i in range(120):
            frame = av.VideoFrame.from_image(Image.new("RGB", (160, 120), (i * 2, 40, 90)))
            frame.pts, frame.time_base = i, Fraction(1, 10)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    fs = sample_frames(cut, n=8, timeout=30)
    assert len(fs.frames) < 8
    assert fs.warnings and "truncated" in fs.warnings[0]
    assert fs.to_dict()["warnings"] == fs.warnings


def test_decoding_is_bounded_by_a_deadline(long_clip: Path) -> None:
    with pytest.raises(ToolInputError, match="took more than"):
        sample_frames(long_clip, scenes=True, timeout=0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n": 0}, "at least 1"),
        ({"every": -1}, "positive"),
        ({"n": 3, "every": 1}, "one of"),
        ({"n": 3, "scenes": True}, "one of"),
        ({"n": 100}, "max_frames"),
        ({"every": 0.1}, "max_frames"),
        ({"start": 20}, "past the end"),
        ({"start": 5, "end": 3}, "after start"),
        ({"start": "soon"}, "cannot read time"),
    ],
)
def test_bad_arguments(clip: Path, kwargs: dict, match: str) -> None:
    with pytest.raises(ToolInputError, match=match):
        sample_frames(clip, **kwargs)


# --- committed clip -----------------------------------------------------------------------


def test_committed_clip_matches_its_description() -> None:
    committed = DATA / "error_at_8s.mp4"
    assert committed.stat().st_size < 300_000
    fs = sample_frames(committed, scenes=True)
    assert [f.timestamp for f in fs.frames] == pytest.approx([0.0, 4.0, 8.0], abs=FRAME)
    assert colour(fs.frames[2].image)[2] > 150


# --- CLI ----------------------------------------------------------------------------------


def test_cli_json_shape(frames_cli, clip: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert frames_cli(["frames", str(clip), "-n", "3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["duration"] == pytest.approx(12.0, abs=FRAME) and data["fps"] == 10.0
    assert [f["timestamp"] for f in data["frames"]] == pytest.approx([2.0, 6.0, 10.0], abs=FRAME)
    assert [f["index"] for f in data["frames"]] == [0, 1, 2]
    assert all(f["path"] is None for f in data["frames"])


def test_cli_out_and_contact_sheet(frames_cli, clip: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    out = tmp_path / "frames"
    sheet = tmp_path / "sheet.png"
    code = frames_cli(
        [
            "frames",
            str(clip),
            "--every",
            "2",
            "--start",
            "0:02",
            "--end",
            "0:07",
            "--out",
            str(out),
            "--contact-sheet",
            str(sheet),
            "--json",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert [f["timestamp"] for f in data["frames"]] == pytest.approx([2.0, 4.0, 6.0], abs=1e-6)
    assert sorted(p.name for p in out.iterdir()) == [Path(f["path"]).name for f in data["frames"]]
    assert all(Path(f["path"]).exists() for f in data["frames"])
    with Image.open(sheet) as img:
        assert img.size == (960, 240)


def test_cli_text_output_and_scenes(frames_cli, clip: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert frames_cli(["frames", str(clip), "--scenes"]) == 0
    out = capsys.readouterr().out
    assert "3 frames (scenes)" in out
    assert "00:04.0" in out and "00:08.0" in out


def test_cli_bad_input_is_one_line(frames_cli, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert frames_cli(["frames", str(tmp_path / "missing.mp4")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "missing.mp4" in err
    assert frames_cli(["frames", str(tmp_path / "missing.mp4"), "--start", "1:zz"]) == 1
    assert "cannot read time" in capsys.readouterr().err
