"""Small built-in tools: the current time, and the files the assistant may read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class TimeResult:
    iso: str
    weekday: str
    timezone: str

    def to_dict(self) -> dict[str, Any]:
        return {"iso": self.iso, "weekday": self.weekday, "timezone": self.timezone}

    def summary(self) -> str:
        return f"{self.weekday} {self.iso}"

    def evidence_text(self) -> str:
        return f"Current local time: {self.weekday}, {self.iso} (timezone {self.timezone})"


def current_time(now: Callable[[], dt.datetime] = lambda: dt.datetime.now().astimezone()) -> TimeResult:
    moment = now()
    return TimeResult(
        iso=moment.isoformat(timespec="seconds"),
        weekday=moment.strftime("%A"),
        timezone=moment.tzname() or "local",
    )


@dataclass
class FileListing:
    files: list[tuple[str, int]]
    truncated: bool

    def to_dict(self) -> dict[str, Any]:
        return {"files": [{"path": p, "bytes": n} for p, n in self.files], "truncated": self.truncated}

    def summary(self) -> str:
        return f"{len(self.files)} file(s)" + (" (truncated)" if self.truncated else "")

    def evidence_text(self) -> str:
        if not self.files:
            return "No readable files: nothing is attached and no folders are allowed."
        lines = [f"{path} ({size} bytes)" for path, size in self.files]
        if self.truncated:
            lines.append("(more files not shown)")
        return "\n".join(lines)


def list_files(paths: list[Path], limit: int = 100) -> FileListing:
    shown = paths[:limit]
    files = []
    for path in shown:
        try:
            files.append((str(path), path.stat().st_size))
        except OSError:
            continue
    return FileListing(files=files, truncated=len(paths) > limit)
