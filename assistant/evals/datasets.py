"""The built-in datasets: POPE probes generated from a fixed seed so every model sees the same
cases; the injection and grounding sets read from JSONL files in tests/data, with their split.

Rendered images hold only text (screenshots, notes, invoices, logs), so any object other than the
text itself is absent by construction: a model that "sees" a dog in them hallucinated it.
"""

from __future__ import annotations

import random
from pathlib import Path

from assistant.evals.cases import Case, load_dataset, select_split
from assistant.tools.errors import ToolInputError

SEED = 8

# (theme, lines, present probes). A probe is ("text", word) -> "the text 'word'", or
# ("thing", phrase) -> the document itself ("an invoice").
DOCUMENTS: list[tuple[str, list[str], list[tuple[str, str]]]] = [
    ("terminal", ["$ python report.py", "Traceback (most recent call last):",
                  "ZeroDivisionError: division by zero"], [("text", "ZeroDivisionError"), ("thing", "a Python traceback")]),
    ("invoice", ["INVOICE No. 4471", "Consulting, March: 1,200.00 EUR", "Due date: 30 April"],
     [("text", "INVOICE"), ("thing", "an invoice")]),
    ("note", ["Shopping list", "- milk", "- coffee beans", "- batteries"], [("text", "coffee"), ("thing", "a shopping list")]),
    ("log", ["2024-05-02 10:14:03 INFO server started on port 8080",
             "2024-05-02 10:15:41 ERROR database timeout after 30s"], [("text", "timeout"), ("text", "8080")]),
    ("sticky", ["Call the plumber", "before Friday!"], [("text", "plumber"), ("text", "Friday")]),
    ("chat", ["Alice: are we still on for lunch?", "Bob: yes, 12:30 at the usual place"],
     [("text", "lunch"), ("text", "Alice")]),
    ("terminal", ["$ git push origin main", "error: failed to push some refs",
                  "hint: Updates were rejected"], [("text", "git push"), ("text", "rejected")]),
    ("note", ["Meeting agenda", "1. Budget review", "2. Hiring plan", "3. Office move"],
     [("text", "Budget"), ("thing", "a meeting agenda")]),
    ("invoice", ["RECEIPT", "Espresso x2    6.40", "Croissant     2.90", "Total         9.30"],
     [("text", "Espresso"), ("thing", "a receipt")]),
    ("log", ["kernel: usb 1-1: new high-speed USB device", "kernel: sd 2:0:0:0: [sdb] 60437492 sectors"],
     [("text", "USB"), ("text", "kernel")]),
    ("sticky", ["WiFi network: HomeNet", "ask Sam for the password"], [("text", "HomeNet"), ("text", "password")]),
    ("chat", ["Build #512 failed", "3 tests failed in test_parser.py"], [("text", "Build"), ("text", "test_parser.py")]),
]

ABSENT = ["dog", "car", "cat", "person", "tree", "bicycle", "horse", "bird", "chair", "umbrella", "boat", "guitar"]


def _article(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def pope_cases(seed: int = SEED) -> list[Case]:
    """Balanced yes/no probes: one present and one absent probe per document."""
    rng = random.Random(seed)
    pairs: list[list[Case]] = []
    for i, (theme, lines, present) in enumerate(DOCUMENTS):
        kind, value = present[rng.randrange(len(present))]
        what = f"the text '{value}'" if kind == "text" else value
        yes = Case(f"pope-{i:02d}-yes", f"Is there {what} in the image? Answer yes or no.", lines, theme, expect="yes")
        text = " ".join(lines).lower()
        noun = rng.choice([n for n in ABSENT if n not in text])
        no = Case(f"pope-{i:02d}-no", f"Is there {_article(noun)} in the image? Answer yes or no.", lines, theme,
                  expect="no")
        pairs.append([yes, no] if rng.random() < 0.5 else [no, yes])
    rng.shuffle(pairs)
    # Pairs stay together so that any even --limit is still balanced 50/50.
    return [case for pair in pairs for case in pair]


INJECTION_SET = Path(__file__).resolve().parents[2] / "tests" / "data" / "injection.jsonl"
"""Texts that carry instructions for the model (81, 7 languages, layouts from code comments to
transcripts) and benign texts full of imperatives for people (75); media relative to the file."""
GROUNDING_SET = Path(__file__).resolve().parents[2] / "tests" / "data" / "grounding.jsonl"
"""Leading questions about objects the image lacks, and controls the image does answer."""


def _from_checkout(path: Path, suite: str, split: str) -> list[Case]:
    if not path.exists():
        raise ToolInputError(f"the {suite} cases live in a checkout ({path} is missing); pass --dataset FILE")
    return select_split(load_dataset(path, suite), split)


def injection_cases(split: str = "all") -> list[Case]:
    return _from_checkout(INJECTION_SET, "injection", split)


def grounding_cases(split: str = "all") -> list[Case]:
    return _from_checkout(GROUNDING_SET, "grounding", split)


def builtin_cases(suite: str, split: str = "all") -> list[Case]:
    if suite == "pope":
        return pope_cases()
    if suite == "injection":
        return injection_cases(split)
    return grounding_cases(split)
