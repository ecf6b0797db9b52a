"""Run the everyday cases as real turns and record what each turn did.

Per case: right or wrong, the tool calls made (name and origin: ``attachment``, read before the
model ran, or ``model``), which tool schemas reached the model, first-token and total time.
Plain and media cases share one eval-only home with memory off; a memory or image-search case
gets a fresh home of its own (memory on there), set up before its question is asked. One model
factory serves every case, so the model loads once.
"""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.evals.everyday import CATEGORIES, EverydayCase, is_right, missing_files


@dataclass
class ToolUse:
    name: str
    origin: str
    """attachment: an attachment read before the model ran; plan: run before the model because the
    question called for it (e.g. image search); model: the model asked for it."""
    ok: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "origin": self.origin, "ok": self.ok}


@dataclass
class EverydayRow:
    case: EverydayCase
    answer: str = ""
    right: bool = False
    error: str = ""
    skipped: str = ""
    """Why the case did not run (its media could not be fetched); not counted as right or wrong."""
    tool_calls: list[ToolUse] = field(default_factory=list)
    offered_tools: list[str] | None = None
    """Tool schemas that reached the model; None when the pipeline does not report them."""
    first_token: float | None = None
    total: float | None = None
    setup_seconds: float = 0.0
    """Saving memories / indexing images for the case, before the turn (not in total)."""
    notes: list[str] = field(default_factory=list)
    model: str = ""

    @property
    def ran(self) -> bool:
        return not self.skipped

    def model_calls(self) -> list[str]:
        return [t.name for t in self.tool_calls if t.origin == "model"]

    def router_mistakes(self) -> list[str]:
        """How the turn's tool routing went wrong for this case (empty: it did not)."""
        if not self.ran or self.error:
            return []
        out = []
        if self.case.plain:
            if self.offered_tools:
                out.append("plain question offered tools")
            if self.tool_calls:
                out.append("plain question made tool calls")
        need = self.case.needed_tool
        if need and self.offered_tools is not None and need not in self.offered_tools and not self.ran_first():
            out.append(f"needed {need} not offered")
        return out

    def read_first(self) -> bool:
        """The attachment was read before the model ran (by whichever reader the pipeline chose)."""
        return any(t.origin == "attachment" for t in self.tool_calls)

    def ran_first(self) -> bool:
        """A tool ran before the model (an attachment reading, or one the turn's plan ran): the
        model needed no schema for what it did."""
        return any(t.origin != "model" for t in self.tool_calls)

    def need_served(self) -> bool:
        need = self.case.needed_tool
        return not need or self.read_first() or need in [t.name for t in self.tool_calls]

    def offered_after_reading(self) -> bool:
        """Offered tool schemas although the attachment was already read (prefill that buys nothing)."""
        return bool(self.offered_tools) and self.read_first()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.case.id, "split": self.case.split, "category": self.case.category, "kind": self.case.kind,
            "question": self.case.question, "answer": self.answer, "right": self.right, "error": self.error,
            "skipped": self.skipped, "tool_calls": [t.to_dict() for t in self.tool_calls],
            "offered_tools": self.offered_tools, "router_mistakes": self.router_mistakes(),
            "first_token": _round(self.first_token), "total": _round(self.total),
            "setup_seconds": round(self.setup_seconds, 2), "notes": self.notes, "model": self.model,
        }


@dataclass
class EverydayResult:
    model: str
    split: str
    rows: list[EverydayRow]
    metrics: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"suite": "everyday", "model": self.model, "split": self.split, "metrics": self.metrics,
                "cases": [r.to_dict() for r in self.rows]}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def tool_uses(calls: list[dict[str, Any]]) -> list[ToolUse]:
    """Tool calls from ``AnswerDone.tool_calls``; without an ``origin`` key (older pipeline), a
    ``pre_`` id marks an attachment reading."""
    out = []
    for call in calls:
        origin = call.get("origin") or ("attachment" if str(call.get("id", "")).startswith("pre_") else "model")
        out.append(ToolUse(str(call.get("name", "?")), origin, bool(call.get("ok", True))))
    return out


def record(row: EverydayRow, event: Any) -> None:
    """Fill a row from an ``AnswerDone`` (fields a pipeline lacks are left unknown)."""
    row.answer = event.text
    row.model = event.model
    row.notes = list(event.notes)
    row.tool_calls = tool_uses(event.tool_calls)
    offered = getattr(event, "offered_tools", None)
    row.offered_tools = list(offered) if offered is not None else None
    row.first_token = event.timings.get("first_token")
    row.total = event.timings.get("total")
    row.right = is_right(row.case, row.answer)


def everyday_settings(settings: Any) -> Any:
    from assistant.evals.runner import eval_settings

    return eval_settings(settings).model_copy(update={"home": settings.home / "evals" / "everyday"})


def case_settings(base: Any, case: EverydayCase) -> Any:
    """A fresh home for one case, memory on, every store local to it (not the user's server)."""
    home = base.home / "cases" / case.id
    shutil.rmtree(home, ignore_errors=True)
    return base.model_copy(update={
        "home": home,
        "memory": base.memory.model_copy(update={"enabled": True, "chroma_host": None}),
        "image_search": base.image_search.model_copy(update={"index_path": None, "chroma_host": None}),
    })


