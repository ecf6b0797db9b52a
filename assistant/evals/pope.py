"""`assistant eval pope`: POPE on real photos, three responders side by side.

    result = run_pope(settings, split="heldout")     # PopeResult: metrics per sampling and responder
    print(pope_table(result))

Each question ("Is there a dog in the image?") is a real turn through the session with the photo
attached, in a fresh session of an eval-only home (assistant/evals/runner.py, eval_settings):

- with vision tools: the configured model (the embedded default) with `see` on; a presence
  question about a photo is answered from the detector and classifier findings;
- without vision tools: the same model, `see` off (sight.enabled = false): OCR text only;
- always yes: POPE's trivial baseline, no turn.

The "yes" questions are shared by the three samplings (random, popular, adversarial), and a
"no" question drawn by two samplings is asked once: each distinct question is one turn per
responder. Metrics per sampling: accuracy, precision, recall, F1 and the share of "yes".
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assistant.evals.pope_set import SAMPLINGS, Photo, PopeQuestion, file_sha256, load_photos, pope_questions
from assistant.evals.scoring import parse_yes_no, pope_metrics
from assistant.tools.errors import ToolInputError

RESPONDERS = ("with vision tools", "without vision tools", "always yes")
COLUMNS = ("accuracy", "precision", "recall", "f1", "yes_ratio")


@dataclass
class PopeRow:
    question: PopeQuestion
    responder: str
    answer: str
    verdict: str
    seconds: float
    error: str = ""
    model_called: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.question.id, "photo": self.question.photo.file, "question": self.question.text,
                "expect": self.question.expect, "samplings": list(self.question.samplings),
                "responder": self.responder, "answer": self.answer, "verdict": self.verdict,
                "seconds": round(self.seconds, 2), "error": self.error, "model_called": self.model_called}


@dataclass
class PopeResult:
    split: str
    model: str
    photos: list[Photo]
    rows: list[PopeRow]
    skipped: list[str] = field(default_factory=list)

    def metrics(self) -> dict[str, dict[str, dict[str, Any]]]:
        """sampling -> responder -> metrics (n, accuracy, precision, recall, f1, yes_ratio)."""
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for sampling in SAMPLINGS:
            out[sampling] = {}
            for responder in dict.fromkeys(r.responder for r in self.rows):
                rows = [r for r in self.rows if r.responder == responder and sampling in r.question.samplings]
                if rows:
                    m = pope_metrics([r.question.expect for r in rows], [r.verdict for r in rows]).to_dict()
                    out[sampling][responder] = {**m, "errors": sum(bool(r.error) for r in rows)}
        return out

    def to_dict(self) -> dict[str, Any]:
        seconds: dict[str, float] = {}
        for responder in dict.fromkeys(r.responder for r in self.rows):
            rows = [r for r in self.rows if r.responder == responder]
            seconds[responder] = round(sum(r.seconds for r in rows) / len(rows), 2)
        return {"suite": "pope", "split": self.split, "model": self.model, "photos": len(self.photos),
                "questions": len({r.question.id for r in self.rows}), "skipped_photos": self.skipped,
                "results": self.metrics(), "seconds_per_question": seconds,
                "cases": [r.to_dict() for r in self.rows]}


def available_photos(split: str, limit: int | None) -> tuple[list[Photo], list[Photo], list[str]]:
    """(the whole labelled set, the split's photos that are there, lines for those skipped)."""
    photos = load_photos()
    chosen = [p for p in photos if split in ("all", p.split)]
    skipped = [f"{p.file} (missing: run bash scripts/fetch_media.sh)" for p in chosen if not p.path.is_file()]
    skipped += [f"{p.file} (sha256 differs: run bash scripts/fetch_media.sh)" for p in chosen
                if p.path.is_file() and file_sha256(p.path) != p.sha256]
    ready = [p for p in chosen if p.path.is_file() and file_sha256(p.path) == p.sha256]
    if not ready:
        raise ToolInputError("no POPE photos are there (tests/data/external/pope): run bash scripts/fetch_media.sh")
    return photos, ready[:limit] if limit else ready, skipped


def ask(app: Any, question: PopeQuestion, model: str | None, responder: str) -> PopeRow:
    from assistant.events import AnswerDone, TurnFailed
    from assistant.presence_turn import PRESENCE_NOTE
    from assistant.session import Turn

    started = time.perf_counter()
    for event in app.session().send(Turn(question.text, [question.photo.path], model)):
        if isinstance(event, AnswerDone):
            return PopeRow(question, responder, event.text, parse_yes_no(event.text),
                           time.perf_counter() - started, model_called=PRESENCE_NOTE not in event.notes)
        if isinstance(event, TurnFailed):
            return PopeRow(question, responder, event.partial_text, "no", time.perf_counter() - started,
                           error=event.error)
    return PopeRow(question, responder, "", "no", time.perf_counter() - started, error="turn ended without an answer")


def run_pope(settings: Any, split: str = "heldout", model: str | None = None, limit: int | None = None,
             on_row: Callable[[PopeRow], None] | None = None, responders: tuple[str, ...] = RESPONDERS) -> PopeResult:
    from assistant.app import make_app
    from assistant.evals.runner import eval_settings

    everything, photos, skipped = available_photos(split, limit)
    wanted = {p.id for p in photos}
    questions = [q for q in pope_questions(everything, split) if q.photo.id in wanted]
    base = eval_settings(settings)
    rows: list[PopeRow] = []
    label = model or settings.model
    for responder in responders:
        if responder == "always yes":
            rows += [PopeRow(q, responder, "Yes.", "yes", 0.0, model_called=False) for q in questions]
            continue
        sight = base.sight.model_copy(update={"enabled": responder == "with vision tools"})
        app = make_app(base.model_copy(update={"sight": sight}))
        try:
            for question in questions:
                row = ask(app, question, model, responder)
                rows.append(row)
                if on_row:
                    on_row(row)
            label = _model_label(app, model) or label
        finally:
            app.close()
    return PopeResult(split, label, photos, rows, skipped)


def _model_label(app: Any, model: str | None) -> str:
    try:
        return app.models.resolve(model).label
    except Exception:  # noqa: BLE001 - only for the report's heading
        return ""


def pope_table(result: PopeResult) -> str:
    data = result.to_dict()
    out = [f"== pope · {result.split} · {data['photos']} photos · {data['questions']} questions · {result.model}"]
    out += [f"skipped: {line}" for line in result.skipped]
    out.append(f"{'sampling':12} {'responder':22} {'n':>4}" + "".join(f"{c:>10}" for c in COLUMNS))
    for sampling, by_responder in data["results"].items():
        for responder, m in by_responder.items():
            out.append(f"{sampling:12} {responder:22} {m['n']:>4}" + "".join(f"{m[c]:10.3f}" for c in COLUMNS))
    out.append("seconds per question: " + ", ".join(f"{k} {v}" for k, v in data["seconds_per_question"].items()))
    return "\n".join(out)


def run_command(args: Any, ctx: Any) -> int:
    """`assistant eval pope [--split S] [--limit N] [--model M] [--json]`: --limit counts photos."""
    import json
    import sys

    split = args.split

    def progress(row: PopeRow) -> None:
        if not args.quiet:
            status = "failed" if row.error else f"{row.verdict} (expect {row.question.expect})"
            print(f"[{row.responder}] {row.question.id} {status} in {row.seconds:.1f}s", file=sys.stderr, flush=True)

    result = run_pope(ctx.settings, split, args.model, args.limit, progress)
    print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) if args.json else pope_table(result))
    return 0


__all__ = ["RESPONDERS", "PopeResult", "PopeRow", "pope_table", "run_command", "run_pope"]
