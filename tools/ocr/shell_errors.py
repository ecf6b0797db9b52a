"""Shell errors on screen: a script that is not executable, a command that is not installed.

    find_shell_errors(["bash: ./backup.sh: Permission denied"])
    # [ShellError(error="Permission denied", subject="./backup.sh", fix="not_executable")]

The usual fix for each is well known and easy to get wrong from the message alone ("run it with
sudo" does not make a file executable), so each error carries the key of its fix, worded in
prompts/ocr.yaml (``shell_fix_<key>``). OCR may drop the dash of a login shell ("-bash").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ERRORS = r"permission denied|command not found|no such file or directory|not found"
_SHELL = r"-?(?P<shell>bash|sh|zsh|dash|ksh|fish|sudo)(?::\s*(?:line\s*)?\d+)?"
# bash, sh, sudo: "bash: ./x.sh: Permission denied", "sh: 1: foo: not found"
_SUBJECT_FIRST = re.compile(rf"^\s*{_SHELL}:\s*(?P<subject>[^:]+?):\s*(?P<error>{_ERRORS})\s*$", re.IGNORECASE)
# zsh, fish: "zsh: permission denied: ./x.sh", "zsh: command not found: foo"
_ERROR_FIRST = re.compile(rf"^\s*{_SHELL}:\s*(?P<error>{_ERRORS}):\s*(?P<subject>\S+)\s*$", re.IGNORECASE)
# a script's own error: "./deploy.sh: line 12: rsync: command not found"
_IN_SCRIPT = re.compile(
    rf"^\s*(?P<script>[^\s:]+):\s*line\s*(?P<line>\d+):\s*(?P<subject>[^:]+?):\s*(?P<error>{_ERRORS})\s*$",
    re.IGNORECASE)
_SCRIPT = re.compile(r"^\.{1,2}/|\.(?:sh|bash|py|pl|rb)$")
"""A path run as a program: "./backup.sh", "deploy.sh". "/etc/hosts: Permission denied" is more
often a redirection to a file the user may not write."""


@dataclass(frozen=True)
class ShellError:
    error: str
    """As bash prints it: "Permission denied", "command not found", "No such file or directory"."""
    subject: str
    """The file or command the shell could not run."""
    fix: str
    """Key of the usual fix: prompts/ocr.yaml ``shell_fix_<fix>``."""
    script: str = ""
    """The script whose line failed, when a script's own error names one."""
    line: int | None = None


def find_shell_errors(lines: list[str]) -> list[ShellError]:
    """The shell errors in screen lines, in the order printed."""
    found = []
    for line in lines:
        m = _SUBJECT_FIRST.match(line) or _ERROR_FIRST.match(line) or _IN_SCRIPT.match(line)
        if m is None:
            continue
        error = m["error"].lower()
        error = "command not found" if error == "not found" else error
        subject = m["subject"].strip()
        shell = (m.groupdict().get("shell") or "").lower()
        script = m.groupdict().get("script") or ""
        found.append(ShellError(error[0].upper() + error[1:], subject, _fix(shell, error, subject), script,
                                int(m["line"]) if script else None))
    return found


def _fix(shell: str, error: str, subject: str) -> str:
    if error == "permission denied":
        return "not_executable" if _SCRIPT.search(subject) else "no_permission"
    if error == "command not found":
        return "sudo_path" if shell == "sudo" and _SCRIPT.search(subject) else "not_installed"
    return "missing_file"


__all__ = ["ShellError", "find_shell_errors"]
