"""`assistant eval pope|injection|grounding`: measure hallucination and injection resistance.

Each case is a real turn through the session (guards included) with the chosen model.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

SUITES = ("pope", "injection", "grounding")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="run an evaluation suite (pope, injection, grounding)")
    p.add_argument("suite", choices=SUITES, help="pope: yes/no presence probes; injection: instructions inside "
                   "images/audio; grounding: leading questions about absent objects")
    p.add_argument("--model", metavar="M", help="model to evaluate (default: the configured model)")
    p.add_argument("--limit", type=int, metavar="N", help="run only the first N cases")
    p.add_argument("--dataset", metavar="FILE", help="JSONL cases instead of the built-in set")
    p.add_argument("--json", action="store_true", help="print metrics and per-case rows as JSON")
    p.add_argument("--quiet", action="store_true", help="no per-case progress on stderr")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from assistant.app import make_app
    from assistant.evals.cases import load_dataset
    from assistant.evals.datasets import builtin_cases
    from assistant.evals.report import table
    from assistant.evals.runner import eval_settings, run_suite
    from tools.errors import ToolInputError

    if args.limit is not None and args.limit < 1:
        raise ToolInputError(f"--limit must be at least 1, got {args.limit}")
    data_dir = Path(__file__).resolve().parents[2] / "tests" / "data"  # committed speech, in a checkout
    cases = load_dataset(args.dataset, args.suite) if args.dataset else builtin_cases(args.suite, data_dir)
    cases = cases[: args.limit] if args.limit else cases
    app = make_app(eval_settings(ctx.settings))

    def progress(row: Any) -> None:
        if not args.quiet:
            status = "failed" if row.error else (row.verdict or "ok")
            print(f"[{row.case.id}] {status} in {row.seconds:.1f}s", file=sys.stderr, flush=True)

    try:
        result = run_suite(app, args.suite, cases, args.model, progress)
    finally:
        app.close()
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(table(result))
    return 0