def _app(settings: Any, models: Any) -> Any:
    from assistant.app import make_app

    app = make_app(settings)
    app.models = models  # one factory for every case: the model loads once
    return app


def _set_up(app: Any, case: EverydayCase) -> str:
    """Save the case's memories and index its pictures; returns an error or ""."""
    for fact in case.memory:
        result = app.engines.memory.add(fact, source="eval")
        if result.memory is None:
            return f"memory refused the seed fact {fact!r}: {result.reason}"
    if case.index:
        from assistant.evals.images import render_lines

        folder = app.settings.home / "pictures"
        folder.mkdir(parents=True, exist_ok=True)
        for entry in case.index:
            if isinstance(entry, str):
                shutil.copy(entry, folder / Path(entry).name)
            else:
                render_lines(entry["lines"], entry.get("theme", "note")).save(folder / entry["name"])
        index = app.engines.open_image_index()
        try:
            index.update([folder])
        finally:
            index.close()
    return ""


def _attachment(case: EverydayCase, cache: Path) -> list[Path]:
    from assistant.evals.cases import Case
    from assistant.evals.images import media_for

    if case.media:
        return [Path(case.media)]
    if case.lines:
        return [media_for(Case(case.id, case.question, case.lines, case.theme, case.filename), cache)]
    return []


def run_case(app: Any, case: EverydayCase, model: str | None) -> EverydayRow:
    from assistant.events import AnswerDone, TurnFailed
    from assistant.session import Turn

    row = EverydayRow(case)
    attachments = _attachment(case, app.settings.home / "cache" / "eval-media")
    started = time.perf_counter()
    for event in app.session().send(Turn(case.question, attachments, model)):
        if isinstance(event, AnswerDone):
            record(row, event)
            return row
        if isinstance(event, TurnFailed):
            row.answer, row.error = event.partial_text, event.error
            row.total = time.perf_counter() - started
            return row
    row.error = "turn ended without an answer"
    return row


def run_everyday(settings: Any, cases: list[EverydayCase], model: str | None = None, models: Any = None,
                 on_case: Callable[[EverydayRow], None] | None = None, split: str = "all") -> EverydayResult:
    """Run ``cases`` under ``settings`` (the user's; eval homes are made under its home)."""
    from assistant.models.registry import ModelFactory

    base = everyday_settings(settings)
    own_models = models is None
    models = models if models is not None else ModelFactory(base)
    shared = None
    rows: list[EverydayRow] = []
    try:
        for case in cases:
            missing = missing_files(case)
            if missing:
                row = EverydayRow(case, skipped=f"missing {missing[0]}: run scripts/fetch_media.sh")
            elif case.memory or case.index:
                app = _app(case_settings(base, case), models)
                try:
                    started = time.perf_counter()
                    error = _set_up(app, case)
                    setup = time.perf_counter() - started
                    row = EverydayRow(case, error=error) if error else run_case(app, case, model)
                    row.setup_seconds = setup
                finally:
                    app.store.close()
            else:
                shared = shared or _app(base, models)
                row = run_case(shared, case, model)
            rows.append(row)
            if on_case:
                on_case(row)
    finally:
        if shared is not None:
            shared.store.close()
        if own_models:
            models.close()
    label = next((r.model for r in rows if r.model), model or settings.model)
    return EverydayResult(label, split, rows, summarise(rows))


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(statistics.median(present), 3) if present else None


def summarise(rows: list[EverydayRow]) -> dict[str, Any]:
    ran = [r for r in rows if r.ran]
    per_category = {}
    for category in CATEGORIES:
        mine = [r for r in rows if r.case.category == category]
        if not mine:
            continue
        done = [r for r in mine if r.ran]
        right = sum(r.right for r in done)
        per_category[category] = {
            "n": len(mine), "ran": len(done), "skipped": len(mine) - len(done), "right": right,
            "accuracy": round(right / len(done), 4) if done else None,
            "median_first_token": _median([r.first_token for r in done]),
            "median_total": _median([r.total for r in done]),
        }
    plain = [r for r in ran if r.case.plain and not r.error]
    needing = [r for r in ran if r.case.needed_tool and not r.error]
    offered_known = any(r.offered_tools is not None for r in ran)
    right = sum(r.right for r in ran)
    return {
        "n": len(rows), "ran": len(ran), "skipped": len(rows) - len(ran), "errors": sum(bool(r.error) for r in ran),
        "right": right, "accuracy": round(right / len(ran), 4) if ran else None,
        "per_category": per_category,
        "router": {
            "offered_tools_reported": offered_known,
            "plain_cases": len(plain),
            "plain_offered_tools": sum(bool(r.offered_tools) for r in plain),
            "plain_made_tool_calls": sum(bool(r.tool_calls) for r in plain),
            "needing_tool_cases": len(needing),
            "needed_tool_not_offered": sum(any("not offered" in m for m in r.router_mistakes()) for r in needing),
            "needed_tool_not_used": sum(not r.need_served() for r in needing),
            "read_first_yet_offered_tools": sum(r.offered_after_reading() for r in ran if not r.error),
        },
        "median_first_token": _median([r.first_token for r in ran]),
        "median_total": _median([r.total for r in ran]),
        "setup_seconds": round(sum(r.setup_seconds for r in rows), 2),
    }
