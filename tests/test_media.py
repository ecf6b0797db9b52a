"""Image intake: types by bytes, safe loading, sizing for vision models."""

from __future__ import annotations

import base64
import hashlib
import io
import struct
import wave
import zlib
from pathlib import Path

import pytest
from PIL import Image

from assistant.tools.errors import ToolInputError
from assistant.tools.media import (
    detect_kind,
    detect_mime,
    encode_data_url,
    load_image,
    resize_for,
    sha256_file,
)


def _image_bytes(fmt: str, size: tuple[int, int] = (8, 6), mode: str = "RGB") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else None).save(buf, format=fmt)
    return buf.getvalue()


def _wav_bytes() -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\x00\x00" * 160)
    return buf.getvalue()


def _one_line_error(exc: pytest.ExceptionInfo[ToolInputError]) -> str:
    message = str(exc.value)
    assert "\n" not in message and message
    return message


@pytest.mark.parametrize(
    ("fmt", "mime"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp"), ("GIF", "image/gif"),
     ("BMP", "image/bmp"), ("TIFF", "image/tiff")],
)
def test_detect_mime_of_real_images(fmt: str, mime: str) -> None:
    assert detect_mime(_image_bytes(fmt)) == mime


@pytest.mark.parametrize(
    ("head", "mime"),
    [
        (b"ID3\x04\x00\x00\x00\x00\x00\x00", "audio/mpeg"),
        (b"\xff\xfb\x90\x64\x00\x00", "audio/mpeg"),
        (b"\xff\xf1\x50\x80\x00\x1f", "audio/aac"),
        (b"fLaC\x00\x00\x00\x22", "audio/flac"),
        (b"OggS\x00\x02" + b"\x00" * 22 + b"\x01vorbis", "audio/ogg"),
        (b"OggS\x00\x02" + b"\x00" * 22 + b"\x80theora", "video/ogg"),
        (b"OggS\x00\x02" + b"\x00" * 22 + b"fishead\x00" + b"\x00" * 100 + b"\x80theora", "video/ogg"),  # Skeleton first
        (b"\x00\x00\x00\x1cftypM4A \x00\x00\x02\x00", "audio/mp4"),
        (b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00", "video/mp4"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00", "video/quicktime"),
        (b"\x00\x08\xb6\x40mdat\x00\x00\x00\x00", "video/quicktime"),  # classic QuickTime: no ftyp box
        (b"\x00\x00\x00\x08wide\x00\x08\xb6\x40mdat", "video/quicktime"),
        (b"\x00\x00\x00\x00moov", None),  # a zero-sized first box is not a movie
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", "video/webm"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska", "video/x-matroska"),
        (b"RIFF\x24\x00\x00\x00AVI LIST", "video/x-msvideo"),
        (b"Traceback (most recent call last):", None),
        (b"", None),
    ],
)
def test_detect_mime_of_headers(head: bytes, mime: str | None) -> None:
    assert detect_mime(head) == mime


def test_detect_kind_reads_bytes_not_extension(tmp_path: Path) -> None:
    png_named_txt = tmp_path / "shot.txt"
    png_named_txt.write_bytes(_image_bytes("PNG"))
    text_named_png = tmp_path / "shot.png"
    text_named_png.write_text("not really a picture\n")
    wav_named_mp4 = tmp_path / "clip.mp4"
    wav_named_mp4.write_bytes(_wav_bytes())
    assert detect_kind(png_named_txt) == "image"
    assert detect_kind(text_named_png) is None
    assert detect_kind(wav_named_mp4) == "audio"
    assert detect_mime(wav_named_mp4.read_bytes()) == "audio/wav"


def test_detect_kind_of_real_mp4_and_m4a(tmp_path: Path) -> None:
    av = pytest.importorskip("av")
    import numpy as np

    video = tmp_path / "clip.bin"
    with av.open(str(video), "w", format="mp4") as out:
        stream = out.add_stream("mpeg4", rate=5)
        stream.width = stream.height = 32
        stream.pix_fmt = "yuv420p"
        for _ in range(3):
            frame = av.VideoFrame.from_ndarray(np.zeros((32, 32, 3), np.uint8), format="rgb24")
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    audio = tmp_path / "voice.mp4"  # an .mp4 name, but an M4A brand: it is audio
    with av.open(str(audio), "w", format="ipod") as out:
        stream = out.add_stream("aac", rate=16000)
        frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), format="fltp", layout="mono")
        frame.sample_rate = 16000
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    assert detect_kind(video) == "video"
    assert detect_kind(audio) == "audio"


def test_load_image_fields(tmp_path: Path) -> None:
    data = _image_bytes("PNG", size=(40, 20))
    path = tmp_path / "a.png"
    path.write_bytes(data)
    loaded = load_image(path)
    assert (loaded.width, loaded.height, loaded.mime) == (40, 20, "image/png")
    assert loaded.image.mode == "RGB"
    assert loaded.sha256 == hashlib.sha256(data).hexdigest() == sha256_file(path)
    assert loaded.path == path
    assert load_image(data).sha256 == loaded.sha256


