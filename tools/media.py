"""Image intake: recognise media by their bytes, load images safely, size them for a model.

Types come from magic bytes, never from the file name: a screenshot saved as ``.txt`` is still
an image, and a ``.png`` that holds text is not. Loading checks sizes *before* decoding so a
decompression bomb is refused without allocating its pixels.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from assistant.tools.errors import ToolInputError
from assistant.tools.safe_path import expand_checked

if TYPE_CHECKING:
    from PIL.Image import Image

MediaKind = Literal["image", "audio", "video"]
ResizeTarget = Literal["clip", "llava", "gpt4v-high", "gpt4v-low"] | int

MAX_PIXELS = 50_000_000
MAX_FILE_BYTES = 50 * 1024 * 1024
# Pillow decodes these without plugins; anything else that sniffs as an image is refused by name.
DECODABLE_IMAGES = {"image/png", "image/jpeg", "image/webp", "image/gif", "image/bmp", "image/tiff"}

# ISO base media brands that mean "sound only" (iTunes audio, audiobooks, Flash audio).
_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B "}
# The first box of a QuickTime movie written before the ftyp box existed.
_QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}
_IMAGE_BRANDS = {b"avif": "image/avif", b"avis": "image/avif", b"heic": "image/heic",
                 b"heix": "image/heic", b"mif1": "image/heif", b"msf1": "image/heif"}


def _transport_stream(data: bytes) -> bool:
    """An MPEG transport stream: a 0x47 sync byte every 188 bytes (.ts), or every 192 after a
    4-byte time code (.m2ts, .mts from a camera or a Blu-ray)."""
    return any(len(data) > first + 2 * size and all(data[first + k * size] == 0x47 for k in range(3))
               for first, size in ((0, 188), (4, 192)))


def detect_mime(data: bytes) -> str | None:
    """The MIME type that the first bytes of ``data`` announce, or None if none is known."""
    head = data[:64]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head.startswith(b"BM") and len(head) >= 14:
        return "image/bmp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if head.startswith(b"RIFF") and len(head) >= 12:
        form = head[8:12]
        return {b"WEBP": "image/webp", b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo"}.get(form)
    if head.startswith(b"fLaC"):
        return "audio/flac"
    if head.startswith(b"OggS"):
        # Each stream's first page names its codec; a Skeleton stream may come first, so look past
        # the 64 bytes (a digitised film reel had Theora's header at byte 137). Theora/VP8: video.
        pages = data[:4096]
        return "video/ogg" if b"theora" in pages or b"OVP80" in pages else "audio/ogg"
    if head.startswith(b"ID3"):
        return "audio/mpeg"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _AUDIO_BRANDS:
            return "audio/mp4"
        if brand in _IMAGE_BRANDS:
            return _IMAGE_BRANDS[brand]
        return "video/quicktime" if brand == b"qt  " else "video/mp4"
    if len(head) >= 8 and head[4:8] in _QUICKTIME_ATOMS and int.from_bytes(head[:4], "big") >= 8:
        return "video/quicktime"  # a classic QuickTime file (no ftyp box): old cameras, renderers' MJPEG
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm" if b"webm" in head else "video/x-matroska"
    if head.startswith(b"\x00\x00\x01\xba") or head.startswith(b"\x00\x00\x01\xb3"):
        return "video/mpeg"  # an MPEG program stream (.mpg, .vob) or a bare MPEG-1/2 video stream
    if head.startswith(b"FLV\x01"):
        return "video/x-flv"
    if head.startswith(b"\x30\x26\xb2\x75\x8e\x66\xcf\x11"):
        return "video/x-ms-asf"  # .wmv, .wma: PyAV's look at the streams tells sound-only ones apart
    if _transport_stream(data):
        return "video/mp2t"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        # MPEG audio frame sync; layer bits 00 mean ADTS AAC rather than MP1/2/3.
        return "audio/aac" if (head[1] >> 1) & 0x3 == 0 else "audio/mpeg"
    return None


def kind_of_mime(mime: str | None) -> MediaKind | None:
    if mime is None:
        return None
    major = mime.split("/", 1)[0]
    return major if major in ("image", "audio", "video") else None  # type: ignore[return-value]


def detect_kind(path: str | Path) -> MediaKind | None:
    """``"image"``, ``"audio"`` or ``"video"`` from the file's bytes; None for anything else."""
    p = _existing_file(path)
    with p.open("rb") as fh:
        return kind_of_mime(detect_mime(fh.read(1024)))


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with _existing_file(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_media_bytes(source: str | Path | bytes, max_bytes: int = MAX_FILE_BYTES) -> tuple[bytes, Path | None]:
    """The bytes of a file (or the bytes given), checked for being non-empty and not too large."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data, path = bytes(source), None
        label = "the given image bytes"
    else:
        path = _existing_file(source)
        size = path.stat().st_size
        if size > max_bytes:
            raise ToolInputError(
                f"{path} is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit; "
                "shrink or crop it first"
            )
        data = path.read_bytes()
        label = str(path)
    if not data:
        raise ToolInputError(f"{label} is empty (0 bytes); give a real image file")
    if len(data) > max_bytes:
        raise ToolInputError(f"{label} is over the {max_bytes / 1e6:.0f} MB limit; shrink it first")
    return data, path


@dataclass
class LoadedImage:
    image: Image
    """Decoded, upright (EXIF orientation applied), RGB."""
    mime: str
    sha256: str
    """Hash of the file bytes: the content address used by caches and the store."""
    width: int
    height: int
    path: Path | None = None


def load_image(
    source: str | Path | bytes,
    max_pixels: int = MAX_PIXELS,
    max_bytes: int = MAX_FILE_BYTES,
) -> LoadedImage:
    """Read, check and decode an image. Bad input raises ToolInputError with a one-line fix."""
    data, path = read_media_bytes(source, max_bytes)
    return image_from_bytes(data, path=path, max_pixels=max_pixels)


def image_from_bytes(data: bytes, path: Path | None = None, max_pixels: int = MAX_PIXELS) -> LoadedImage:
    """Decode bytes already read (``path`` only names them in messages)."""
    label = str(path) if path else "the given image bytes"
    if not data:
        raise ToolInputError(f"{label} is empty (0 bytes); give a real image file")
    mime = detect_mime(data)
    if mime not in DECODABLE_IMAGES:
        what = f"a {mime} file" if mime else "not an image (unrecognised bytes)"
        if mime is None and _looks_like_text(data):
            what = "text, not an image"
        raise ToolInputError(f"{label} is {what}; give a PNG, JPEG, WebP, GIF, BMP or TIFF image")
    image = _decode(data, label, max_pixels)
    return LoadedImage(
        image=image,
        mime=mime,
        sha256=hashlib.sha256(data).hexdigest(),
        width=image.width,
        height=image.height,
        path=path,
    )


def _decode(data: bytes, label: str, max_pixels: int) -> Image:
    from PIL import Image as PILImage
    from PIL import ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Our own limit below is the guard; Pillow's warning would only add noise.
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            im = PILImage.open(io.BytesIO(data))
            # The header gives the size; refuse before any pixel is allocated.
            w, h = im.size
            if w <= 0 or h <= 0:
                raise ToolInputError(f"{label} has an invalid size {w}x{h}; the file is corrupt")
            if w * h > max_pixels:
                raise ToolInputError(
                    f"{label} is {w}x{h} = {w * h / 1e6:.0f} Mpx, over the {max_pixels / 1e6:.0f} Mpx "
                    "limit; downscale it first"
                )
            im.load()
            im = ImageOps.exif_transpose(im) or im  # type: ignore[assignment]  # an Image from here on
    except ToolInputError:
        raise
    except PILImage.DecompressionBombError as exc:
        # Pillow refuses far-too-large headers inside open(), before our own check can run.
        m = re.search(r"\((\d+) pixels\)", str(exc))
        size = f"{int(m[1]) / 1e6:.0f} Mpx" if m else "too many pixels"
        raise ToolInputError(
            f"{label} is {size}, over the {max_pixels / 1e6:.0f} Mpx limit; downscale it first"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ToolInputError(f"{label} is corrupt or truncated ({reason}); re-save or re-export it") from None
    return _to_rgb(im)


def _to_rgb(im: Image) -> Image:
    from PIL import Image as PILImage

    if im.mode in ("RGBA", "LA") or (im.mode == "P" and "transparency" in im.info):
        # Transparent screenshots become black-on-black with a plain convert; use white paper.
        rgba = im.convert("RGBA")
        background = PILImage.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return im.convert("RGB") if im.mode != "RGB" else im


_TARGETS: dict[str, tuple[int | None, int | None, int | None]] = {
    # (short side, long-side cap, box): CLIP ViT-B/32 and LLaVA-1.5 preprocess by short side.
    "clip": (224, None, None),
    "llava": (336, None, None),
    # OpenAI high detail: fit in 2048, then short side 768; we cap the long side at 2000.
    "gpt4v-high": (768, 2000, None),
    "gpt4v-low": (None, None, 512),
}


def resize_for(image: Image, target: ResizeTarget) -> Image:
    """Downscale ``image`` for a vision model (aspect ratio kept). Never upscales."""
    from PIL import Image as PILImage

    w, h = image.size
    short: int | None
    long_cap: int | None
    box: int | None
    if isinstance(target, int) and not isinstance(target, bool):
        if target <= 0:
            raise ToolInputError(f"resize target must be a positive pixel size, not {target}")
        short, long_cap, box = None, None, target
    elif target in _TARGETS:
        short, long_cap, box = _TARGETS[target]
    else:
        raise ToolInputError(f"unknown resize target {target!r}; use one of {', '.join(_TARGETS)} or a size")
    scale = 1.0
    if short is not None:
        scale = min(scale, short / min(w, h))
    if long_cap is not None:
        scale = min(scale, long_cap / max(w, h))
    if box is not None:
        scale = min(scale, box / max(w, h))
    if scale >= 1.0:
        return image
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return image.resize(size, PILImage.Resampling.LANCZOS)


def encode_data_url(image: Image, fmt: Literal["PNG", "JPEG"] = "PNG", quality: int = 90) -> str:
    """A ``data:`` URL for OpenAI-style ``image_url`` content parts."""
    fmt_upper = fmt.upper()
    if fmt_upper not in ("PNG", "JPEG"):
        raise ToolInputError(f"cannot encode as {fmt!r}; use PNG or JPEG")
    buf = io.BytesIO()
    if fmt_upper == "JPEG":
        image.convert("RGB").save(buf, format="JPEG", quality=quality)
    else:
        image.save(buf, format="PNG")
    mime = "image/png" if fmt_upper == "PNG" else "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(buf.getvalue()).decode('ascii')}"


def _existing_file(path: str | Path) -> Path:
    p = expand_checked(path)
    if not p.exists():
        raise ToolInputError(f"{p} does not exist; check the path")
    if not p.is_file():
        raise ToolInputError(f"{p} is not a file; give a file path")
    return p


def _looks_like_text(data: bytes) -> bool:
    sample = data[:512]
    if b"\x00" in sample:
        return False
    # The cut at 512 bytes may split a multi-byte character; allow that one.
    return any(_decodes(sample[: len(sample) - k]) for k in range(4))


def _decodes(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
