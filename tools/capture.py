"""Grab a screenshot of the screen, or an image from the clipboard, into a PNG file.

Pillow's ImageGrab does the work: X11 through XCB (no extra package), Wayland and X11
clipboards through `wl-paste` / `xclip`, and macOS/Windows natively. Where there is no display
or no image on the clipboard, one line says so and what to do instead.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from assistant.tools.errors import EngineUnavailable, ToolInputError


def _has_display() -> bool:
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _target(out_dir: Path, stem: str) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir / f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.png"


def capture_screen(out_dir: Path) -> Path:
    if not _has_display():
        raise EngineUnavailable("no display to capture (DISPLAY is not set): save a screenshot and pass --image PATH")
    from PIL import ImageGrab

    try:
        image = ImageGrab.grab(xdisplay=os.environ.get("DISPLAY") or None) if sys.platform.startswith("linux") \
            else ImageGrab.grab()
    except OSError as exc:
        raise EngineUnavailable(f"screen capture failed ({exc}); save a screenshot and pass --image PATH") from None
    path = _target(out_dir, "screenshot")
    image.save(path)
    return path


def clipboard_image(out_dir: Path) -> Path:
    from PIL import Image, ImageGrab

    try:
        data = ImageGrab.grabclipboard()
    except (OSError, NotImplementedError) as exc:
        raise EngineUnavailable(
            f"cannot read the clipboard ({str(exc).splitlines()[0] if str(exc) else exc}): "
            "install wl-clipboard (Wayland) or xclip (X11), or pass --image PATH"
        ) from None
    if isinstance(data, list):  # file names copied in a file manager
        images = [Path(p) for p in data if Path(p).is_file()]
        if images:
            return images[0]
        data = None
    if not isinstance(data, Image.Image):
        raise ToolInputError("the clipboard holds no image: copy a screenshot first, or pass --image PATH")
    path = _target(out_dir, "clipboard")
    data.save(path)
    return path
