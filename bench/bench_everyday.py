"""Plain questions: the bare GGUF in llama.cpp vs the real `assistant ask` turn, side by side.

    HF_HUB_OFFLINE=1 python bench/bench_everyday.py [--model qwen2.5-coder-1.5b] [--split all] [--limit N]

The plain questions of `assistant eval everyday` (tests/data/everyday.jsonl), each asked twice,
each time by a fresh process, alternating which goes first:

(a) bare: a process that assembles/finds the same packaged GGUF (``ensure_gguf``), starts
    xllamacpp's server on it with the app's llama.cpp parameters and asks through the ``openai``
    client: no tools, no system prompt, temperature 0;
(b) app: ``assistant ask QUESTION --json --model embedded:MODEL`` in a scratch data dir (the turn
    a user makes from the shell).

Both answers are scored like the eval (``is_right``). Figures: accuracy, wall seconds per
question (process start to exit: load + answer), median first token (from the moment the
question reached the loaded model), model load, tool calls, and the app/bare ratio.

Not a test: numbers depend on the machine and its load; both sides run in the same minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MODELS = ("qwen2.5-coder-1.5b", "qwen2.5-coder-0.5b")


def bare_worker(model: str, question: str) -> None:
    """One question through the bare runtime; prints one JSON line (runs in its own process)."""
    import openai
    import xllamacpp

    from assistant.models.embedded import build_params
    from assistant.models.gguf import ensure_gguf
    from assistant.settings import load_settings

    settings = load_settings()
    gguf = ensure_gguf(settings.models_dir, model)
    t = time.perf_counter()
    server = xllamacpp.Server(build_params(gguf, n_ctx=settings.embedded.n_ctx, threads=settings.embedded.threads))
    load = time.perf_counter() - t
    client = openai.OpenAI(base_url=server.listening_address.rstrip("/") + "/v1", api_key="none")
    t = time.perf_counter()
    first = None
    parts = []
    stream = client.chat.completions.create(
        model=gguf.stem, messages=[{"role": "user", "content": question}], temperature=0,
        max_tokens=settings.embedded.max_tokens, stream=True)
    for chunk in stream:
        delta = chunk.choices[0].delta.content if chunk.choices else None
        if delta:
            first = first if first is not None else time.perf_counter() - t
            parts.append(delta)
    print(json.dumps({"answer": "".join(parts), "load": load, "first_token": first,
                      "answer_seconds": time.perf_counter() - t, "tool_calls": []}))


def run_bare(model: str, question: str, env: dict[str, str]) -> dict:
    argv = [sys.executable, __file__, "--bare-worker", "--model", model, "--question", question]
    return _run(argv, env, lambda out: json.loads(out.strip().splitlines()[-1]))


def run_app(model: str, question: str, env: dict[str, str]) -> dict:
    argv = [sys.executable, "-m", "assistant", "ask", question, "--json", "--model", f"embedded:{model}"]

    def parse(out: str) -> dict:
        data = json.loads(out)
        timings = data.get("timings") or {}
        load = timings.get("model_load")
        first = timings.get("first_token")
        if first is not None and load is not None:
            first -= load  # from when the loaded model got the question, like the bare side
        return {"answer": data.get("answer") or data.get("partial_answer") or "", "load": load, "first_token": first,
                "tool_calls": data.get("tool_calls") or [], "offered_tools": data.get("offered_tools"),
                "error": data.get("error", "")}

    return _run(argv, env, parse)


def _run(argv: list[str], env: dict[str, str], parse) -> dict:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT, timeout=900)
    wall = time.perf_counter() - t
    try:
        result = parse(proc.stdout)
    except (ValueError, IndexError):
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        result = {"answer": "", "error": f"exit {proc.returncode}: {tail[:200]}", "tool_calls": []}
    result["wall"] = wall
    return result


def _med(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.fmean(present) if present else None


def _fmt(value: float | None, width: int = 12) -> str:
    return f"{'-':>{width}}" if value is None else f"{value:{width}.2f}"


def _ratio(app: float | None, bare: float | None) -> str:
    return f"{app / bare:8.2f}x" if app is not None and bare else f"{'-':>9}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", choices=MODELS, default=MODELS[0])
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N plain questions")
    parser.add_argument("--json", metavar="FILE", help="also write every answer and figure to FILE")
    parser.add_argument("--bare-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--question", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.bare_worker:
        bare_worker(args.model, args.question)
        return

    from assistant.evals.everyday import is_right, load_everyday, select
    from assistant.models.gguf import ensure_gguf
    from assistant.settings import load_settings

    cases = [c for c in select(load_everyday(), args.split) if c.plain][: args.limit]
    settings = load_settings()
    gguf = ensure_gguf(settings.models_dir, args.model)  # assemble once, before anything is timed
    with gguf.open("rb") as f:  # into the page cache: the first process timed must not pay for the disk
        while f.read(16 << 20):
            pass
    home = tempfile.mkdtemp(prefix="bench-everyday-")
    env = {**os.environ, "ASSISTANT_HOME": home, "ASSISTANT_MODELS_PATH": str(settings.models_dir),
           "HF_HUB_OFFLINE": "1"}
    print(f"{len(cases)} plain questions ({args.split}), embedded:{args.model}, a fresh process per answer")
    rows = []
    for i, case in enumerate(cases):
        row = {"id": case.id}
        order = ("bare", "app") if i % 2 == 0 else ("app", "bare")
        for side in order:
            run = run_bare if side == "bare" else run_app
            result = run(args.model, case.question, env)
            result["right"] = is_right(case, result["answer"])
            row[side] = result
        rows.append(row)
        for side in ("bare", "app"):
            r = row[side]
            mark = "right" if r["right"] else ("FAILED" if r.get("error") else "wrong")
            calls = ",".join(c.get("name", "?") for c in r["tool_calls"]) or "-"
            answer = " ".join((r.get("error") or r["answer"]).split())[:70]
            print(f"  {case.id:20s} {side:4s} {mark:6s} {r['wall']:6.1f}s tools={calls:14s} {answer}", flush=True)

    def column(side: str, key: str) -> list[float | None]:
        return [r[side].get(key) for r in rows]

    n = len(rows)
    figures = {}
    print(f"\n{'':34s}{'bare llama.cpp':>14s}{'assistant ask':>15s}{'app/bare':>10s}")
    for label, key, fn in (("wall s/question, median", "wall", _med), ("wall s/question, mean", "wall", _mean),
                           ("first token s, median", "first_token", _med), ("model load s, median", "load", _med)):
        bare, app = fn(column("bare", key)), fn(column("app", key))
        figures[label] = {"bare": bare, "app": app}
        print(f"{label:34s}{_fmt(bare, 14)}{_fmt(app, 15)}{_ratio(app, bare):>10s}")
    right = {side: sum(r[side]["right"] for r in rows) for side in ("bare", "app")}
    print(f"{'accuracy':34s}{right['bare']:>8d}/{n:<5d}{right['app']:>9d}/{n:<5d}")
    calls = {side: sum(len(r[side]["tool_calls"]) for r in rows) for side in ("bare", "app")}
    offered = [r["app"].get("offered_tools") for r in rows]
    offered_text = "?" if all(o is None for o in offered) else f"{sum(bool(o) for o in offered)}/{n}"
    print(f"{'tool calls (all questions)':34s}{calls['bare']:>14d}{calls['app']:>15d}")
    print(f"{'questions offered tools':34s}{'0/' + str(n):>14s}{offered_text:>15s}")
    if args.json:
        Path(args.json).write_text(json.dumps({"model": args.model, "split": args.split, "figures": figures,
                                               "right": right, "tool_calls": calls, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
