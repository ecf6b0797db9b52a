"""Java (and Kotlin, Scala) stack traces on screen: the exception and its frames.

    Exception in thread "main" java.lang.NullPointerException: Cannot invoke "String.length()"
        at com.acme.greeter.Greeter.greet(Greeter.java:18)
        at com.acme.greeter.Main.main(Main.java:7)

The JVM prints the innermost frame first. When a "Caused by:" block follows, its exception is
the root cause and its frames are the ones to read. OCR noise is tolerated as in screen_text.py
(spaces dropped around "at", curly quotes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_EXC = re.compile(
    r"^\s*(?:Exception in thread\s*\S+\s+|Caused by:\s*)?"
    r"(?P<type>(?:[a-z_][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable))(?:\s*:\s*(?P<msg>.*))?$")
_FRAME = re.compile(
    r"^\s*at\s*(?P<func>[\w$.<>/]+)\s*\((?P<path>[^():\s]+\.(?:java|kt|scala|groovy|clj))\s*:\s*(?P<line>\d+)\)")


@dataclass
class JavaTrace:
    score: int = 0
    error_type: str | None = None
    error_message: str | None = None
    frames: list[tuple[str, int, str]] = field(default_factory=list)
    """(file, line, method) of the exception's block, innermost first as printed."""


def find_java_trace(lines: list[str]) -> JavaTrace:
    """The last exception block's type, message and frames (a "Caused by:" is the root cause)."""
    trace = JavaTrace()
    for line in lines:
        if m := _EXC.match(line):
            trace.error_type, trace.error_message = m["type"], (m["msg"] or "").strip() or None
            trace.frames = []
            trace.score += 2 if line.lstrip().startswith(("Exception in thread", "Caused by")) else 1
        elif (m := _FRAME.match(line)) and trace.error_type:
            trace.frames.append((m["path"], int(m["line"]), m["func"]))
            trace.score += 2 if len(trace.frames) <= 2 else 0
    return trace


__all__ = ["JavaTrace", "find_java_trace"]
