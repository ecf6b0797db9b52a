"""Start-up of `assistant chat` vs a bare Textual app: launch -> first paint -> ready for input.

Each run is a fresh Python process (so imports count, as they do for a user), driven headless
with ``App.run_test``. "Launch" is the process start; "first paint" is the first refresh after
mount; "ready" is when the prompt accepts a question that will be answered without waiting
(for the chat: settings, store, agent stack and model loaded; for the bare app: first paint).
"Typing" is how long a key takes to show in the prompt while the chat is still loading in the
background (a key every 50 ms from first paint to ready; median and worst): the prompt must take
input at once, not after the agent stack has loaded.

    python bench/bench_tui.py                       # scripted model (measures the app itself)
    python bench/bench_tui.py --model embedded      # with the packaged llama.cpp model
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import time
T0 = time.perf_counter()
import asyncio, json, sys
kind, model = sys.argv[1], sys.argv[2]

async def main():
    if kind == "bare":
        from textual.app import App
        from textual.widgets import Footer, Input, Static

        marks = {}

        class Bare(App):
            def compose(self):
                yield Static("hello")
                yield Input()
                yield Footer()

            def on_mount(self):
                self.call_after_refresh(lambda: marks.setdefault("paint", time.perf_counter()))

        app = Bare()
        async with app.run_test(size=(120, 40)) as pilot:
            while "paint" not in marks:
                await pilot.pause(0.005)
        return {"first_paint": marks["paint"] - T0, "ready": marks["paint"] - T0}
    from assistant.tui.app import ChatApp
    from assistant.tui.controller import ChatController

    def load_settings():
        # As `assistant chat` does: settings (pydantic-settings) load after the first paint.
        from assistant.settings import load_settings

        return load_settings()

    from textual import events

    app = ChatApp(ChatController(load_settings, model=model or None), images=False)
    lags = []
    async with app.run_test(size=(120, 40)) as pilot:
        while app.first_paint_at is None:
            await asyncio.sleep(0.002)
        while app.ready_at is None:
            before, sent = app.prompt.value, time.perf_counter()
            app.prompt.post_message(events.Key("x", "x"))
            while app.prompt.value == before:
                await asyncio.sleep(0.001)
            lags.append(time.perf_counter() - sent)
            await asyncio.sleep(0.05)
        error = app.controller.load_error
    lags.sort()
    return {"first_paint": app.first_paint_at - T0, "ready": app.ready_at - T0, "error": error,
            "keys": len(lags), "key_median": lags[len(lags) // 2] if lags else 0.0, "key_max": lags[-1] if lags else 0.0}

print("RESULT " + json.dumps(asyncio.run(main())))
"""


def run_child(kind: str, model: str, env: dict[str, str]) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", CHILD, kind, model], capture_output=True, text=True, env=env,
                          timeout=600, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise SystemExit(f"{kind} run failed:\n{done.stderr[-2000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="", help="model name for the chat (default: a scripted model)")
    parser.add_argument("-n", type=int, default=3, help="runs of each (median reported)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, ASSISTANT_HOME=os.environ.get("ASSISTANT_HOME", str(Path(tmp) / "home")),
                   HF_HUB_OFFLINE="1")
        model = args.model
        if not model:
            script = Path(tmp) / "replies.json"
            script.write_text(json.dumps(["hello"]))
            model = f"scripted:{script}"
        run_child("bare", "", env)  # warm the OS file cache so the first measured run is not an outlier
        bare = [run_child("bare", "", env) for _ in range(args.n)]
        chat = [run_child("chat", model, env) for _ in range(args.n)]
    errors = {c.get("error") for c in chat} - {None}
    print(f"assistant chat (model {args.model or 'scripted'}) vs bare Textual app; median of {args.n} fresh processes")
    print(f"{'stage':<28}{'bare app':>10}{'chat':>10}{'ratio':>8}")
    for key, label in (("first_paint", "launch -> first paint (s)"), ("ready", "launch -> ready (s)")):
        b = statistics.median(r[key] for r in bare)
        c = statistics.median(r[key] for r in chat)
        print(f"{label:<28}{b:>10.3f}{c:>10.3f}{c / b:>7.1f}x")
    keys = [c for c in chat if c.get("keys")]
    if keys:
        med = statistics.median(c["key_median"] for c in keys) * 1000
        worst = max(c["key_max"] for c in keys) * 1000
        print(f"typing while loading: a key shows in the prompt in {med:.0f} ms (median), "
              f"{worst:.0f} ms (worst); {sum(c['keys'] for c in keys)} keys over {len(keys)} runs")
    if errors:
        print(f"note: the chat did not fully start: {errors.pop()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
