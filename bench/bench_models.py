"""Which packaged model should be the offline default? Tool-choice quality and speed, side by side.

Each probe is a real `assistant ask` turn (Session.send) with the embedded model; a probe passes
when the model called the tool it should (and only then), or answered without tools when none
was needed, and its answer holds the expected words. Figures: passes, median seconds per turn,
median time to first token.

Run: python bench/bench_models.py [--models qwen2.5-coder-0.5b,qwen2.5-coder-1.5b]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


@dataclass
class Probe:
    question: str
    tool: str | None
    """The tool the model should call (None: it should answer without one)."""
    expect_any: tuple[str, ...] = ()
    attachments: tuple[Path, ...] = ()


_NOW = __import__("datetime").datetime.now().astimezone()
PROBES = [
    Probe("What time is it right now?", "current_time", (_NOW.strftime("%H:"), _NOW.strftime("%I:").lstrip("0"))),
    Probe("Which day of the week is it today?", "current_time", (_NOW.strftime("%A"),)),
    Probe("Which files are you allowed to read?", "list_files"),
    Probe("What is 17 times 3?", None, ("51",)),
    Probe("Write a one-line Python expression that reverses a string s.", None, ("[::-1]",)),
    Probe("What is this error and how do I fix it?", None, ("ZeroDivisionError",), (DATA / "traceback.png",)),
    Probe("Describe the dog in this picture.", None, ("not", "no dog", "cannot", "can't", "don't"),
          (DATA / "traceback.png",)),
]


def run_model(model: str) -> list[tuple[bool, float, float, str]]:
    from assistant.app import make_app
    from assistant.events import AnswerDone, TurnFailed
    from assistant.session import Turn
    from assistant.settings import load_settings

    home = Path(tempfile.mkdtemp(prefix="bench-models-"))
    app = make_app(load_settings(home=home, model=f"embedded:{model}", memory={"enabled": False}))
    app.models.resolve()  # load once; turns measure answering, not loading
    rows = []
    for probe in PROBES:
        end = None
        for event in app.session().send(Turn(probe.question, list(probe.attachments))):
            end = event
        if isinstance(end, TurnFailed) or end is None:
            rows.append((False, 0.0, 0.0, f"failed: {getattr(end, 'error', '?')}"))
            continue
        assert isinstance(end, AnswerDone)
        model_calls = [c["name"] for c in end.tool_calls if c["origin"] == "model"]
        right_tool = (probe.tool in model_calls) if probe.tool else not model_calls
        words = not probe.expect_any or any(w.lower() in end.text.lower() for w in probe.expect_any)
        ok = right_tool and words
        rows.append((ok, end.timings["total"], end.timings["first_token"],
                     f"tools={model_calls} answer={end.text[:70]!r}"))
        print(f"  [{model}] {'PASS' if ok else 'FAIL'} {probe.question[:50]!r}: {rows[-1][3]}", flush=True)
    app.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", default="qwen2.5-coder-0.5b,qwen2.5-coder-1.5b")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    results = {m: run_model(m) for m in args.models.split(",")}
    print(f"\n{'model':22s} {'passes':>8s} {'median turn s':>14s} {'median 1st token s':>19s}")
    base = None
    for model, rows in results.items():
        passes = sum(r[0] for r in rows)
        turn = statistics.median(r[1] for r in rows)
        ttft = statistics.median(r[2] for r in rows)
        ratio = "" if base is None else f"   ({turn / base:.2f}x the time)"
        base = base or turn
        print(f"{model:22s} {passes:3d}/{len(rows):<4d} {turn:14.1f} {ttft:19.1f}{ratio}")


if __name__ == "__main__":
    main()
