"""Grab an image from the system clipboard with whatever tool the desktop has.

Terminals pass pasted *text* to the app but never image bytes, so an image paste has to ask
the clipboard owner directly: ``wl-paste`` on Wayland, ``xclip`` on X11, ``pngpaste`` on macOS.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from assistant.errors import AttachmentError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _commands() -> list[list[str]]:
    found = []
    if os.environ.get("WAYLAND_DISPLAY") and shutil.which("wl-paste"):
        found.append(["wl-paste", "--no-newline", "--type", "image/png"])
    if os.environ.get("DISPLAY") and shutil.which("xclip"):
        found.append(["xclip", "-selection", "clipboard", "-target", "image/png", "-out"])
    if shutil.which("pngpaste"):
        found.append(["pngpaste", "-"])
    return found


def grab_image(folder: Path, timeout: float = 3.0) -> Path:
    """Save the clipboard's PNG under ``folder`` and return its path, or AttachmentError (one line)."""
    commands = _commands()
    if not commands:
        raise AttachmentError(
            "no clipboard tool for images here (install wl-clipboard or xclip, or use /image PATH)"
        )
    for cmd in commands:
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0 and done.stdout.startswith(PNG_MAGIC):
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"clipboard-{time.strftime('%Y%m%d-%H%M%S')}.png"
            target.write_bytes(done.stdout)
            return target
    raise AttachmentError("the clipboard holds no image; copy a screenshot first, or use /image PATH")
