"""The bad-input corpus: small hostile files written on demand (no committed binaries).

Each case is a file (or a path that must not be read) plus the kind of tool it is aimed at.
``build(root)`` writes them under ``root``; ``tests/test_bad_input.py`` runs every case through
the CLI commands and through the agent's tools.
"""

from __future__ import annotations

import io
import os
import struct
import wave
import zlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    kind: str
    """"image", "audio", "video": the tool it is aimed at; "hostile": a path to refuse."""


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A valid PNG header claiming 10 gigapixels, with one tiny (valid) IDAT: a decompression bomb
    must be refused from the header, before any pixel is allocated."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
            + _chunk(b"IEND", b""))


def real_png(size: tuple[int, int] = (64, 48)) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).text((4, 4), "ok", fill="black")
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def real_jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, format="JPEG", quality=80)
    return buf.getvalue()


def wav_bytes(samples: bytes = b"\x00\x00" * 16000, rate: int = 16000) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples)
    return buf.getvalue()


def real_mp4(path: Path) -> bytes:
    """A 1 s 64x48 H.264 clip, made with PyAV."""
    from fractions import Fraction

    import av
    import numpy as np

    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(10):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), i * 20, dtype=np.uint8), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, 10)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path.read_bytes()


def build(root: Path, outside: Path) -> list[Case]:
    """Write the corpus under ``root``; ``outside`` is a folder the agent is NOT allowed to read."""
    root.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    png, jpeg = real_png(), real_jpeg()
    mp4 = real_mp4(outside / "good.mp4")
    speechless = wav_bytes()
    files: dict[str, tuple[str, bytes]] = {
        # images
        "corrupt.png": ("image", b"\x89PNG\r\n\x1a\n" + os.urandom(200)),
        "truncated.png": ("image", png[: len(png) // 2]),
        "truncated.jpg": ("image", jpeg[: len(jpeg) // 3]),
        "bomb.png": ("image", bomb_png()),
        "bomb_wide.png": ("image", bomb_png(2**31 - 1, 1)),
        "bomb.gif": ("image", b"GIF89a" + struct.pack("<HH", 65535, 65535) + b"\x00\x00\x00" + b";"),
        "zero.png": ("image", b""),
        "text_named.png": ("image", b"Traceback (most recent call last):\n  not really an image\n"),
        "wav_named.png": ("image", speechless),
        "header_only.jpg": ("image", b"\xff\xd8\xff\xe0" + b"\x00" * 16),
        # audio
        "silent.wav": ("audio", speechless),
        "empty_data.wav": ("audio", wav_bytes(b"")),
        "zero.wav": ("audio", b""),
        "corrupt.wav": ("audio", b"RIFF\xff\xff\xff\x7fWAVEfmt " + os.urandom(300)),
        "png_named.wav": ("audio", png),
        "text_named.mp3": ("audio", b"just some words, no sound\n" * 10),
        "truncated_header.wav": ("audio", speechless[:30]),
        # video
        "broken.mp4": ("video", b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + os.urandom(500)),
        "truncated.mp4": ("video", mp4[: len(mp4) // 3]),
        "zero.mp4": ("video", b""),
        "png_named.mp4": ("video", png),
        "wav_named.mp4": ("video", speechless),
        "ftyp_only.mp4": ("video", mp4[:32]),
    }
    cases = []
    for name, (kind, data) in files.items():
        (root / name).write_bytes(data)
        cases.append(Case(name, root / name, kind))
    # An audio-only "video": one AAC stream in an mp4 container.
    cases.append(Case("audio_only.mp4", _audio_only(root / "audio_only.mp4"), "video"))
    # A text file FFmpeg's tty demuxer would play as ANSI-art "video" (chosen by the .txt name).
    (root / "log.txt").write_bytes(b"12:00:01 INFO served /index.html in 3 ms\n" * 25_000)
    cases.append(Case("log.txt", root / "log.txt", "video"))
    # Real images under hostile names: bytes that are not UTF-8, and terminal escape sequences
    # (an OSC 52 clipboard write and a screen clear) that must never reach the terminal raw.
    odd = Path(os.fsdecode(os.fsencode(root) + b"/shot-\xff\xfe.png"))
    odd.write_bytes(png)
    cases.append(Case("non_utf8_name.png", odd, "image"))
    escaped = root / "shot\x1b]52;c;cm0gLXJm\x07\x1b[2J.png"
    escaped.write_bytes(png)
    cases.append(Case("escape_name.png", escaped, "image"))
    # Hostile paths: none of these may be read by a tool the model drives.
    (outside / "secret.png").write_bytes(png)
    link = root / "link_out.png"
    link.symlink_to(outside / "secret.png")
    dir_link = root / "dir_link"
    dir_link.symlink_to(outside, target_is_directory=True)
    hostile = {
        "dotdot": Path("../../etc/passwd"),
        "dotdot_from_root": root / ".." / ".." / ".." / "etc" / "passwd",
        "absolute_outside": outside / "secret.png",
        "etc_passwd": Path("/etc/passwd"),
        "symlink_out": link,
        "symlinked_dir_out": dir_link / "secret.png",
        "nul": Path(str(root / "corrupt.png") + "\x00.png"),
        "very_long": root / ("a" * 5000 + ".png"),
        "tilde_root": Path("~root/.bashrc"),
        "tilde_nobody": Path("~no_such_user_here/x.png"),
        "folder": root,
        "dev_zero": Path("/dev/zero"),
    }
    cases += [Case(name, path, "hostile") for name, path in hostile.items()]
    return cases


def _audio_only(path: Path) -> Path:
    from fractions import Fraction

    import av
    import numpy as np

    with av.open(str(path), "w", format="mp4") as out:
        sound = out.add_stream("aac", rate=16000)
        sound.layout = "mono"
        for start in range(0, 16000, 1024):
            frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), dtype=np.float32), format="fltp", layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = 16000, start, Fraction(1, 16000)
            for packet in sound.encode(frame):
                out.mux(packet)
        for packet in sound.encode():
            out.mux(packet)
    return path


def photo_cases(root: Path, photo: Path) -> dict[str, Path]:
    """Hard photos made from one real photo (``photo``, upright), for `see` and `ask --image`:
    grayscale, CMYK, stored sideways with an EXIF rotation, an animated GIF (the photo first),
    and the broken ones: 1x1 pixels, cut in half, a 10-gigapixel header, text named .jpg."""
    from PIL import Image

    root.mkdir(parents=True, exist_ok=True)
    with Image.open(photo) as im:
        upright = im.convert("RGB")

    def jpeg(image: Image.Image, **save: object) -> bytes:
        buf = io.BytesIO()
        image.save(buf, format="JPEG", quality=92, **save)
        return buf.getvalue()

    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to display": undoes the ROTATE_90 the sensor stored
    whole = jpeg(upright)
    files = {
        "gray.jpg": jpeg(upright.convert("L")),
        "cmyk.jpg": jpeg(upright.convert("CMYK")),
        "sideways.jpg": jpeg(upright.transpose(Image.Transpose.ROTATE_90), exif=exif.tobytes()),
        "cut.jpg": whole[: len(whole) // 2],
        "huge.png": bomb_png(),
        "text.jpg": b"just some notes, not a picture\n" * 4,
    }
    out = {}
    for name, data in files.items():
        (root / name).write_bytes(data)
        out[name] = root / name
    tiny = root / "one.png"
    Image.new("RGB", (1, 1), (255, 0, 0)).save(tiny)
    out["one.png"] = tiny
    anim = root / "anim.gif"  # frames differ: Pillow merges identical consecutive frames
    upright.save(anim, save_all=True, append_images=[Image.new("RGB", upright.size, (20, 60, 200))], duration=100)
    out["anim.gif"] = anim
    return out
