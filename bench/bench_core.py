"""Core overheads, side by side in one run.

1. `assistant --help` start-up vs a bare `python -c pass` (target: under 0.5 s).
2. Time to first token and decode tokens/s: the raw llama.cpp runtime (an HTTP stream straight
   to the in-process server) vs a full `assistant ask` turn (Session.send: store, agent graph,
   middleware, text tool-call parser), same model, same prompt (target: overhead under 10 %).

Run: python bench/bench_core.py [--model qwen2.5-coder-0.5b] [--runs 3]
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

QUESTIONS = [
    "Write a Python function is_prime(n) with a docstring. Reply with only the code.",
    "Write a Python function fib(n) that returns the n-th Fibonacci number, with a docstring. Only code.",
    "Write a Python function reverse_words(s) with a docstring. Reply with only the code.",
    "Write a Python function count_vowels(s) with a docstring. Reply with only the code.",
]


def timed_cmd(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def bench_startup(runs: int) -> None:
    base = timed_cmd([sys.executable, "-c", "pass"], runs)
    help_ = timed_cmd([sys.executable, "-m", "assistant", "--help"], runs)
    print(f"start-up (median of {runs})")
    print(f"  {'python -c pass':28s} {base:7.3f} s")
    print(f"  {'assistant --help':28s} {help_:7.3f} s   ratio {help_ / base:5.2f}x   target < 0.5 s: "
          f"{'MET' if help_ < 0.5 else 'MISSED'}")


def raw_stream(base_url: str, messages: list[dict], max_tokens: int) -> tuple[float, float, int]:
    """(time to first token, decode tokens/s, tokens) for one streamed request."""
    import httpx

    body = {"model": "m", "messages": messages, "stream": True, "max_tokens": max_tokens, "temperature": 0.2}
    start = time.perf_counter()
    first = last = None
    tokens = 0
    with httpx.stream("POST", base_url + "/chat/completions", json=body, timeout=600) as resp:
        for line in resp.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            delta = json.loads(line[6:])["choices"][0]["delta"].get("content")
            if delta:
                now = time.perf_counter()
                first = first or now
                last = now
                tokens += 1
    assert first is not None and last is not None
    return first - start, (tokens - 1) / max(last - first, 1e-9), tokens


def assistant_turn(session, question: str) -> tuple[float, float, int]:
    from assistant.events import TextDelta
    from assistant.session import Turn

    start = time.perf_counter()
    first = last = None
    tokens = 0
    for event in session.send(Turn(question)):
        if isinstance(event, TextDelta):
            now = time.perf_counter()
            first = first or now
            last = now
            tokens += 1
    assert first is not None and last is not None
    return first - start, (tokens - 1) / max(last - first, 1e-9), tokens


def bench_llm(model: str, runs: int, max_tokens: int) -> None:
    from langchain_core.messages import HumanMessage, SystemMessage

    from assistant.app import make_app
    from assistant.settings import load_settings

    home = Path(tempfile.mkdtemp(prefix="bench-core-"))
    settings = load_settings(home=home, model=f"embedded:{model}", memory={"enabled": False},
                             embedded={"max_tokens": max_tokens, "threads": os.cpu_count() or 2,
                                       "temperature": 0.2})
    app = make_app(settings)
    handle = app.models.resolve()  # starts the in-process llama.cpp server once, for both paths
    server = next(iter(app.models._servers.values()))
    session = app.session()
    # The raw run gets byte-for-byte the prompt the assistant sends (system + tool list + question).
    chat = handle.chat.bind_tools(session.turn_tools(""))

    def raw_messages(q: str) -> list[dict]:
        prepared = chat._prepare([SystemMessage(session.system_prompt(handle)), HumanMessage(q)])
        return [{"role": {"system": "system", "human": "user", "ai": "assistant"}[m.type], "content": m.content}
                for m in prepared]

    raw_stream(server.base_url, raw_messages("Say hi."), 8)  # warm-up: caches the shared prefix
    raw, ours = [], []
    for i in range(runs):
        q = QUESTIONS[i % len(QUESTIONS)]
        # A distinct tag per request: llama.cpp reuses a cached prompt prefix, so without it the
        # second path would find the whole question cached and look faster than it is. Both
        # paths share the cached system prompt and prefill the question; the order alternates.
        pair = [("raw", f"(run {i}a) {q}"), ("ours", f"(run {i}b) {q}")]
        for name, question in pair if i % 2 == 0 else reversed(pair):
            if name == "raw":
                raw.append(raw_stream(server.base_url, raw_messages(question), max_tokens))
            else:
                ours.append(assistant_turn(app.session(), question))  # fresh session: no history
    app.close()

    def med(rows: list[tuple[float, float, int]], i: int) -> float:
        return statistics.median(r[i] for r in rows)

    r_ttft, o_ttft = med(raw, 0), med(ours, 0)
    r_tps, o_tps = med(raw, 1), med(ours, 1)
    print(f"\nLLM: {model}, {runs} runs each, medians, max_tokens {max_tokens}")
    print(f"  {'':22s} {'raw llama.cpp':>14s} {'assistant ask':>14s} {'overhead':>9s}")
    print(f"  {'time to first token':22s} {r_ttft:12.3f} s {o_ttft:12.3f} s {100 * (o_ttft / r_ttft - 1):8.1f} %")
    print(f"  {'decode tokens/s':22s} {r_tps:14.1f} {o_tps:14.1f} {100 * (1 - o_tps / r_tps):8.1f} %")
    print(f"  {'tokens generated':22s} {med(raw, 2):14.0f} {med(ours, 2):14.0f}")
    met = o_ttft <= 1.10 * r_ttft and o_tps >= 0.90 * r_tps
    print(f"  target overhead < 10 %: {'MET' if met else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="qwen2.5-coder-0.5b")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-tokens", type=int, default=160)
    parser.add_argument("--skip-llm", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    bench_startup(max(args.runs, 5))
    if not args.skip_llm:
        bench_llm(args.model, args.runs, args.max_tokens)


if __name__ == "__main__":
    main()
