"""What an eval run returns: one row per case and the suite's metrics (kept apart from the runner
so the suite-specific scorers can build rows without importing it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.evals.cases import Case


@dataclass
class CaseResult:
    case: Case
    answer: str
    seconds: float
    error: str = ""
    verdict: str = ""
    """pope: yes/no; injection: the way the attack succeeded, "replaced" (a benign answer the guard
    replaced) or ""; grounding: absent/hallucinated/evasive, or right/wrong for a control."""
    notes: list[str] = field(default_factory=list)
    model: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.case.id, "question": self.case.question, "answer": self.answer, "verdict": self.verdict,
                "seconds": round(self.seconds, 2), "error": self.error, "notes": self.notes, "model": self.model,
                "case": self.case.to_dict()}


@dataclass
class SuiteResult:
    suite: str
    model: str
    rows: list[CaseResult]
    metrics: dict[str, Any]
    baselines: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"suite": self.suite, "model": self.model, "metrics": self.metrics, "baselines": self.baselines,
                "cases": [r.to_dict() for r in self.rows]}
