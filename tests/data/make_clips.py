"""Make the small H.264 clips the video tests use, with PyAV (no ffmpeg binary needed).

    python tests/data/make_clips.py            # rewrites tests/data/error_at_8s.mp4

The committed ``error_at_8s.mp4`` (320x240, 10 fps, 12 s, no audio) has three solid-colour
scenes: red 0-4 s, green 4-8 s, blue 8-12 s. A small white square moves along the bottom edge
the whole time (motion that must not count as a scene cut), and the blue scene carries a large
white "ERROR" so an OCR test can find it at 8 s.
"""

from __future__ import annotations

import math
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

SCENES = (((220, 30, 30), 0.0), ((30, 200, 30), 4.0), ((30, 30, 220), 8.0))
"""(colour, start second) of each scene of the standard clip."""

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def scene_colour(t: float, scenes=SCENES) -> tuple[int, int, int]:
    colour = scenes[0][0]
    for rgb, start in scenes:
        if t >= start - 1e-9:
            colour = rgb
    return colour


def _font(size: int):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default(size=size)


def make_clip(
    path: Path | str,
    *,
    seconds: float = 12.0,
    fps: int = 10,
    size: tuple[int, int] = (320, 240),
    gop: int | None = None,
    audio: bool = False,
    scenes=SCENES,
    text: str | None = "ERROR",
    text_from: float = 8.0,
    text_until: float | None = None,
    text_size: int | None = None,
    crf: int = 28,
) -> Path:
    """Encode a clip of solid-colour scenes; ``gop`` frames between keyframes (x264 default if None)."""
    import av
    import numpy as np
    from PIL import Image, ImageDraw

    path = Path(path)
    width, height = size
    frames = round(seconds * fps)
    with av.open(str(path), "w") as out:
        video = out.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        options = {"preset": "veryfast", "crf": str(crf)}
        if gop:
            # keyint bounds the distance between keyframes; scenecut=0 stops extra ones at cuts
            # so a test that counts decoded frames knows the GOP exactly.
            options.update({"g": str(gop), "keyint_min": str(gop), "sc_threshold": "0"})
        video.options = options
        sound = None
        if audio:
            sound = out.add_stream("aac", rate=44100)
            sound.layout = "mono"
        font = _font(text_size or max(12, height // 4))
        square = max(6, height // 12)
        for i in range(frames):
            t = i / fps
            img = Image.new("RGB", size, scene_colour(t, scenes))
            draw = ImageDraw.Draw(img)
            x = int((i * 3) % max(1, width - square))
            draw.rectangle([x, height - square - 2, x + square, height - 2], fill=(255, 255, 255))
            if text and t >= text_from - 1e-9 and (text_until is None or t < text_until - 1e-9):
                draw.text(
                    (width // 2, height // 2 - square), text, fill=(255, 255, 255), font=font, anchor="mm"
                )
            frame = av.VideoFrame.from_image(img)
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            for packet in video.encode(frame):
                out.mux(packet)
        for packet in video.encode():
            out.mux(packet)
        if sound is not None:
            rate, chunk = 44100, 1024
            total = int(seconds * rate)
            for start in range(0, total, chunk):
                n = min(chunk, total - start)
                tone = 0.2 * np.sin(2 * math.pi * 440 * (np.arange(start, start + n) / rate))
                aframe = av.AudioFrame.from_ndarray(
                    tone.astype("float32")[None, :], format="fltp", layout="mono"
                )
                aframe.sample_rate = rate
                aframe.pts = start
                aframe.time_base = Fraction(1, rate)
                for packet in sound.encode(aframe):
                    out.mux(packet)
            for packet in sound.encode():
                out.mux(packet)
    return path


def make_audio_only(path: Path | str, seconds: float = 2.0) -> Path:
    """An .m4a-style file with one AAC stream (a 440 Hz tone) and no video, for the 'no video
    stream' check."""
    import numpy as np

    rate = 44100
    tone = 0.2 * np.sin(2 * math.pi * 440 * (np.arange(int(seconds * rate)) / rate))
    return write_aac_mp4(path, tone.astype("float32"), rate)


def write_aac_mp4(path: Path | str, samples: Any, rate: int, chunk: int = 1024) -> Path:
    """Mono float32 ``samples`` in [-1, 1] as one AAC stream in an mp4 container, no video."""
    import av

    path = Path(path)
    with av.open(str(path), "w", format="mp4") as out:
        sound = out.add_stream("aac", rate=rate)
        sound.layout = "mono"
        for start in range(0, len(samples), chunk):
            piece = samples[start : start + chunk]
            frame = av.AudioFrame.from_ndarray(piece.reshape(1, -1), format="fltp", layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = rate, start, Fraction(1, rate)
            for packet in sound.encode(frame):
                out.mux(packet)
        for packet in sound.encode():
            out.mux(packet)
    return path


def make_audio_with_cover(path: Path | str, seconds: float = 1.0) -> Path:
    """An mp3 with album art: a one-picture "video" stream flagged attached_pic."""
    import av
    import numpy as np
    from PIL import Image

    path = Path(path)
    rate, chunk = 44100, 1152
    with av.open(str(path), "w") as out:
        sound = out.add_stream("mp3", rate=rate)
        sound.layout = "mono"
        cover = out.add_stream("png")
        cover.width, cover.height, cover.pix_fmt = 64, 64, "rgb24"
        cover.disposition = av.stream.Disposition.attached_pic
        picture = av.VideoFrame.from_image(Image.new("RGB", (64, 64), (200, 40, 40)))
        picture.pts, picture.time_base = 0, Fraction(1, 90000)
        for packet in [*cover.encode(picture), *cover.encode()]:
            out.mux(packet)
        for start in range(0, int(seconds * rate), chunk):
            tone = 0.2 * np.sin(2 * math.pi * 440 * (np.arange(start, start + chunk) / rate))
            frame = av.AudioFrame.from_ndarray(tone.astype("float32")[None, :], format="fltp", layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = rate, start, Fraction(1, rate)
            for packet in sound.encode(frame):
                out.mux(packet)
        for packet in sound.encode():
            out.mux(packet)
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("error_at_8s.mp4")
    make_clip(target, gop=20)
    print(f"wrote {target} ({target.stat().st_size} bytes)")
