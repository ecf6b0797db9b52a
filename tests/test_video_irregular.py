"""The frame sampler on irregular real files: variable frame rate and zero-length videos.

Each clip is encoded here with PyAV. The variable-frame-rate clip has frames only at
``VFR_TIMES`` (gaps of 0.05 s up to 2.25 s, as a screen recorder writes when nothing moves),
red, then green from 2.0 s, then blue from 5.5 s. Every sampling mode must return, for each
target time, the first real frame at or after it, and must not call the gaps damage.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from assistant.tools.errors import ToolInputError
from assistant.tools.video.frames import probe, sample_frames

VFR_TIMES = (0.0, 0.1, 0.35, 0.4, 1.2, 1.3, 2.0, 2.05, 2.5, 3.7, 4.0, 4.1, 5.5, 5.6, 5.65, 7.9)
RED, GREEN, BLUE = (220, 30, 30), (30, 200, 30), (30, 30, 220)


def vfr_colour(t: float) -> tuple[int, int, int]:
    return BLUE if t >= 5.5 else GREEN if t >= 2.0 else RED


def make_vfr(path: Path, *, b_frames: bool) -> Path:
    import av
    from PIL import Image

    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 160, 120, "yuv420p"
        # Millisecond clocks on both sides, or the encoder rounds 0.35 and 0.4 onto one tick.
        stream.time_base = stream.codec_context.time_base = Fraction(1, 1000)
        options = {"preset": "veryfast", "g": "4", "keyint_min": "4", "sc_threshold": "0"}
        if not b_frames:
            options["bf"] = "0"
        stream.options = options
        for t in VFR_TIMES:
            frame = av.VideoFrame.from_image(Image.new("RGB", (160, 120), vfr_colour(t)))
            frame.pts, frame.time_base = round(t * 1000), Fraction(1, 1000)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def at_or_after(targets: list[float]) -> list[float]:
    """The first frame at/after each target (the last frame past the end), each kept once."""
    picked: list[float] = []
    for t in targets:
        ts = next((x for x in VFR_TIMES if x >= t - 1e-6), VFR_TIMES[-1])
        if ts not in picked:
            picked.append(ts)
    return picked


@pytest.fixture(scope="module", params=[False, True], ids=["no-bframes", "bframes"])
def vfr_clip(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("vfr")
    return make_vfr(folder / f"vfr_{request.param}.mp4", b_frames=request.param)


def assert_colours(frames) -> None:  # type: ignore[no-untyped-def]
    for frame in frames:
        got = frame.image.convert("RGB").getpixel((80, 60))
        want = vfr_colour(frame.timestamp)
        assert all(abs(a - b) <= 30 for a, b in zip(got, want)), (frame.timestamp, got, want)


def test_vfr_length_covers_the_last_frame(vfr_clip: Path) -> None:
    info = probe(vfr_clip)
    # With B-frames the mp4 muxer writes a length from decode times (6.05 s here); the
    # reader must still see the frame at 7.9 s.
    assert VFR_TIMES[-1] <= info.duration <= VFR_TIMES[-1] + 0.5
    assert info.frame_count == len(VFR_TIMES)


@pytest.mark.parametrize("n", [3, 8])
def test_vfr_uniform_takes_the_frame_at_or_after_each_centre(vfr_clip: Path, n: int) -> None:
    fs = sample_frames(vfr_clip, n=n)
    width = fs.duration / n
    expected = at_or_after([(i + 0.5) * width for i in range(n)])
    assert [f.timestamp for f in fs.frames] == pytest.approx(expected, abs=1e-6)
    assert [f.index for f in fs.frames] == list(range(len(expected)))
    assert fs.warnings == []
    assert_colours(fs.frames)


def test_vfr_every_second(vfr_clip: Path) -> None:
    fs = sample_frames(vfr_clip, every=1.0, end=7.0)
    assert [f.timestamp for f in fs.frames] == pytest.approx(at_or_after([0, 1, 2, 3, 4, 5, 6, 7]), abs=1e-6)
    # 1 -> 1.2, 3 -> 3.7, 6 and 7 -> 7.9: real frames, not a gap reported as damage.
    assert [f.timestamp for f in fs.frames] == pytest.approx([0.0, 1.2, 2.0, 3.7, 4.0, 5.5, 7.9])
    assert fs.warnings == []
    assert_colours(fs.frames)


def test_vfr_every_with_a_range_inside_a_gap(vfr_clip: Path) -> None:
    fs = sample_frames(vfr_clip, every=0.5, start=5.7, end=7.0)
    assert [f.timestamp for f in fs.frames] == pytest.approx([7.9])
    assert fs.warnings == []


def test_vfr_scenes_find_the_cuts_at_their_frames(vfr_clip: Path) -> None:
    fs = sample_frames(vfr_clip, scenes=True)
    assert [f.timestamp for f in fs.frames] == pytest.approx([0.0, 2.0, 5.5], abs=1e-6)
    assert fs.warnings == []
    assert_colours(fs.frames)


# --- zero-length videos -------------------------------------------------------------------


def _empty(path: Path, fmt: str, options: dict[str, str] | None = None) -> Path:
    """A container with a video stream header and not one frame (a recorder that died at once)."""
    import av

    with av.open(str(path), "w", format=fmt, options=options or {}) as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        out.start_encoding()
    assert path.stat().st_size > 0
    return path


ZERO_LENGTH = {
    # AVI: the stream is listed with 0 frames.
    "avi-no-frames": ("empty.avi", "avi", None, "zero-length"),
    # Fragmented mp4 whose moov says duration 0 and no fragment follows.
    "fmp4-duration-0": ("empty.mp4", "mp4", {"movflags": "frag_keyframe+empty_moov"}, "zero-length"),
    "mov-duration-0": ("empty.mov", "mov", {"movflags": "empty_moov"}, "zero-length"),
    # Plain mp4 with an empty track: FFmpeg drops the track, so it reads as no video.
    "mp4-empty-track": ("track.mp4", "mp4", None, "no video"),
    # Matroska header and no cluster: FFmpeg cannot open it at all.
    "mkv-header-only": ("empty.mkv", "matroska", None, "cannot be read"),
}


@pytest.mark.parametrize("kind", list(ZERO_LENGTH))
def test_zero_length_video_is_a_one_line_tool_input_error(kind: str, tmp_path: Path) -> None:
    name, fmt, options, match = ZERO_LENGTH[kind]
    path = _empty(tmp_path / name, fmt, options)
    for call in (
        lambda: probe(path),
        lambda: sample_frames(path, n=4),
        lambda: sample_frames(path, every=1),
        lambda: sample_frames(path, scenes=True),
    ):
        with pytest.raises(ToolInputError, match=match) as info:
            call()
        message = str(info.value)
        assert "\n" not in message and path.name in message


def test_one_frame_video_is_valid_not_zero_length(tmp_path: Path) -> None:
    import av
    from PIL import Image

    path = tmp_path / "one.mp4"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        frame = av.VideoFrame.from_image(Image.new("RGB", (64, 48), RED))
        frame.pts, frame.time_base = 0, Fraction(1, 10)
        for packet in [*stream.encode(frame), *stream.encode()]:
            out.mux(packet)
    fs = sample_frames(path, n=4)
    assert [f.timestamp for f in fs.frames] == [0.0]
    assert sample_frames(path, scenes=True).frames[0].timestamp == 0.0
