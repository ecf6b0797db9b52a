"""Errors of servers and infrastructure tools that read a configuration: nginx, Apache, Terraform, make.

    nginx: [emerg] unexpected "}" in /etc/nginx/sites-enabled/shop.conf:23
    AH00526: Syntax error on line 12 of /etc/apache2/sites-enabled/shop.conf:
    │ Error: Error acquiring the state lock        (Terraform, with "Who:" and "ID:" below)
    │   on main.tf line 12, in resource "aws_instance" "web":
    Makefile:13: *** missing separator.  Stop.

Each is well known and its message misleads a reader in the same way every time (nginx's
"unexpected }" is almost always a missing ";" on the line before), so each carries its usual fix,
worded in prompts/ocr.yaml (``config_fix_<key>``).
"""

from __future__ import annotations

import re

from assistant.tools.ocr.screen_analysis import CodeLocation, ScreenAnalysis

_Q = "[\"'\u201c\u201d`]"
_NGINX = re.compile(r"nginx:\s*\[(?P<level>emerg|alert|crit|error)\]\s*(?P<msg>.+?)(?:\s+in\s+(?P<path>/\S+?):(?P<line>\d+))?\s*$")
_APACHE = re.compile(r"(?:AH\d+:\s*)?Syntax error on line (?P<line>\d+) of (?P<path>/\S+?):?\s*$")
_TF_ERROR = re.compile(r"^[\s│|]*Error:\s*(?P<msg>.+?)\s*$")
_TF_WHERE = re.compile(r"^[\s│|]*on (?P<path>\S+\.tf(?:\.json)?) line (?P<line>\d+)")
_TF_FIELD = re.compile(r"^[\s│|]*(?P<key>ID|Who|Path|Operation):\s*(?P<value>\S.*?)\s*$")
_MAKE = re.compile(r"^\s*(?:(?P<path>[\w./-]*(?:[Mm]akefile|\.mk)):(?P<line>\d+):|g?make(?:\[\d+\])?:)\s*\*\*\*\s*"
                   r"(?P<msg>(?![\s\[]).+?)\s*(?:Stop\.)?\s*$")
_MAKE_TARGET = re.compile(rf"No rule to make target\s*{_Q}(?P<t>[^'\u2019\u201d\"`]+)")
_MAKE_FIXES = (
    (re.compile(r"missing separator"), "make_separator"),
    (re.compile(r"No rule to make target"), "make_no_rule"),
)
_NGINX_FIXES = (
    (re.compile(rf"unexpected\s*{_Q}?\}}"), "nginx_unexpected_brace"),
    (re.compile(r"unexpected end of file"), "nginx_unexpected_eof"),
    (re.compile(rf"unknown directive\s*{_Q}?(?P<subject>[\w.-]+)"), "nginx_unknown_directive"),
    (re.compile(r"bind\(\) to (?P<subject>\S+) failed \(98"), "port_in_use"),
)


def find_config_error(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    return max((_nginx(lines), _apache(lines), _terraform(lines), _make(lines)), key=lambda found: found[0])


def _make(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    """GNU make's own errors: "Makefile:13: *** missing separator.  Stop." names the line; "No rule
    to make target 'x.o'" names the file it could not find or build."""
    from assistant.prompts import render

    for line in lines:
        if m := _MAKE.search(line):
            message = m["msg"].strip().rstrip(".").strip()
            key = next((k for pattern, k in _MAKE_FIXES if pattern.search(message)), None)
            subject = (_MAKE_TARGET.search(message) or {"t": ""})["t"] if key == "make_no_rule" else ""
            fixes = [render("ocr", f"config_fix_{key}", subject=subject).strip()] if key else []
            where = [CodeLocation(m["path"], int(m["line"]))] if m["path"] and m["line"] else []
            return 5 if key else 3, ScreenAnalysis("config_error", "make error", message, where, fixes)
    return 0, ScreenAnalysis("config_error")


def _nginx(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    from assistant.prompts import render

    for line in lines:
        if m := _NGINX.search(line):
            where = [CodeLocation(m["path"], int(m["line"]))] if m["path"] else []
            fixes = [render("ocr", f"config_fix_{key}", subject=found.groupdict().get("subject") or "",
                            where=f"{where[0].path.rsplit('/', 1)[-1]}, line {where[0].line}" if where else "").strip()
                     for pattern, key in _NGINX_FIXES if (found := pattern.search(m["msg"]))]
            return 5, ScreenAnalysis("config_error", f"nginx [{m['level']}]", m["msg"], where, fixes[:1])
    return 0, ScreenAnalysis("config_error")


def _apache(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    for i, line in enumerate(lines):
        if m := _APACHE.search(line):
            message = lines[i + 1].strip() if i + 1 < len(lines) else ""
            return 5, ScreenAnalysis("config_error", "Apache syntax error", message or None,
                                     [CodeLocation(m["path"], int(m["line"]))])
    return 0, ScreenAnalysis("config_error")


def _terraform(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    from assistant.prompts import render

    message: str | None = None
    where: list[CodeLocation] = []
    fields: dict[str, str] = {}
    for line in lines:
        if message is None and (m := _TF_ERROR.match(line)):
            message = m["msg"]
        elif m := _TF_WHERE.match(line):
            where.append(CodeLocation(m["path"], int(m["line"])))
        elif m := _TF_FIELD.match(line):
            fields.setdefault(m["key"].lower(), m["value"])
    if message is None or not (where or fields or any("terraform" in line.lower() for line in lines)):
        return 0, ScreenAnalysis("config_error")
    fixes = []
    if "state lock" in message.lower():
        fixes.append(render("ocr", "config_fix_state_lock", who=fields.get("who", ""), lock_id=fields.get("id", "")).strip())
    return 3 + 2 * min(len(where) + len(fields), 2), ScreenAnalysis("config_error", "Terraform error", message,
                                                                     where[:1], fixes)


__all__ = ["find_config_error"]
