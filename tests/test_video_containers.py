"""Video containers besides MP4/MKV/AVI: an MPEG program stream (.mpg, what many cameras, DVDs
and older sample clips use), a transport stream (.m2ts), Flash video and Windows Media are
attached as video by their bytes and read by the video tool. Each file is encoded here by
PyAV (FFmpeg), as the real formats, then read back."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest

from assistant.attachments import load_attachment
from assistant.tools.media import detect_kind

FORMATS = [("mpg", "mpeg", "mpeg1video"), ("m2ts", "mpegts", "mpeg2video"), ("flv", "flv", "flv"),
           ("wmv", "asf", "wmv2")]


def _encode(path, container_format, codec, seconds=2, fps=10):
    with av.open(str(path), "w", format=container_format) as out:
        stream = out.add_stream(codec, rate=fps if codec != "mpeg1video" else 25)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        rate = fps if codec != "mpeg1video" else 25
        for i in range(seconds * rate):
            pixels = np.full((48, 64, 3), (i * 9) % 255, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, rate)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


@pytest.mark.parametrize(("ext", "container_format", "codec"), FORMATS)
def test_a_video_in_this_container_is_attached_as_video(tmp_path, ext, container_format, codec):
    clip = tmp_path / f"clip.{ext}"
    _encode(clip, container_format, codec)
    assert detect_kind(clip) == "video"
    att = load_attachment(clip)
    assert att.kind == "video" and att.mime.startswith("video/")


def test_an_mpg_file_is_read_by_the_video_tool_with_its_length(tmp_path):
    from assistant.tools.video.frames import sample_frames

    clip = tmp_path / "city.mpg"
    _encode(clip, "mpeg", "mpeg1video", seconds=3)
    sampled = sample_frames(clip, n=4)
    assert len(sampled.frames) == 4
    assert sampled.duration == pytest.approx(3.0, abs=0.2)


def test_an_ogg_video_is_attached_as_video_whichever_stream_comes_first(tmp_path, monkeypatch):
    # VP8 in Ogg, encoded here: its header is in the first page.
    clip = tmp_path / "reel.ogv"
    _encode(clip, "ogg", "libvpx")
    assert detect_kind(clip) == "video" and load_attachment(clip).kind == "video"
    # A digitised film reel had a Skeleton stream first and Theora's header past byte 64, so its
    # bytes read as sound; a file named as video is then judged by its streams.
    skeleton_first = tmp_path / "film.ogv"
    skeleton_first.write_bytes(b"OggS\x00\x02" + b"\x00" * 22 + b"fishead\x00" + b"\x00" * 5000 + b"\x01vorbis")
    monkeypatch.setattr("assistant.attachments._container_kind", lambda path: "video")
    assert load_attachment(skeleton_first).kind == "video"
