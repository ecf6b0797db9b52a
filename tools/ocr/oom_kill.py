"""A program that died with "Killed" and no traceback: the out-of-memory killer.

    $ python train.py
    Killed
    $ sudo dmesg | tail -2
    [81234.551937] Out of memory: Killed process 23817 (python) total-vm:31877412kB, anon-rss:30412236kB, ...

The program gets SIGKILL, so it cannot print anything; the shell prints "Killed" and the exit
status is 137. The kernel log names the process and how much memory it held; Kubernetes says
"OOMKilled"; gcc says "Killed signal terminated program cc1plus". Each is scored; the strongest
signal says who did the killing.
"""

from __future__ import annotations

import re

from assistant.tools.ocr.screen_analysis import ScreenAnalysis

_KERNEL = re.compile(r"Out of memory: Kill(?:ed)? process (?P<pid>\d+) \((?P<name>[^)]+)\)"
                     r"(?:.*?anon-rss:\s*(?P<rss>\d+)\s*kB)?", re.IGNORECASE)
_KERNEL_OTHER = re.compile(r"invoked oom-killer|oom-kill:|oom_reaper: reaped process", re.IGNORECASE)
_CONTAINER = re.compile(r"\bOOMKilled\b")
_COMPILER = re.compile(r"Killed signal terminated program (cc1\w*|ld|lto\w*|rustc)", re.IGNORECASE)
_KILLED_LINE = re.compile(r"^\s*(?:\[\d+\]\+?\s+)?Killed(?::\s*9)?(?:\s+.{0,80})?$")
"""The shell's own line ("Killed", "Killed: 9" on macOS, "[1]+  Killed  python x.py" for a job)."""
_STATUS_137 = re.compile(r"(?:^\s*137\s*$|exit(?:ed)?(?: with)? (?:code|status)[ :=]*137\b|\bExited \(137\))",
                         re.IGNORECASE)


def find_oom_kill(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    """A score (0: none of the signs) and what killed the program, with the usual fix."""
    from assistant.prompts import render

    score, by, name, pid, rss = 0, "", "", "", ""
    for line in lines:
        if m := _KERNEL.search(line):
            score, by, name, pid = score + 4, "kernel", m["name"], m["pid"]
            rss = _gib(int(m["rss"])) if m["rss"] else rss
        elif _KERNEL_OTHER.search(line):
            score, by = score + 2, by or "kernel"
        elif _CONTAINER.search(line):
            score, by = score + 4, by or "container"
        elif _COMPILER.search(line):
            score, by = score + 4, by or "compiler"
        elif _KILLED_LINE.match(line):
            score += 2
        elif _STATUS_137.search(line):
            score += 1
    if score == 0:
        return 0, ScreenAnalysis("oom_kill")
    message = render("ocr", "oom_message", by=by, name=name, pid=pid, rss=rss).strip()
    fix = render("ocr", "oom_fix", by=by).strip()
    return score, ScreenAnalysis("oom_kill", "Killed (out of memory)", message, [], [fix])


def _gib(kib: int) -> str:
    return f"{kib / 1024 ** 2:.1f} GiB" if kib >= 1024 ** 2 else f"{kib / 1024:.0f} MiB"


__all__ = ["find_oom_kill"]