def test_transparent_image_lands_on_white(tmp_path: Path) -> None:
    buf = io.BytesIO()
    Image.new("RGBA", (4, 4), (0, 0, 0, 0)).save(buf, format="PNG")
    assert load_image(buf.getvalue()).image.getpixel((1, 1)) == (255, 255, 255)


def test_exif_rotated_jpeg_is_upright(tmp_path: Path) -> None:
    # Stored sideways: red on the left, blue on the right; orientation 6 = rotate 90 clockwise.
    stored = Image.new("RGB", (60, 30), (0, 0, 255))
    stored.paste((255, 0, 0), (0, 0, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "phone.jpg"
    stored.save(path, format="JPEG", exif=exif, quality=95)
    loaded = load_image(path)
    assert (loaded.width, loaded.height) == (30, 60)
    top, bottom = loaded.image.getpixel((15, 8)), loaded.image.getpixel((15, 52))
    assert top[0] > 200 and top[2] < 60, top  # the left edge is now on top
    assert bottom[2] > 200 and bottom[0] < 60, bottom


def _png_claiming(width: int, height: int) -> bytes:
    """A valid tiny PNG whose header claims a huge size: a decompression bomb's calling card."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))
        + struct.pack(">I", len(idat)) + b"IDAT" + idat + struct.pack(">I", zlib.crc32(b"IDAT" + idat))
        + struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    )


def test_bad_inputs_raise_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(ToolInputError) as exc:
        load_image(tmp_path / "missing.png")
    assert "does not exist" in _one_line_error(exc)

    text = tmp_path / "notes.png"
    text.write_text("hello, I am text\n" * 10)
    with pytest.raises(ToolInputError) as exc:
        load_image(text)
    assert "text, not an image" in _one_line_error(exc)

    truncated = tmp_path / "cut.png"
    full = io.BytesIO()
    Image.effect_noise((200, 200), 50).convert("RGB").save(full, format="PNG")
    truncated.write_bytes(full.getvalue()[: len(full.getvalue()) // 2])
    with pytest.raises(ToolInputError) as exc:
        load_image(truncated)
    assert "corrupt or truncated" in _one_line_error(exc)

    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_claiming(30000, 30000))
    with pytest.raises(ToolInputError) as exc:
        load_image(bomb)
    assert "900 Mpx" in _one_line_error(exc) and "50 Mpx" in str(exc.value)
    # Below Pillow's own bomb threshold: our check refuses it before any pixel is allocated.
    bomb.write_bytes(_png_claiming(10000, 8000))
    with pytest.raises(ToolInputError) as exc:
        load_image(bomb)
    assert "10000x8000 = 80 Mpx" in _one_line_error(exc)

    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with pytest.raises(ToolInputError) as exc:
        load_image(empty)
    assert "empty" in _one_line_error(exc)

    with pytest.raises(ToolInputError) as exc:
        load_image(tmp_path)
    assert "not a file" in _one_line_error(exc)

    wav = tmp_path / "sound.png"
    wav.write_bytes(_wav_bytes())
    with pytest.raises(ToolInputError) as exc:
        load_image(wav)
    assert "audio/wav" in _one_line_error(exc)


def test_limits_are_parameters(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    path.write_bytes(_image_bytes("PNG", size=(100, 100)))
    with pytest.raises(ToolInputError, match="Mpx"):
        load_image(path, max_pixels=5_000)
    with pytest.raises(ToolInputError, match="MB limit"):
        load_image(path, max_bytes=10)
    assert load_image(path, max_pixels=10_000).width == 100


@pytest.mark.parametrize(
    ("target", "expected"),
    [("clip", (299, 224)), ("llava", (448, 336)), ("gpt4v-high", (1024, 768)), ("gpt4v-low", (512, 384)),
     (100, (100, 75))],
)
def test_resize_for_targets(target: str | int, expected: tuple[int, int]) -> None:
    assert resize_for(Image.new("RGB", (4000, 3000)), target).size == expected


def test_gpt4v_high_caps_the_long_side() -> None:
    assert resize_for(Image.new("RGB", (10000, 500)), "gpt4v-high").size == (2000, 100)


@pytest.mark.parametrize("target", ["clip", "llava", "gpt4v-high", "gpt4v-low", 4096])
def test_resize_never_upscales(target: str | int) -> None:
    small = Image.new("RGB", (120, 90))
    assert resize_for(small, target).size == (120, 90)


def test_resize_rejects_unknown_target() -> None:
    with pytest.raises(ToolInputError, match="unknown resize target"):
        resize_for(Image.new("RGB", (10, 10)), "sam")  # type: ignore[arg-type]


@pytest.mark.parametrize(("fmt", "prefix"), [("PNG", "data:image/png;base64,"), ("JPEG", "data:image/jpeg;base64,")])
def test_encode_data_url_round_trips(fmt: str, prefix: str) -> None:
    url = encode_data_url(Image.new("RGB", (33, 17), (10, 200, 10)), fmt=fmt)  # type: ignore[arg-type]
    assert url.startswith(prefix)
    decoded = Image.open(io.BytesIO(base64.b64decode(url[len(prefix):])))
    assert decoded.size == (33, 17)
