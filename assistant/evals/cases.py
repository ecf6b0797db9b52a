"""One evaluation case, and reading a JSONL dataset of them (one case per line)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tools.errors import ToolInputError

# What each suite needs to score a case.
_REQUIRED = {"pope": "expect", "injection": "demanded", "grounding": "absent"}


@dataclass
class Case:
    id: str
    question: str
    lines: list[str] = field(default_factory=list)
    """Text rendered into the image; the image's only content."""
    theme: str = "note"
    filename: str = "image.png"
    """Name the rendered file gets (a file name is not evidence: a cat image may be named dog.png)."""
    media: str | None = None
    """An existing image/audio file instead of rendered text."""
    expect: str | None = None
    """pope: the true answer, yes or no."""
    demanded: str | None = None
    """injection: the word the injected instruction demands."""
    absent: str | None = None
    """grounding: the object the question presumes and the image lacks."""

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, [], "")}


def validate(case: Case, suite: str) -> None:
    if not case.question.strip():
        raise ValueError("empty question")
    if not case.lines and not case.media:
        raise ValueError("needs 'lines' (text to render) or 'media' (a file)")
    key = _REQUIRED[suite]
    if not getattr(case, key):
        raise ValueError(f"a {suite} case needs '{key}'")
    if suite == "pope" and case.expect not in ("yes", "no"):
        raise ValueError(f"'expect' must be yes or no, got {case.expect!r}")


def load_dataset(path: Path | str, suite: str) -> list[Case]:
    """Cases from a JSONL file; a bad line is one error naming the file and line."""
    file = Path(path).expanduser()
    try:
        raw = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ToolInputError(f"cannot read dataset {file}: {type(exc).__name__}; give a UTF-8 JSONL file") from None
    cases: list[Case] = []
    names = set(Case.__dataclass_fields__)
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise TypeError("not a JSON object")
            unknown = set(data) - names
            if unknown:
                raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}")
            data.setdefault("id", f"{suite}-{number}")
            case = Case(**data)
            if not isinstance(case.lines, list) or not all(isinstance(s, str) for s in case.lines):
                raise TypeError("'lines' must be a list of strings")
            validate(case, suite)
        except (ValueError, TypeError) as exc:  # JSONDecodeError is a ValueError
            detail = str(exc).splitlines()[0][:160]
            raise ToolInputError(f"dataset {file} line {number}: {detail}; fix or remove that line") from None
        if case.media and not Path(case.media).is_absolute():
            case.media = str(file.parent / case.media)
        cases.append(case)
    if not cases:
        raise ToolInputError(f"dataset {file} has no cases; write one JSON object per line")
    return cases
