"""The dev/held-out rule: fixed before any guard was developed, so nobody picks which cases to check on.

Cases are grouped into strata (for example label x language); inside a stratum they are ordered
by their layout, then by the SHA-256 of their id, and alternate dev, heldout, dev, ... So each
stratum, and roughly each layout inside it, is split in halves, and the assignment of a case
follows from its id alone, not from how a guard does on it.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

SPLITS = ("dev", "heldout")


def id_hash(case_id: str) -> str:
    return hashlib.sha256(case_id.encode("utf-8")).hexdigest()


def assign_splits(cases: Iterable[T], case_id: Callable[[T], str], stratum: Callable[[T], str],
                  layout: Callable[[T], str] = lambda _: "") -> dict[str, str]:
    """{case id: "dev" | "heldout"} by the rule above."""
    groups: dict[str, list[T]] = defaultdict(list)
    for case in cases:
        groups[stratum(case)].append(case)
    split: dict[str, str] = {}
    for members in groups.values():
        ordered = sorted(members, key=lambda c: (layout(c), id_hash(case_id(c))))
        for i, case in enumerate(ordered):
            split[case_id(case)] = SPLITS[i % 2]
    return split
