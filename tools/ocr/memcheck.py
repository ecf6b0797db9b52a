"""Memory errors that valgrind or AddressSanitizer report for a C or C++ program.

    ==31337== Invalid write of size 4
    ==31337==    at 0x109274: read_values (stats.c:23)
    ==31337==    by 0x1093A1: main (stats.c:41)
    ==31337==  Address 0x4a8f068 is 0 bytes after a block of size 40 alloc'd

A "Segmentation fault" alone says nothing about where; these reports say the line, what was
touched and how far outside the block, and that is enough to name the usual bug: an index one past
the end, a use after free, an uninitialised read, a double free, a NULL pointer. The first error
is the one to fix (later ones often follow from it). Its frames are listed innermost first, as
both tools print them; the analysis stores them outermost first, like every other kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.tools.ocr.screen_analysis import CodeLocation, ScreenAnalysis

_PID = r"^\s*==\s*\d+\s*==\s*"
_VG_ERROR = re.compile(
    _PID + r"(?P<what>Invalid (?:write|read) of size \d+|Invalid free\(\)[^\n]*|Mismatched free\(\)[^\n]*"
    r"|Conditional jump or move depends on uninitiali[sz]ed value\(s\)|Use of uninitiali[sz]ed value of size \d+"
    r"|Process terminating with default action of signal 11 \(SIGSEGV\))", re.IGNORECASE)
_VG_FRAME = re.compile(_PID + r"(?:at|by)\s+0x[0-9A-Fa-f]+:\s*(?P<func>[^\s(]+)\s*\((?P<path>[^():\s]+):(?P<line>\d+)\)")
_VG_ADDRESS = re.compile(
    r"Address 0x(?P<addr>[0-9A-Fa-f]+) is (?:(?P<offset>[\d,]+) bytes (?P<rel>after|before|inside) a block of size "
    r"(?P<size>[\d,]+) (?P<state>alloc'd|free'd)|not stack'd)", re.IGNORECASE)
_ASAN_ERROR = re.compile(
    r"ERROR: AddressSanitizer: (?P<what>heap-buffer-overflow|stack-buffer-overflow|global-buffer-overflow"
    r"|heap-use-after-free|stack-use-after-return|attempting double-free|double-free|SEGV on unknown address"
    r"(?: 0x(?P<addr>[0-9a-fA-F]+))?)")
_ASAN_ACCESS = re.compile(r"\b(?P<op>READ|WRITE) of size (?P<n>\d+)")
_ASAN_FRAME = re.compile(r"^\s*#\d+\s+0x[0-9a-fA-F]+\s+in\s+(?P<func>\S+)\s+(?P<path>[^\s:]+):(?P<line>\d+)")
_ASAN_REGION = re.compile(r"is located (?P<offset>\d+) bytes (?P<rel>to the right|to the left|inside) of "
                          r"(?P<size>\d+)-byte region")


@dataclass(frozen=True)
class _Access:
    size: int | None = None
    """Bytes read or written at once ("of size 4")."""
    offset: int | None = None
    block: int | None = None
    after_end: bool = False
    freed: bool = False
    null: bool = False
    alloc_at: str = ""


def find_memory_error(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    """A score (0: no report) and the first memory error with its frames and usual fix."""
    for i, line in enumerate(lines):
        if m := _VG_ERROR.search(line):
            return _valgrind(m["what"], lines[i + 1:])
        if m := _ASAN_ERROR.search(line):
            return _asan(m, lines[i + 1:])
    return 0, ScreenAnalysis("memory_error")


def _valgrind(what: str, rest: list[str]) -> tuple[int, ScreenAnalysis]:
    frames, access, alloc_frames = [], _Access(), []
    size = re.search(r"of size (\d+)", what)
    for line in rest:
        if _VG_ERROR.search(line):
            break  # the next error
        frame = _VG_FRAME.search(line)
        if frame and frame["path"].startswith("vg_replace"):
            continue  # valgrind's own malloc/free, not the program's
        if frame and not access.block and not access.null:
            frames.append(CodeLocation(frame["path"], int(frame["line"]), None, frame["func"]))
        elif frame:
            alloc_frames.append(f"{frame['path']}:{frame['line']}")
        elif m := _VG_ADDRESS.search(line):
            block = int(m["size"].replace(",", "")) if m["size"] else None
            access = _Access(int(size[1]) if size else None, int(m["offset"].replace(",", "")) if m["offset"] else None,
                             block, m["rel"] == "after", m["state"] == "free'd", m["addr"].strip("0") == "")
    access = replace(access, alloc_at=alloc_frames[0] if alloc_frames else "")
    return 3 + len(frames), _analysis(what, _fix_key(what, access), access, frames)


def _asan(m: re.Match[str], rest: list[str]) -> tuple[int, ScreenAnalysis]:
    what = m["what"]
    frames: list[CodeLocation] = []
    size = offset = block = None
    after_end = False
    for line in rest:
        if a := _ASAN_ACCESS.search(line):
            size = int(a["n"])
            what = f"{m['what']} ({a['op']} of size {a['n']})"
        elif (f := _ASAN_FRAME.search(line)) and not block:
            frames.append(CodeLocation(f["path"], int(f["line"]), None, f["func"]))
        elif r := _ASAN_REGION.search(line):
            offset, block, after_end = int(r["offset"]), int(r["size"]), r["rel"] == "to the right"
            break
    null = "SEGV" in what and (m["addr"] is None or m["addr"].strip("0") == "")
    access = _Access(size, offset, block, after_end, "use-after" in what, null)
    return 4 + len(frames), _analysis(what, _fix_key(what, access), access, frames)


def _fix_key(what: str, access: _Access) -> str:
    text = what.lower()
    if "free()" in text or "double-free" in text:
        return "double_free"
    if "uninitiali" in text:
        return "uninitialised"
    if access.freed or "use-after" in text:
        return "use_after_free"
    if access.block is not None or "overflow" in text:
        return "out_of_bounds"
    return "bad_pointer"


def _analysis(what: str, fix: str, access: _Access, frames: list[CodeLocation]) -> ScreenAnalysis:
    from assistant.prompts import render

    count = index = None
    if access.after_end and access.size and access.block is not None and access.offset is not None \
            and access.block % access.size == 0 and access.offset % access.size == 0:
        # A 40-byte block of 4-byte ints holds 10; a write 0 bytes after it is to index 10.
        count, index = access.block // access.size, (access.block + access.offset) // access.size
    message = render("ocr", "memcheck_access", fix=fix, offset=access.offset, block=access.block,
                     after_end=access.after_end, alloc_at=access.alloc_at).strip()
    fixes = [render("ocr", f"mem_fix_{fix}", count=count, index=index, size=access.size).strip()]
    return ScreenAnalysis("memory_error", what.strip(), message or None, list(reversed(frames)), fixes)


__all__ = ["find_memory_error"]
