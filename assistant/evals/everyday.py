"""The everyday suite: the questions people actually ask, and how each one should be answered.

Cases live in ``tests/data/everyday.jsonl`` (one JSON object a line). Media paths are relative to
that file; recordings, scans and videos made by others are fetched into ``tests/data/external/``
by ``scripts/fetch_media.sh``, and a case whose file is missing is reported as skipped.

Fields of a case:

- ``id``, ``split`` (``dev`` to tune on, ``heldout`` to check on), ``category`` (see CATEGORIES),
  ``kind`` (plain cases: fact, arithmetic, code, units, definition, translation), ``question``;
- what it attaches: ``media`` (a file) or ``lines`` (+ ``theme``, ``filename``): text rendered
  into a screenshot at run time;
- what it needs set up in its own fresh eval home: ``memory`` (facts saved before asking) or
  ``index`` (files put in a folder and indexed for image search; an entry is a path, or
  ``{"name": ..., "lines": [...], "theme": ...}`` rendered);
- how it is scored: ``expect_any`` (at least one matches), ``expect_all`` (each matches),
  ``reject`` (none may match): regexes searched case-insensitively in the answer;
- ``tools``: ``"none"`` (a plain question: no tool calls expected) or the tool it needs.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.evals.cases import read_jsonl_cases, refuse_unknown_fields

CATEGORIES = ("plain", "screenshot", "scan", "audio", "video", "memory", "image_search")
PLAIN_KINDS = ("fact", "arithmetic", "code", "units", "definition", "translation")
SPLITS = ("dev", "heldout")
DATASET = Path(__file__).resolve().parents[2] / "tests" / "data" / "everyday.jsonl"
"""The built-in cases, in a checkout (their media are test data, not package data)."""


@dataclass
class EverydayCase:
    id: str
    split: str
    category: str
    question: str
    kind: str = ""
    media: str | None = None
    lines: list[str] = field(default_factory=list)
    theme: str = "terminal"
    filename: str = "screenshot.png"
    memory: list[str] = field(default_factory=list)
    index: list[Any] = field(default_factory=list)
    expect_any: list[str] = field(default_factory=list)
    expect_all: list[str] = field(default_factory=list)
    reject: list[str] = field(default_factory=list)
    tools: str | None = None
    """"none": the answer needs no tool; a tool name: the tool the case needs; None: no expectation."""
    source: str = ""
    """Where the media came from (a package), for the reader of the dataset."""

    @property
    def plain(self) -> bool:
        return self.tools == "none"

    @property
    def needed_tool(self) -> str | None:
        return self.tools if self.tools and self.tools != "none" else None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, [], "")}


def matches(pattern: str, answer: str) -> bool:
    return re.search(pattern, answer, re.IGNORECASE) is not None


def is_right(case: EverydayCase, answer: str) -> bool:
    """Right when one of expect_any, every expect_all and none of reject match the answer."""
    if not answer.strip():
        return False
    if case.expect_any and not any(matches(p, answer) for p in case.expect_any):
        return False
    if not all(matches(p, answer) for p in case.expect_all):
        return False
    return not any(matches(p, answer) for p in case.reject)


def validate(case: EverydayCase) -> None:
    if case.split not in SPLITS:
        raise ValueError(f"'split' must be one of {', '.join(SPLITS)}, got {case.split!r}")
    if case.category not in CATEGORIES:
        raise ValueError(f"'category' must be one of {', '.join(CATEGORIES)}, got {case.category!r}")
    if not case.question.strip():
        raise ValueError("empty question")
    if not case.expect_any and not case.expect_all:
        raise ValueError("needs 'expect_any' or 'expect_all' (regexes the right answer matches)")
    for pattern in [*case.expect_any, *case.expect_all, *case.reject]:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"bad regex {pattern!r}: {exc}") from None
    if case.category == "plain" and (case.tools != "none" or case.kind not in PLAIN_KINDS):
        raise ValueError(f"a plain case needs \"tools\": \"none\" and a 'kind' in {', '.join(PLAIN_KINDS)}")
    if case.category in ("screenshot", "scan", "audio", "video") and not (case.media or case.lines):
        raise ValueError(f"a {case.category} case needs 'media' (a file) or 'lines' (text to render)")
    if case.category == "memory" and not case.memory:
        raise ValueError("a memory case needs 'memory' (facts to save before asking)")
    if case.category == "image_search" and not case.index:
        raise ValueError("an image_search case needs 'index' (files to index before asking)")


def load_everyday(path: Path | str = DATASET) -> list[EverydayCase]:
    """Cases from a JSONL file; media paths made absolute; a bad line is one error naming it."""
    seen: set[str] = set()

    def make(number: int, data: dict[str, Any]) -> EverydayCase:
        refuse_unknown_fields(data, EverydayCase)
        data.setdefault("id", f"everyday-{number}")
        case = EverydayCase(**data)
        validate(case)
        if case.id in seen:
            raise ValueError(f"duplicate id {case.id!r}")
        seen.add(case.id)
        return case

    file, cases = read_jsonl_cases(path, make)
    for case in cases:
        case.media = _absolute(file.parent, case.media)
        case.index = [_absolute(file.parent, e) if isinstance(e, str) else e for e in case.index]
    return cases


def _absolute(base: Path, path: str | None) -> str | None:
    if path is None or Path(path).is_absolute():
        return path
    return str(base / path)


def select(cases: list[EverydayCase], split: str = "all", categories: list[str] | None = None,
           limit: int | None = None) -> list[EverydayCase]:
    chosen = [c for c in cases if split == "all" or c.split == split]
    if categories:
        chosen = [c for c in chosen if c.category in categories]
    return chosen[:limit] if limit else chosen


def missing_files(case: EverydayCase) -> list[str]:
    """Files the case needs that are not there (fetch_media.sh failed or was not run)."""
    wanted = [case.media] if case.media else []
    wanted += [e for e in case.index if isinstance(e, str)]
    return [p for p in wanted if not Path(p).is_file()]
