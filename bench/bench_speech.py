"""Whisper tiny.en vs base on the committed speech fixtures: load time, real-time factor, WER.

    python bench/bench_speech.py [--runs 3] [--device auto|cpu|cuda] [--models-dir DIR]

Real-time factor = processing seconds / audio seconds (lower is faster; 0.2 means five times
faster than real time). Each figure is the median of ``--runs`` runs; the first transcription
of each model is a warm-up and is not counted. Ratios are base / tiny.en.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
DATA = ROOT / "tests" / "data"

from _speech_helpers import wer  # noqa: E402  (the tests' word error rate, not a copy)

FIXTURES = {  # name: (file, reference words, language)
    "fox": ("speech_fox.wav", "the quick brown fox jumps over the lazy dog", "en"),
    "quiet -30dBFS": ("speech_quiet.wav", "the quick brown fox jumps over the lazy dog", "en"),
    "2 s lead silence": ("speech_lead_silence.wav", "the quick brown fox jumps over the lazy dog", "en"),
    "two turns": ("speech_two_turns.wav", "good morning how are you today please open the window", "en"),
    "spanish": (
        "speech_spanish.wav",
        "buenos días hoy hace mucho calor en la ciudad y vamos a la playa",
        "es",
    ),
}


def measure(model: str, args: argparse.Namespace) -> dict[str, object]:
    from assistant.tools.speech.transcriber import SpeechTool

    loads = []
    for _ in range(args.runs):
        tool = SpeechTool(model, device=args.device, models_dir=args.models_dir)
        started = time.perf_counter()
        tool.load()
        loads.append(time.perf_counter() - started)
    tool.transcribe(DATA / "speech_fox.wav")  # warm-up
    rows: dict[str, tuple[float, float, str]] = {}
    for name, (file, ref, lang) in FIXTURES.items():
        if lang != "en" and model == "tiny.en":
            continue  # English-only model
        runs = [tool.transcribe(DATA / file) for _ in range(args.runs)]
        rtf = statistics.median(r.seconds / r.duration for r in runs)
        rows[name] = (rtf, wer(ref, runs[0].text), f"{runs[0].language}: {runs[0].text}")
    device = f"{getattr(tool, 'resolved_device', '?')}/{getattr(tool, 'resolved_compute_type', '?')}"
    return {"load": statistics.median(loads), "rows": rows, "device": device}


def ratio(a: float, b: float) -> str:
    return f"{b / a:5.2f}x" if a > 0 else "   - "


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--device", default="auto")
    parser.add_argument(
        "--models-dir", type=Path, default=Path(tempfile.gettempdir()) / "assistant-bench-models"
    )
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    tiny, base = measure("tiny.en", args), measure("base", args)
    print(
        f"device: tiny.en {tiny['device']}, base {base['device']}; cpu cores: {os.cpu_count()}; "
        f"median of {args.runs} runs"
    )
    print(f"{'':20} {'tiny.en':>9} {'base':>9} {'base/tiny':>10}")
    print(f"{'load s':20} {tiny['load']:9.3f} {base['load']:9.3f} {ratio(tiny['load'], base['load']):>10}")
    for name in FIXTURES:
        t, b = tiny["rows"].get(name), base["rows"][name]
        t_rtf, t_wer = (f"{t[0]:9.3f}", f"{t[1]:9.1%}") if t else (f"{'n/a':>9}", f"{'n/a':>9}")
        print(f"{'RTF ' + name:20} {t_rtf} {b[0]:9.3f} {ratio(t[0], b[0]) if t else '':>10}")
        print(f"{'WER ' + name:20} {t_wer} {b[1]:9.1%}")
    en = [n for n in FIXTURES if n in tiny["rows"]]
    t_mean = statistics.mean(tiny["rows"][n][1] for n in en)
    b_mean = statistics.mean(base["rows"][n][1] for n in en)
    print(f"{'WER mean (en)':20} {t_mean:9.1%} {b_mean:9.1%}")
    print("\ntranscripts:")
    for model, result in (("tiny.en", tiny), ("base", base)):
        for name, (_, _, text) in result["rows"].items():
            print(f"  {model:7} {name:17} {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
