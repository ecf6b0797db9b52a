"""One image that tiles sampled frames, each labelled with its timestamp.

A contact sheet lets a person (or a vision model, in one image call instead of N) see a whole
video at a glance. Tiles keep the video's aspect ratio and touch edge to edge, so the sheet is
exactly ``columns * tile_width`` wide and ``rows * tile_height`` tall.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assistant.tools.errors import ToolInputError

if TYPE_CHECKING:
    from PIL import Image

    from assistant.tools.video.frames import FrameSet

FONT_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _font(size: int):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    if FONT_PATH.exists():
        return ImageFont.truetype(str(FONT_PATH), size)
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1 has no sized default font
        return ImageFont.load_default()


def tile_size(width: int, height: int, tile_width: int) -> tuple[int, int]:
    return tile_width, max(1, round(tile_width * height / max(1, width)))


def contact_sheet(frameset: FrameSet, columns: int = 4, tile_width: int = 320) -> Image.Image:
    """Tile the frames left to right, top to bottom, timestamp drawn at each tile's corner."""
    from PIL import Image, ImageDraw

    from assistant.tools.video.frames import format_timestamp

    if not frameset.frames:
        raise ToolInputError("no frames to put on a contact sheet; sample some frames first")
    if columns < 1 or tile_width < 16:
        raise ToolInputError("contact sheet needs columns >= 1 and tile_width >= 16")
    first = frameset.frames[0].image
    tw, th = tile_size(first.width, first.height, tile_width)
    columns = min(columns, len(frameset.frames))
    rows = -(-len(frameset.frames) // columns)
    sheet = Image.new("RGB", (columns * tw, rows * th), (0, 0, 0))
    font = _font(max(10, tw // 16))
    pad = max(2, tw // 80)
    for i, frame in enumerate(frameset.frames):
        tile = frame.image.convert("RGB").resize((tw, th), Image.Resampling.BILINEAR)
        draw = ImageDraw.Draw(tile, "RGBA")
        label = format_timestamp(frame.timestamp)
        box = draw.textbbox((pad, pad), label, font=font)
        # A dark box under the label keeps it readable on any picture.
        draw.rectangle([box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad], fill=(0, 0, 0, 170))
        draw.text((pad, pad), label, font=font, fill=(255, 255, 255, 255))
        sheet.paste(tile, ((i % columns) * tw, (i // columns) * th))
    return sheet
