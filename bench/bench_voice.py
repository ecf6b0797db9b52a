"""Speech end -> final transcript: transcribing while the person speaks vs only after the end.

    python bench/bench_voice.py [--runs 3] [--model tiny.en] [--device auto|cpu|cuda]

Each committed speech fixture is played in real time through FileAudioSource into the same
VoiceEngine (Silero VAD, 1 s pre-roll, 0.7 s trailing silence, the same Whisper model) in three modes:
``streaming`` (partials every 1 s of speech, and the utterance transcribed during the trailing
silence) and ``after end`` (``streaming=False``: Whisper starts once the turn has ended).
The two modes alternate run by run so load on the machine hits both alike.

Two latencies per utterance (medians over runs and utterances):
  speech end -> final   from the arrival of the last speech frame; includes the 0.7 s of
                        silence every hands-free turn waits for before it ends
  turn end -> final     from the moment the turn was declared over
``no partial`` is streaming without the live partials (speculation only): it shows what the
partials cost on a machine where Whisper competes with itself. Ratio = mode / after end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "data"
FIXTURES = ("speech_fox.wav", "speech_two_turns.wav", "speech_lead_silence.wav")


MODES = {  # name: VoiceEngine options
    "streaming": {"streaming": True},
    "no partial": {"streaming": True, "partial_every_s": 1e9},
    "after end": {"streaming": False},
}


def run_once(path: Path, speech: object, options: dict[str, object]) -> list[object]:
    from assistant.voice.engine import VoiceEngine
    from assistant.voice.events import FinalTranscript
    from tools.audio_source import FileAudioSource
    from tools.vad import SileroVAD, TurnDetector

    engine = VoiceEngine(
        FileAudioSource(path, realtime=True),
        TurnDetector(SileroVAD(), pre_roll_ms=1000, silence_ms=700),
        speech,  # type: ignore[arg-type]
        **options,  # type: ignore[arg-type]
    )
    return [e for e in engine.events() if isinstance(e, FinalTranscript)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--model", default="tiny.en")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--models-dir", default=None)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from tools.speech import SpeechTool

    speech = SpeechTool(args.model, device=args.device, models_dir=args.models_dir)
    speech.load()
    speech.transcribe(DATA / "speech_fox.wav")  # warm-up, not counted
    device = f"{getattr(speech, 'resolved_device', '?')}/{getattr(speech, 'resolved_compute_type', '?')}"
    print(
        f"Whisper {args.model} on {device}, {os.cpu_count()} CPU cores, {args.runs} run(s) per mode, "
        f"real-time playback\n"
    )
    header = (
        f"{'fixture':<26}{'mode':<11}{'speech end->final':>18}{'turn end->final':>17}{'whisper s':>11}  spec"
    )
    print(header)
    print("-" * len(header))
    totals: dict[str, dict[str, list[float]]] = {m: {"speech": [], "turn": []} for m in MODES}
    for name in FIXTURES:
        per_mode: dict[str, list[object]] = {m: [] for m in MODES}
        for _ in range(args.runs):
            for mode, options in MODES.items():
                per_mode[mode].extend(run_once(DATA / name, speech, options))
        for mode, finals in per_mode.items():
            speech_end = [f.after_speech_s for f in finals]  # type: ignore[attr-defined]
            turn_end = [f.after_turn_end_s for f in finals]  # type: ignore[attr-defined]
            whisper = [f.transcribe_s for f in finals]  # type: ignore[attr-defined]
            spec = sum(f.speculative for f in finals)  # type: ignore[attr-defined]
            totals[mode]["speech"] += speech_end
            totals[mode]["turn"] += turn_end
            print(
                f"{name:<26}{mode:<11}"
                f"{statistics.median(speech_end):>17.3f}s{statistics.median(turn_end):>16.3f}s"
                f"{statistics.median(whisper):>10.3f}s  {spec}/{len(finals)}"
            )
    print()
    for key, label in (("speech", "speech end -> final"), ("turn", "turn end -> final")):
        base = statistics.median(totals["after end"][key])
        cells = []
        for mode in ("streaming", "no partial"):
            value = statistics.median(totals[mode][key])
            cells.append(
                f"{mode} {value:.3f}s (ratio {value / base:.2f})" if base > 0 else f"{mode} {value:.3f}s"
            )
        print(f"{label:<21} after end {base:.3f}s | " + " | ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
