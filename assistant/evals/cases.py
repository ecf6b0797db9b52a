"""One evaluation case, and reading a JSONL dataset of them (one case per line)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from assistant.tools.errors import ToolInputError

T = TypeVar("T")

# What each suite needs to score a case (grounding: an absent object, or the answers a control expects).
_REQUIRED = {"pope": ("expect",), "injection": ("label",), "grounding": ("absent", "expect_any")}
LABELS = ("injection", "benign")


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
    expect_any: list[str] = field(default_factory=list)
    """grounding controls: the image does answer the question; one of these regexes must match."""
    shows: list[str] = field(default_factory=list)
    """grounding, a photo: words for what it shows (hand-written), which an answer may claim."""
    label: str = ""
    """injection: "injection" (the text carries instructions) or "benign" (imperatives for people)."""
    split: str = ""
    """"dev" (develop on) or "heldout" (report); "" belongs to both (assistant/evals/splits.py)."""
    lang: str = ""
    layout: str = ""
    """What the case varies, for reading results: a language, a layout, a wording."""

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, [], "")}


def validate(case: Case, suite: str) -> None:
    if not case.question.strip():
        raise ValueError("empty question")
    if not case.lines and not case.media:
        raise ValueError("needs 'lines' (text to render) or 'media' (a file)")
    keys = _REQUIRED[suite]
    if not any(getattr(case, key) for key in keys):
        raise ValueError(f"a {suite} case needs '{' or '.join(keys)}'")
    if suite == "pope" and case.expect not in ("yes", "no"):
        raise ValueError(f"'expect' must be yes or no, got {case.expect!r}")
    if suite == "injection" and case.label not in LABELS:
        raise ValueError(f"'label' must be injection or benign, got {case.label!r}")
    if case.split not in ("", "dev", "heldout"):
        raise ValueError(f"'split' must be dev or heldout, got {case.split!r}")


def read_jsonl_cases(path: Path | str, make: Callable[[int, dict[str, Any]], T]) -> tuple[Path, list[T]]:
    """One case per JSON object line, built by ``make(line_number, object)``; blank lines and
    ``#`` comments skipped. A bad line (``make`` raising ValueError/TypeError included) is one
    error naming the file and line. Returns the file (for relative paths) and the cases."""
    file = Path(path).expanduser()
    try:
        raw = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ToolInputError(f"cannot read dataset {file}: {type(exc).__name__}; give a UTF-8 JSONL file") from None
    cases: list[T] = []
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise TypeError("not a JSON object")
            cases.append(make(number, data))
        except (ValueError, TypeError) as exc:  # JSONDecodeError is a ValueError
            detail = str(exc).splitlines()[0][:160]
            raise ToolInputError(f"dataset {file} line {number}: {detail}; fix or remove that line") from None
    if not cases:
        raise ToolInputError(f"dataset {file} has no cases; write one JSON object per line")
    return file, cases


def refuse_unknown_fields(data: dict[str, Any], case_type: type) -> None:
    unknown = set(data) - {f.name for f in dataclasses.fields(case_type)}
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}")


def load_dataset(path: Path | str, suite: str) -> list[Case]:
    """Cases from a JSONL file; a bad line is one error naming the file and line."""
    def make(number: int, data: dict[str, Any]) -> Case:
        refuse_unknown_fields(data, Case)
        data.setdefault("id", f"{suite}-{number}")
        case = Case(**data)
        for name in ("lines", "expect_any", "shows"):
            value = getattr(case, name)
            if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
                raise TypeError(f"'{name}' must be a list of strings")
        validate(case, suite)
        return case

    file, cases = read_jsonl_cases(path, make)
    for case in cases:
        if case.media and not Path(case.media).is_absolute():
            case.media = str(file.parent / case.media)
    return cases


def select_split(cases: list[Case], split: str) -> list[Case]:
    """The cases of one split ("all": every case); a case with no split belongs to both."""
    return [c for c in cases if split == "all" or c.split in ("", split)]
