"""SpeechTool.transcribe vs a raw faster-whisper call, and memory on a long file.

    python bench/bench_speech_overhead.py [--runs 5] [--model base] [--hours 2] [--skip-long]

Part 1, overhead: the same file, the same WhisperModel (same dir, int8 on CPU, beam size,
VAD on with the same threshold, condition_on_previous_text=False), once through the raw
``model.transcribe(path)`` and once through the tool (decode, windowing, guard VAD, guard).
Both calls are timed end to end, including decoding; medians of ``--runs`` interleaved runs.
Real-time factor = seconds / audio seconds; overhead = tool / raw - 1 (target under 5 %).

Part 2, long audio: a mostly silent synthetic file of ``--hours`` hours (a clip every
10 minutes) written to /tmp as 16-bit WAV, transcribed by the tool; prints peak RSS growth
against what decoding the whole file to float32 would take (the old approach).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "data"
FILES = ("speech_fox.wav", "speech_two_turns.wav", "speech_lead3_silence.wav", "speech_noise_10s.flac")


def overhead(args: argparse.Namespace) -> None:
    from assistant.tools.speech.audio_io import decode_audio
    from assistant.tools.speech.transcriber import BEAM_SIZE, SpeechTool

    tool = SpeechTool(args.model, models_dir=args.models_dir)
    model = tool.load()  # the raw call uses this very WhisperModel
    options = {
        "beam_size": BEAM_SIZE,
        "condition_on_previous_text": False,
        "vad_filter": True,
        "vad_parameters": {"threshold": tool.guard.vad_threshold},
    }

    def raw(path: Path) -> float:
        started = time.perf_counter()
        segments, _ = model.transcribe(str(path), **options)
        list(segments)
        return time.perf_counter() - started

    def ours(path: Path) -> float:
        started = time.perf_counter()
        tool.transcribe(path)
        return time.perf_counter() - started

    raw(DATA / FILES[0]), ours(DATA / FILES[0])  # warm-up
    print(f"model {args.model} ({tool.resolved_device}/{tool.resolved_compute_type}), cpu cores "
          f"{os.cpu_count()}, median of {args.runs} interleaved runs")
    print(f"{'file':28} {'audio s':>8} {'raw RTF':>8} {'tool RTF':>9} {'overhead':>9}")
    raw_total = ours_total = 0.0
    for name in FILES:
        path = DATA / name
        seconds = decode_audio(path).size / 16000
        r_runs, o_runs = [], []
        for _ in range(args.runs):
            r_runs.append(raw(path))
            o_runs.append(ours(path))
        r, o = statistics.median(r_runs), statistics.median(o_runs)
        if "noise" not in name:  # on noise the tool skips Whisper entirely: a win, not overhead
            raw_total, ours_total = raw_total + r, ours_total + o
        print(f"{name:28} {seconds:8.2f} {r / seconds:8.3f} {o / seconds:9.3f} {o / r - 1:+9.1%}")
    print(f"{'speech files':28} {'':8} {'':8} {'':9} {ours_total / raw_total - 1:+9.1%}  (target < +5 %)")


def write_long(path: Path, hours: float) -> float:
    """Mostly silence (noise at -60 dBFS) with the fox sentence every 10 minutes, streamed out."""
    from assistant.tools.speech.audio_io import decode_audio

    clip = decode_audio(DATA / "speech_fox.wav")
    rng = np.random.default_rng(1)
    total = int(hours * 3600)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        for minute in range(total // 60):
            block = rng.standard_normal(60 * 16000).astype(np.float32) * 10 ** (-60 / 20)
            if minute % 10 == 5:
                block[16000 * 20 : 16000 * 20 + clip.size] += clip
            out.writeframes((block * 32767).astype(np.int16).tobytes())
    return float(total)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def long_audio(args: argparse.Namespace) -> None:
    from assistant.tools.speech.transcriber import SpeechTool

    tool = SpeechTool("tiny.en")
    tool.load()
    tool.transcribe(DATA / "speech_fox.wav")  # warm-up: model and VAD buffers in place
    path = Path(tempfile.gettempdir()) / f"bench_speech_{args.hours:g}h.wav"
    seconds = write_long(path, args.hours)
    before = rss_mb()
    last = [0.0]

    def progress(done: float, total: float) -> None:
        if done - last[0] >= 600 or done >= total:
            last[0] = done
            print(f"  progress {done / 60:6.1f} / {total / 60:.1f} min, peak RSS {rss_mb():.0f} MB", flush=True)

    started = time.perf_counter()
    result = tool.transcribe(path, on_progress=progress)
    elapsed = time.perf_counter() - started
    path.unlink()
    decode_all = seconds * 16000 * 4 / 1e6
    print(f"long file {seconds / 3600:g} h ({path.name}, deleted): {len(result.segments)} segments, "
          f"{elapsed:.0f} s, RTF {elapsed / seconds:.4f}")
    print(f"peak RSS before {before:.0f} MB, after {rss_mb():.0f} MB: growth {rss_mb() - before:.0f} MB; "
          f"decoding the whole file first would hold {decode_all:.0f} MB of float32 (plus a copy "
          "while concatenating)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--model", default="base")
    parser.add_argument("--hours", type=float, default=2.0)
    parser.add_argument("--skip-long", action="store_true")
    parser.add_argument(
        "--models-dir", type=Path, default=Path(tempfile.gettempdir()) / "assistant-bench-models"
    )
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    overhead(args)
    if not args.skip_long:
        long_audio(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
