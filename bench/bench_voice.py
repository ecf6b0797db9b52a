"""Speech end -> final transcript: transcribing while the person speaks vs only after the end.

    python bench/bench_voice.py [--runs 3] [--models tiny.en,base] [--speculate-ms 160]

Each committed speech fixture, followed by 1.5 s of silence (as a live microphone would go on
after the speaker stops), is played in real time through FileAudioSource into the same
VoiceEngine (Silero VAD, 1 s pre-roll, 0.7 s trailing silence, the same Whisper model) in
three modes: ``streaming`` (partials every 1 s of speech; the utterance transcribed during the
trailing silence), ``no partial`` (the same without the live partials: shows what they cost on
a machine where Whisper competes with itself) and ``after end`` (``streaming=False``: Whisper
starts once the turn has ended). Modes alternate run by run so load hits all of them alike.

Two latencies per utterance (medians over runs and utterances), ratio = mode / after end:
  speech end -> final   from the moment the last speech sample was played (the source's clock,
                        so any lag of the engine behind real time counts) to the moment the
                        FinalTranscript event reached the caller. Both modes include the 0.7 s
                        of silence every hands-free turn waits for before it ends.
  turn end -> final     from the moment the turn was declared over (the end of speech as the
                        detector sees it) to the transcript: the wait that transcription adds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
DATA = ROOT / "tests" / "data"
FIXTURES = ("speech_fox.wav", "speech_two_turns.wav", "speech_lead_silence.wav")
TRAILING_SILENCE_S = 1.5

MODES = {  # name: VoiceEngine options
    "streaming": {"streaming": True},
    "no partial": {"streaming": True, "partial_every_s": 1e9},
    "after end": {"streaming": False},
}


def padded(name: str, folder: Path) -> Path:
    """The fixture with TRAILING_SILENCE_S of silence appended, as 16 kHz 16-bit WAV."""
    from _speech_helpers import write_wav

    from assistant.tools.speech.audio_io import decode_audio

    audio = np.concatenate([decode_audio(DATA / name), np.zeros(int(16000 * TRAILING_SILENCE_S), np.float32)])
    return write_wav(folder / name, audio)


def run_once(path: Path, speech: object, options: dict[str, object]) -> list[tuple[object, float]]:
    """(FinalTranscript, seconds from the last speech sample being played to its arrival)."""
    from assistant.tools.speech.audio_source import FileAudioSource
    from assistant.tools.speech.vad import SileroVAD, TurnDetector
    from assistant.voice.engine import VoiceEngine
    from assistant.voice.events import FinalTranscript

    source = FileAudioSource(path, realtime=True)
    engine = VoiceEngine(
        source,
        TurnDetector(SileroVAD(), pre_roll_ms=1000, silence_ms=700),
        speech,  # type: ignore[arg-type]
        **options,  # type: ignore[arg-type]
    )
    finals = []
    for event in engine.events():
        if isinstance(event, FinalTranscript):
            assert source.started_at is not None
            finals.append((event, time.monotonic() - (source.started_at + event.speech_end)))
    return finals


def bench_model(model: str, args: argparse.Namespace, clips: list[Path]) -> dict[str, float]:
    from assistant.tools.speech.transcriber import SpeechTool

    speech = SpeechTool(model, device=args.device, models_dir=args.models_dir)
    speech.load()
    speech.transcribe(DATA / "speech_fox.wav")  # warm-up, not counted
    device = f"{speech.resolved_device}/{speech.resolved_compute_type}"
    print(f"\nWhisper {model} on {device}, {os.cpu_count()} CPU cores, {args.runs} run(s) per mode, "
          f"real-time playback, speculation after {args.speculate_ms} ms of silence")
    header = f"{'fixture':<26}{'mode':<11}{'speech end->final':>18}{'turn end->final':>17}{'whisper s':>11}  spec"
    print(header)
    print("-" * len(header))
    totals: dict[str, dict[str, list[float]]] = {m: {"speech": [], "turn": []} for m in MODES}
    for path in clips:
        per_mode: dict[str, list[tuple[object, float]]] = {m: [] for m in MODES}
        for _ in range(args.runs):
            for mode, options in MODES.items():
                per_mode[mode].extend(run_once(path, speech, {**options, "speculate_after_ms": args.speculate_ms}))
        for mode, finals in per_mode.items():
            speech_end = [lag for _, lag in finals]
            turn_end = [f.after_turn_end_s for f, _ in finals]  # type: ignore[attr-defined]
            whisper = [f.transcribe_s for f, _ in finals]  # type: ignore[attr-defined]
            spec = sum(f.speculative for f, _ in finals)  # type: ignore[attr-defined]
            totals[mode]["speech"] += speech_end
            totals[mode]["turn"] += turn_end
            print(
                f"{path.name:<26}{mode:<11}"
                f"{statistics.median(speech_end):>17.3f}s{statistics.median(turn_end):>16.3f}s"
                f"{statistics.median(whisper):>10.3f}s  {spec}/{len(finals)}"
            )
    print()
    ratios = {}
    for key, label in (("speech", "speech end -> final"), ("turn", "turn end -> final")):
        base = statistics.median(totals["after end"][key])
        cells = []
        for mode in ("streaming", "no partial"):
            value = statistics.median(totals[mode][key])
            ratio = value / base if base > 0 else float("nan")
            ratios[f"{key}/{mode}"] = ratio
            cells.append(f"{mode} {value:.3f}s (ratio {ratio:.2f})")
        print(f"{label:<21} after end {base:.3f}s | " + " | ".join(cells))
    return ratios


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--models", default="tiny.en", help="comma-separated, e.g. tiny.en,base")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--models-dir", default=None)
    parser.add_argument("--speculate-ms", type=int, default=160)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    with tempfile.TemporaryDirectory() as tmp:
        clips = [padded(name, Path(tmp)) for name in FIXTURES]
        summary = {model: bench_model(model, args, clips) for model in args.models.split(",")}
    print("\nstreaming / after end (target under 0.5):")
    for model, ratios in summary.items():
        print(f"  {model:<10} speech end -> final {ratios['speech/streaming']:.2f}   "
              f"turn end -> final {ratios['turn/streaming']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
