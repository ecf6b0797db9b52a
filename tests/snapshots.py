"""SVG snapshot checks for Textual apps, without pytest-textual-snapshot (it pins an old pytest).

    svg = app.export_screenshot()
    assert_snapshot(svg, "chat_empty")          # compares with tests/snapshots/chat_empty.svg

``UPDATE_SNAPSHOTS=1 pytest tests/test_tui_snapshots.py`` rewrites the files; review the diff
(open the .svg in a browser) before committing. Volatile text is normalised first so the same
screen gives the same file in any run: stage timings and durations, clock times and dates, and
the session id in the status line, and the
hash Rich puts in the SVG's CSS class names (derived from the content, so it would move
with any normalised text).
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Any

SNAPSHOT_DIR = Path(__file__).parent / "snapshots"

# Digits become 0 one for one, so the text keeps its width and the layout does not shift.
_VOLATILE = [
    re.compile(r"\d+(?:\.\d+)?(?:&#160;)?(?:ms|s)\b"),  # 0.03s, 12 ms, 1.2s
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b"),  # 14:03, 14:03:59
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),  # 2025-11-27
    re.compile(r"\b\d{2}-\d{2}(?=&#160;\d{2}:\d{2})"),  # the sidebar's "11-27 14:03"
]
_CLASS_HASH = re.compile(r"terminal-\d+")
_SESSION_ID = re.compile(r"(session(?:&#160;|\s))[0-9a-f]{6,32}\b")  # the status line's "session 7d1142b1"


def _zero_digits(match: re.Match[str]) -> str:
    return re.sub(r"\d", "0", match.group(0))


def normalise(svg: str) -> str:
    svg = _CLASS_HASH.sub("terminal-0", svg)
    svg = _SESSION_ID.sub(lambda m: m.group(1) + "0" * (len(m.group(0)) - len(m.group(1))), svg)
    for pattern in _VOLATILE:
        svg = pattern.sub(_zero_digits, svg)
    return svg


def screen_text(svg: str) -> str:
    """The visible text of an exported screen, one SVG text run per line (for failure output)."""
    runs = re.findall(r"<text [^>]*>([^<]*)</text>", svg)
    return "\n".join(r.replace("&#160;", " ") for r in runs if r.strip("&#160; "))


def freeze_cursors(app: Any) -> None:
    """Stop input cursors blinking, or the export catches the cursor on or off at random."""
    from textual.widgets import Input, TextArea

    for widget in app.query(Input):
        widget.cursor_blink = False
    for area in app.query(TextArea):
        area.cursor_blink = False


def assert_snapshot(svg: str, name: str) -> None:
    path = SNAPSHOT_DIR / f"{name}.svg"
    got = normalise(svg)
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
        return
    if not path.exists():
        raise AssertionError(f"no snapshot {path.name} yet: run with UPDATE_SNAPSHOTS=1 and review it")
    want = path.read_text(encoding="utf-8")
    if got != want:
        diff = "\n".join(
            difflib.unified_diff(
                screen_text(want).splitlines(), screen_text(got).splitlines(), "snapshot", "now", lineterm=""
            )
        )
        raise AssertionError(
            f"screen differs from {path.name} (UPDATE_SNAPSHOTS=1 to accept it):\n"
            + (diff or "same text; colours or layout differ")
        )
