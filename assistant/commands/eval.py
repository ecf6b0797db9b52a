"""`assistant eval pope|injection|grounding|everyday`: measure hallucination, injection resistance
and everyday answers.

Each case is a real turn through the session (guards included) with the chosen model.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

SUITES = ("pope", "injection", "grounding", "everyday")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="run an evaluation suite (pope, injection, grounding, everyday)")
    p.add_argument("suite", choices=SUITES, help="pope: yes/no presence probes; injection: instructions inside "
                   "images/audio; grounding: leading questions about absent objects; everyday: plain questions, "
                   "screenshots, scans, audio, video, memory and image search, with tool routing and timings")
    p.add_argument("--model", metavar="M", help="model to evaluate (default: the configured model)")
    p.add_argument("--limit", type=int, metavar="N", help="run only the first N cases (pope: photos)")
    p.add_argument("--dataset", metavar="FILE", help="JSONL cases instead of the built-in set")
    p.add_argument("--split", choices=("dev", "heldout", "all"), default="dev",
                   help="everyday, injection, grounding, pope: which cases (default dev; check heldout only after "
                   "tuning on dev)")
    p.add_argument("--category", metavar="C[,C]", help="everyday: only these categories (plain, screenshot, scan, "
                   "audio, video, memory, image_search)")
    p.add_argument("--guard-only", action="store_true", help="injection: measure only the guard's detection on "
                   "what OCR/Whisper read, without a model")
    p.add_argument("--json", action="store_true", help="print metrics and per-case rows as JSON")
    p.add_argument("--quiet", action="store_true", help="no per-case progress on stderr")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from assistant.tools.errors import ToolInputError

    if args.limit is not None and args.limit < 1:
        raise ToolInputError(f"--limit must be at least 1, got {args.limit}")
    if args.suite == "everyday":
        return _run_everyday(args, ctx)
    if args.guard_only and args.suite != "injection":
        raise ToolInputError("--guard-only applies to the injection suite only")
    if args.suite == "pope" and not args.dataset:  # real photos (assistant/evals/pope.py)
        from assistant.evals.pope import run_command

        return run_command(args, ctx)
    from assistant.app import make_app
    from assistant.evals.cases import load_dataset, select_split
    from assistant.evals.datasets import builtin_cases
    from assistant.evals.report import table
    from assistant.evals.runner import eval_settings, run_suite

    cases = select_split(load_dataset(args.dataset, args.suite), args.split) if args.dataset else \
        builtin_cases(args.suite, args.split)
    missing = [c for c in cases if c.media and not Path(c.media).is_file()]
    if missing:  # photos made by others are fetched, not committed (tests/data/sight_photos.py)
        print(f"skipped {len(missing)} case(s) whose media is missing: {', '.join(c.id for c in missing)}",
              file=sys.stderr)
        cases = [c for c in cases if c not in missing]
    cases = cases[: args.limit] if args.limit else cases
    app = make_app(eval_settings(ctx.settings))

    def progress(row: Any) -> None:
        if not args.quiet:
            status = "failed" if row.error else (row.verdict or "ok")
            print(f"[{row.case.id}] {status} in {row.seconds:.1f}s", file=sys.stderr, flush=True)

    try:
        result = run_suite(app, args.suite, cases, args.model, progress, guard_only=args.guard_only)
    finally:
        app.close()
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(table(result))
    return 0


def _run_everyday(args: argparse.Namespace, ctx: Any) -> int:
    from assistant.evals.everyday import CATEGORIES, DATASET, load_everyday, select
    from assistant.evals.everyday_report import table
    from assistant.evals.everyday_runner import run_everyday
    from assistant.tools.errors import ToolInputError

    categories = [c.strip() for c in args.category.split(",") if c.strip()] if args.category else None
    unknown = sorted(set(categories or []) - set(CATEGORIES))
    if unknown:
        raise ToolInputError(f"unknown --category {', '.join(unknown)}; choose from {', '.join(CATEGORIES)}")
    if not args.dataset and not DATASET.exists():
        raise ToolInputError(f"the everyday cases live in a checkout ({DATASET} is missing); pass --dataset FILE")
    cases = select(load_everyday(args.dataset or DATASET), args.split, categories, args.limit)
    if not cases:
        raise ToolInputError(f"no everyday cases in split {args.split!r} for those categories")

    def progress(row: Any) -> None:
        if not args.quiet:
            status = row.skipped and "skipped" or ("failed" if row.error else ("right" if row.right else "wrong"))
            total = f" in {row.total:.1f}s" if row.total is not None else ""
            print(f"[{row.case.id}] {status}{total}", file=sys.stderr, flush=True)

    result = run_everyday(ctx.settings, cases, args.model, on_case=progress, split=args.split)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(table(result))
    return 0
