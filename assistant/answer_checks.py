"""Checks on the model's answer that need no model: a plan instead of an answer, a refusal of
what the tools already read, and an error explanation that contradicts the parsed traceback.

Each acts only on positive evidence of a problem: a reply that opens by announcing steps it
"will" take, a short reply that only declines, or one that names an outer frame of a traceback as
where the error is raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant import prompts
from assistant.tools.ocr.frame_owner import is_library_frame

# "To determine the capital, I will ...", "I will use the OCR tool", "Let me check", "First, I need to".
_PLAN_START = re.compile(
    r"^\s*(?:to (?:determine|answer|find|get|check|calculate|compute|solve|identify|figure out)\b[^.\n]{0,120},\s*"
    r"(?:i|we)\s+(?:will|need to|would|must|should|can|'ll)\b"
    r"|(?:i|we)(?:\s+will|'ll)\s+(?:use|call|need|first|check|look|start|begin|run|read|analy[sz]e|examine|extract)\b"
    r"|let me (?:use|call|check|look|start|begin|run|read|analy[sz]e|examine|extract|first)\b"
    r"|first,?\s+(?:i|we)\s+(?:will|need|must|should|'ll)\b)",
    re.IGNORECASE,
)
# A worked answer: "... 15% of 80 is 0.15 * 80 = 12 ...", "Therefore, the sale price is $68."
_WORKED_RESULT = re.compile(
    r"=\s*[-$€£]?\s*\d|\b(?:therefore|thus|hence|in conclusion|the (?:final )?(?:answer|result) is)\b|^so,",
    re.IGNORECASE | re.MULTILINE,
)
_DATA_FILE = re.compile(r"\.(?:ya?ml|json|toml|ini|cfg|conf|xml)$", re.IGNORECASE)
PLAN_PREFIX_CHARS = 48
"""A streamed reply is held until this many characters show whether it opens like a plan."""


def is_plan(answer: str) -> bool:
    """The reply announces steps instead of answering (a small model narrating its tool use).
    A reply that opens the same way and then works the problem out to a result ("To find 12 % of
    250, we need to multiply ... 0.12 * 250 = 30.") is an answer: asking again threw away the 1.5B's
    working, and its second, unworked try was wrong ("$66" for 15 % off $80)."""
    return bool(_PLAN_START.search(answer)) and not _WORKED_RESULT.search(answer)


# "I'm sorry, but I can't assist with that request." about a photo search the tools answered: the
# 1.5B refused a benign request ("find the pic of our bunny in the beer box") once in a while.
_REFUSAL = re.compile(
    r"^\s*(?:(?:i['\u2019]?m sorry|sorry|i apologi[sz]e)[,.!]?\s*(?:but\s+)?)?"
    r"i (?:can(?:no|['\u2019])t|am unable to|am not able to|won['\u2019]t be able to) "
    r"(?:assist|help|comply|provide|fulfil|do that|answer that)",
    re.IGNORECASE,
)
REFUSAL_MAX_CHARS = 300


def is_refusal(answer: str) -> bool:
    """A short reply that only declines ("I'm sorry, but I can't assist with that request.")."""
    return len(answer) <= REFUSAL_MAX_CHARS and bool(_REFUSAL.match(answer))


_PLAN_VERBS = ("determine", "answer", "find", "get", "check", "calculate", "compute", "solve", "identify", "figure")
_PLAN_OPENINGS = ("to ", "i will", "i'll", "we will", "we'll", "let me", "first", "i'm sorry", "sorry", "i can't",
                  "i cannot", "i apolog")
"""Openings held back while streaming: a plan, or a refusal, may follow."""


def may_be_plan(prefix: str) -> bool:
    """Could a reply that starts with ``prefix`` still turn out to be a plan? Used while streaming,
    so that a plan is never shown: most replies are released after their first word or two."""
    text = prefix.lstrip().lower().replace("\u2019", "'")
    if len(text) >= PLAN_PREFIX_CHARS:
        return is_plan(text) or is_refusal(text)
    if text.startswith("to "):
        words = text.split()
        if len(words) >= 2 and (len(words) > 2 or text.endswith(" ")):
            return words[1] in _PLAN_VERBS  # "To reverse a string, ..." is an answer
        return True
    return any(text.startswith(s) or s.startswith(text) for s in _PLAN_OPENINGS)


@dataclass(frozen=True)
class ErrorFacts:
    """What the screen analysis established about an error on screen."""

    error: str
    innermost: str
    """file:line of the innermost frame, or "" when the text named none."""
    innermost_file: str
    innermost_line: int | None
    outer: tuple[tuple[str, int], ...]
    """(file name, line) of every other frame of the user's own code."""
    surfaced: str = ""
    """file:line of the runtime or library frame the error surfaced in, when that is not ``innermost``."""
    fixes: tuple[str, ...] = ()
    """The usual fixes, for errors whose fix is well known (a script that is not executable)."""
    stack: bool = True
    """The locations are frames of a call stack; False: where a file is wrong (a compiler's or
    nginx's error), with no frames to tell apart."""
    loaded_at: str = ""
    """When ``innermost`` is a data file a parser named (PyYAML's jobs.yaml, line 9): the frame of
    the user's code that loaded it."""

    def lead(self) -> str:
        return prompts.render("turns", "error_lead", error=self.error, where=self.innermost, surfaced=self.surfaced,
                              fixes=self.fixes, stack=self.stack, loaded_at=self.loaded_at)

    def correction(self, answer: str) -> str:
        """A note when the answer places the error in an outer frame and never in the innermost."""
        if self.innermost_line is None or _names_location(answer, self.innermost_file, self.innermost_line):
            return ""
        named = [f"`{file}:{line}`" for file, line in self.outer if _names_location(answer, file, line)]
        if not named:
            return ""
        return prompts.render("turns", "error_correction", where=self.innermost, named=", ".join(named))


def _basename(path: str) -> str:
    return re.split(r"[\\/]", path)[-1]


def _names_location(answer: str, file: str, line: int) -> bool:
    name = re.escape(_basename(file))
    # "report.py:23", "report.py, line 23", "main.py at line 58", "line 58 of main.py"
    return bool(re.search(rf"{name}[^.\n]{{0,25}}?(?:line\s*|:)\s*{line}\b|line\s+{line}\b[^.\n]{{0,40}}{name}",
                          answer, re.IGNORECASE))


def error_facts(result: Any) -> ErrorFacts | None:
    """The error facts of a screenshot reading, when its analysis found an error type. Where the
    crash surfaces inside a runtime or library (Node's loader, Go's testing package), the frame
    that counts is the innermost one in the user's own code; the library frame is named beside it."""
    from assistant.tools.ocr.screen_analysis import STACK_KINDS

    analysis = getattr(result, "analysis", None)
    if analysis is None or not getattr(analysis, "error_type", None):
        return None
    error = analysis.error_type + (f": {analysis.error_message}" if analysis.error_message else "")
    inner = analysis.innermost_own
    surfaced = analysis.innermost if analysis.innermost is not inner else None
    stack = analysis.kind in STACK_KINDS
    loaded_at = ""
    if inner is not None and _DATA_FILE.search(inner.path) and stack:
        code = [c for c in analysis.locations if c is not inner and not is_library_frame(c.path, c.function)]
        loaded_at = _where(code[-1]) if code else ""
    outer = tuple((_basename(c.path), c.line) for c in analysis.locations
                  if stack and c is not inner and c.line is not None and not is_library_frame(c.path, c.function))
    return ErrorFacts(error, _where(inner), inner.path if inner else "", inner.line if inner else None, outer,
                      _where(surfaced), tuple(getattr(analysis, "fixes", ())), stack, loaded_at)


def _where(location: Any) -> str:
    """"report.py, line 23", "report.py" without a line, "" for none."""
    if location is None:
        return ""
    return f"{_basename(location.path)}, line {location.line}" if location.line is not None else _basename(location.path)
