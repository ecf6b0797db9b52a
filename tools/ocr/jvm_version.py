"""Java's UnsupportedClassVersionError, read as the Java versions it means:

    java.lang.UnsupportedClassVersionError: com/acme/Main has been compiled by a more recent version of the
    Java Runtime (class file version 61.0), this version of the Java Runtime only recognizes class file versions up to 55.0

The message gives class file versions, not Java versions, and the 1.5B read "61.0" as a Java version to
download ("install Java 61"). Class file version N is Java N - 44 (52 is Java 8, 55 is 11, 61 is 17, 65
is 21), so the lead says which Java the program needs and which one ran it; the message usually wraps
over two or three lines, so it is read from the joined text.
"""

from __future__ import annotations

import re

from assistant.tools.ocr.screen_analysis import ScreenAnalysis

_VERSIONS = re.compile(r"(?P<cls>[\w/$.]+)?\s+has\s+been\s+compiled\s+by\s+a\s+more\s+recent\s+version\s+of\s+the\s+Java\s+"
                       r"Runtime\s*\(class\s+file\s+version\s+(?P<need>\d+)(?:\.\d+)?\),?\s+this\s+version\s+of\s+the\s+"
                       r"Java\s+Runtime\s+only\s+recognizes\s+class\s+file\s+versions\s+up\s+to\s+(?P<have>\d+)",
                       re.IGNORECASE)
CLASS_FILE_OFFSET = 44
"""Class file version minus this is the Java release (Java 8 wrote 52; each release adds one)."""


def java_release(class_file_version: int) -> str:
    """"17" for 61, "1.4" and older are not in screenshots people send; below 49 no Java number."""
    return str(class_file_version - CLASS_FILE_OFFSET) if class_file_version >= 49 else ""


def find_class_version_error(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    from assistant.prompts import render

    match = _VERSIONS.search(" ".join(line.strip() for line in lines))
    if match is None:
        return 0, ScreenAnalysis("java_stack")
    need, have = java_release(int(match["need"])), java_release(int(match["have"]))
    if not need or not have:
        return 0, ScreenAnalysis("java_stack")
    main_class = (match["cls"] or "").replace("/", ".")
    message = render("ocr", "java_class_version_message", main_class=main_class, need=need, need_cf=match["need"],
                     have=have, have_cf=match["have"]).strip()
    fix = render("ocr", "java_fix_class_version", need=need, have=have).strip()
    return 8, ScreenAnalysis("java_stack", "UnsupportedClassVersionError", message, [], [fix])


__all__ = ["CLASS_FILE_OFFSET", "find_class_version_error", "java_release"]
