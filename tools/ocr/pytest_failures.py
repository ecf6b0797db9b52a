"""A failing pytest run: the test file and line, the assertion, and what was compared.

    >       assert cart.total(coupon="SAVE10") == 29.25
    E       AssertionError: assert 32.5 == 29.25
    tests/test_cart.py:31: AssertionError
    FAILED tests/test_cart.py::test_total_with_coupon - AssertionError: assert 32.5 == 29.25

pytest prints no "Traceback (most recent call last)" and no ``File "...", line N`` frames (its
default ``--tb=long`` style), so the Python traceback analyser found nothing in it: the answer
then never named the test file or line. Each frame ends with ``path:line:`` (``path:line: in function``
with --tb=short) and the innermost with ``path:line: ErrorType``; the ``E`` lines hold the error and its message.
"""

from __future__ import annotations

import re

from assistant.tools.ocr.python_fixes import python_fixes
from assistant.tools.ocr.screen_analysis import CodeLocation, ScreenAnalysis, ocr_int

_NUM = r"[0-9OoIl|]+"
_LOCATION = re.compile(
    rf"^\s*(?P<path>[\w./\\-]+\.py):(?P<line>{_NUM}):\s*(?:in\s+(?P<func>[\w<>.]+)"
    r"|(?P<type>(?:[A-Za-z_]\w*\.)*[A-Z]\w*))?\s*$"
)
_E_LINE = re.compile(r"^\s*E\s+(?:(?P<type>(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Failed|Exit))(?:\s*:\s*|$))?"
                     r"(?P<msg>.*)$")
_SUMMARY = re.compile(r"^\s*FAILED\s+(?P<path>[\w./\\-]+\.py)::(?P<test>[\w\[\]\-.:]+)")
_BANNER = re.compile(r"^=+\s*(?:FAILURES|ERRORS|short test summary info)\s*=+$")


def find_pytest_failure(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    """A score (0: not pytest output) and the first failure: its frames, error and message."""
    locations: list[CodeLocation] = []
    error_type = message = None
    seen_error = ended = False
    score = 0
    for line in lines:
        if m := _LOCATION.match(line):
            if ended:
                break  # the first failure's innermost frame is done; the next failure starts
            locations.append(CodeLocation(m["path"], ocr_int(m["line"]), None, m["func"]))
            error_type = error_type or m["type"]  # "path:14: AssertionError" after a bare "E  assert ..."
            ended = bool(m["type"])
            score += 2 if m["type"] else 1
        elif (m := _E_LINE.match(line)) and not seen_error:
            # The first E line holds the error; the ones after it explain the values ("+  where ...").
            seen_error = True
            error_type, message = m["type"], m["msg"].strip() or None
            score += 2
        elif _SUMMARY.match(line) or _BANNER.match(line):
            score += 1
    if not locations or error_type is None or not seen_error:
        return 0, ScreenAnalysis("python_traceback")
    return score, ScreenAnalysis("python_traceback", error_type, message, locations,
                                 python_fixes(error_type, message))


__all__ = ["find_pytest_failure"]
