"""apt/dpkg's lock error: another package manager is running.

    E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 2841 (unattended-upgr)

The usual fix is to wait: on Debian and Ubuntu the holder is most often the automatic security updates
(``unattended-upgr``, its name cut to 15 characters), which finish within minutes. The 1.5B told the
user to stop that service and delete the lock file, which apt itself warns "may break your system".
"""

from __future__ import annotations

import re

from assistant.tools.ocr.screen_analysis import ScreenAnalysis

_LOCK = re.compile(r"Could\s+not\s+get\s+lock\s+(?P<path>/var/\S+?)\.?\s+It\s+is\s+held\s+by\s+process\s+(?P<pid>\d+)"
                   r"(?:\s*\((?P<name>[^)]+)\))?|Could\s+not\s+get\s+lock\s+(?P<path2>/var/\S+?)[.\s]", re.IGNORECASE)


def find_package_lock(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    from assistant.prompts import render

    for line in lines:
        if m := _LOCK.search(line):
            name = (m["name"] or "").strip()
            fix = render("ocr", "apt_fix_lock", pid=m["pid"] or "", name=name,
                         updates=name.startswith(("unattended", "apt.systemd", "packagekit"))).strip()
            message = f"{m['path'] or m['path2']} is held by process {m['pid']}" + (f" ({name})" if name else "") \
                if m["pid"] else f"{m['path2']} is locked"
            return 7, ScreenAnalysis("shell_error", "Could not get lock", message, [], [fix])
    return 0, ScreenAnalysis("shell_error")


__all__ = ["find_package_lock"]
