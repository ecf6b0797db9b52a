"""Render a case's text into an image file, cached by content so reruns reuse (and OCR-cache) it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from assistant.evals.cases import Case

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# theme -> (font file, size, background, foreground): screenshots, notes, invoices, logs.
THEMES: dict[str, tuple[str, int, tuple[int, int, int], tuple[int, int, int]]] = {
    "terminal": ("DejaVuSansMono.ttf", 22, (30, 30, 30), (220, 220, 220)),
    "log": ("DejaVuSansMono.ttf", 20, (250, 250, 248), (30, 30, 30)),
    "note": ("DejaVuSans.ttf", 26, (255, 255, 255), (20, 20, 20)),
    "sticky": ("DejaVuSans-Bold.ttf", 26, (255, 240, 150), (40, 40, 40)),
    "invoice": ("DejaVuSerif.ttf", 24, (255, 255, 255), (10, 10, 60)),
    "chat": ("DejaVuSansCondensed.ttf", 24, (235, 242, 255), (20, 20, 20)),
}


def _font(name: str, size: int) -> Any:
    from PIL import ImageFont

    path = FONT_DIR / name
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)  # no DejaVu (apt fonts-dejavu-core): Pillow's own font


def render_lines(lines: list[str], theme: str) -> Any:
    from PIL import Image, ImageDraw

    font_name, size, background, foreground = THEMES.get(theme, THEMES["note"])
    font = _font(font_name, size)
    pad, row = 28, int(size * 1.6)
    width = max(320, int(max(font.getlength(line) for line in lines)) + 2 * pad)
    image = Image.new("RGB", (width, row * len(lines) + 2 * pad), background)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((pad, pad + i * row), line, font=font, fill=foreground)
    return image


def media_for(case: Case, cache_dir: Path) -> Path:
    """The file a case attaches: its own media, or its text rendered once under cache_dir."""
    if case.media:
        return Path(case.media)
    key = hashlib.sha256(json.dumps([case.lines, case.theme], ensure_ascii=False).encode()).hexdigest()[:16]
    out = cache_dir / key / case.filename
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        render_lines(case.lines, case.theme).save(out)
    return out
