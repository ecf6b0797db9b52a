"""Make text that did not come from the app safe to print to a terminal.

A model answer, a file name, OCR text or a stored turn can carry escape sequences: OSC 52 writes
the clipboard, CSI sequences clear the screen or move the cursor, OSC 0/2 retitle the window,
bidi overrides make a line read differently from its bytes. ``clean`` drops them all: every
escape sequence whole, every other C0/C1 control except newline and tab, DEL, and the bidi
embedding/override/isolate characters. Lone surrogates (a non-UTF-8 file name decoded with
surrogateescape) become U+FFFD, which any terminal encoding can print.

Removing ESC itself is what makes this safe when text arrives in pieces (a streamed answer): a
sequence split across two chunks loses its ESC in the first, and the rest prints as plain text.
``json_text`` does the same for JSON output, where such characters are escaped, not dropped.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Whole sequences first (so their parameters do not print as junk), then any control left.
_SEQUENCES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"            # CSI: cursor moves, clears, colours
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])"     # OSC, DCS, SOS, PM, APC strings ...
    r"[\s\S]*?(?:\x07|\x1b\\|\x9c|$)"               # ... up to their terminator (or the end)
    r"|\x1b[ -/]*[0-~]?"                            # any other escape (charset switches, RIS)
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
# In JSON text these appear only inside strings, where \uXXXX is the same character, escaped.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def clean(text: str) -> str:
    """``text`` without escape sequences, control characters (but newline and tab) or bidi
    overrides, and with lone surrogates replaced."""
    if text.isascii() and text.isprintable():
        return text
    text = _SEQUENCES.sub("", text)
    text = _CONTROLS.sub("", text)
    return _SURROGATES.sub("\ufffd", text)


def json_text(value: Any, **kwargs: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, **kwargs)`` with C1 controls, bidi overrides and
    lone surrogates written as \\u escapes (json escapes C0 controls itself)."""
    text = json.dumps(value, ensure_ascii=False, **kwargs)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


__all__ = ["clean", "json_text"]
