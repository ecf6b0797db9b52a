"""Compiler diagnostics of the JVM, .NET and TypeScript toolchains: file, line, message.

    e: file:///home/noor/app/src/main/kotlin/InvoicePrinter.kt:27:22 Unresolved reference: formatCurrency
    src/Main.java:12: error: cannot find symbol
    src/api.ts(12,5): error TS2304: Cannot find name 'fetchUser'.
    Program.cs(8,13): error CS0103: The name 'total' does not exist in the current context

(gcc/clang, rustc and go have their own analysers.) The first error printed is the one to fix
first - later ones often follow from it - so it is stored last, where the analysis keeps the
innermost location. A name the compiler cannot resolve gets its usual fix (prompts/ocr.yaml).
"""

from __future__ import annotations

import re

from assistant.tools.ocr.screen_analysis import CodeLocation, ScreenAnalysis

_KOTLIN = re.compile(r"^\s*(?P<sev>e|w|error|warning):\s*(?:file://)?(?P<path>\S+?\.kts?)"
                     r"(?::(?P<line>\d+):(?P<col>\d+)|:\s*\((?P<line2>\d+),\s*(?P<col2>\d+)\)):?\s+(?P<msg>.+)$")
_JAVAC = re.compile(r"^\s*(?:\[ERROR\]\s*)?(?P<path>\S+?\.(?:java|scala|groovy)):\[?(?P<line>\d+)(?:[,:](?P<col>\d+)\]?)?"
                    r":?\s*(?P<sev>error|warning):\s*(?P<msg>.+)$")
_PAREN = re.compile(r"^\s*(?P<path>\S+?\.(?:tsx?|mts|cts|cs|vb|fs))\((?P<line>\d+),(?P<col>\d+)\):\s*"
                    r"(?P<sev>error|warning)\s+(?P<code>(?:TS|CS|BC|FS)\d+):\s*(?P<msg>.+?)(?:\s*\[[^\]]*\])?$")
_TSC_PRETTY = re.compile(r"^\s*(?P<path>\S+?\.(?:tsx?|mts|cts)):(?P<line>\d+):(?P<col>\d+)\s*-\s*(?P<sev>error|warning)"
                         r"\s+(?P<code>TS\d+):\s*(?P<msg>.+)$")
_UNRESOLVED = re.compile(
    r"Unresolved reference:?\s*[`'\"]?(?P<a>[\w.]+)|cannot find symbol(?:.*symbol:\s*\w+\s+(?P<b>\w+))?"
    r"|Cannot find name\s*'(?P<c>[\w.]+)'|The name '(?P<d>\w+)' does not exist|not found: (?:value|type) (?P<e>\w+)",
    re.IGNORECASE)
_SYMBOL_LINE = re.compile(r"^\s*symbol:\s*\w+\s+(?P<name>\w+)")


def find_compiler_diagnostics(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    from assistant.prompts import render

    errors: list[tuple[CodeLocation, str, str]] = []  # (where, error type, message)
    symbol = ""
    for line in lines:
        m = _KOTLIN.match(line) or _JAVAC.match(line) or _PAREN.match(line) or _TSC_PRETTY.match(line)
        if m is None:
            if errors and not symbol and (s := _SYMBOL_LINE.match(line)):
                symbol = s["name"]  # javac names the symbol on a line of its own
            continue
        if m["sev"].lower() in ("w", "warning"):
            continue
        groups = m.groupdict()
        line_no = groups.get("line") or groups.get("line2")
        col = groups.get("col") or groups.get("col2")
        where = CodeLocation(m["path"], int(line_no) if line_no else None, int(col) if col else None)
        errors.append((where, groups.get("code") or "compile error", m["msg"].strip()))
    if not errors:
        return 0, ScreenAnalysis("compile_error")
    first, error_type, message = errors[0]
    fixes = []
    if unresolved := _UNRESOLVED.search(message):
        name = next((g for g in unresolved.groups() if g), "") or symbol
        fixes.append(render("ocr", "compile_fix_unresolved", name=name).strip())
    locations = list(dict.fromkeys(where for where, _, _ in reversed(errors)))
    locations.remove(first)
    return 4 * min(len(errors), 3), ScreenAnalysis("compile_error", error_type, message, [*locations, first], fixes)


__all__ = ["find_compiler_diagnostics"]
