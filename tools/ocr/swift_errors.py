"""A Swift runtime trap as Xcode's console prints it:

    Recipes/RecipeDetailViewController.swift:42: Fatal error: Unexpectedly found nil while implicitly unwrapping an Optional value

The file and line come before the message, as in a compiler diagnostic, but it is a crash at
run time. The usual causes are few and well known (an @IBOutlet not connected in the storyboard,
a force unwrap, an index past the end), so each carries its usual fix, worded in prompts/ocr.yaml
(``swift_fix_<key>``).
"""

from __future__ import annotations

import re

from assistant.tools.ocr.screen_analysis import CodeLocation, ScreenAnalysis

_TRAP = re.compile(r"(?P<path>[\w./\\-]+\.swift):(?P<line>\d+):\s*(?P<type>Fatal error|Precondition failed|"
                   r"Assertion failed)\s*:?\s*(?P<msg>.*?)\s*$")
_FIXES = (
    (re.compile(r"implicitly unwrapping", re.IGNORECASE), "implicit_nil"),
    (re.compile(r"unwrapping an optional", re.IGNORECASE), "force_unwrap"),
    (re.compile(r"index out of range", re.IGNORECASE), "index"),
)


def find_swift_error(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    from assistant.prompts import render

    for line in lines:
        if m := _TRAP.search(line):
            message = m["msg"] or None
            fixes = [render("ocr", f"swift_fix_{key}").strip() for pattern, key in _FIXES
                     if message and pattern.search(message)]
            return 6, ScreenAnalysis("swift_error", m["type"], message, [CodeLocation(m["path"], int(m["line"]))],
                                     fixes[:1])
    return 0, ScreenAnalysis("swift_error")


__all__ = ["find_swift_error"]
