"""Warm turns (chat TUI, voice loop): first token and first spoken audio, side by side in one run.

    python bench/bench_warm_turns.py [--model qwen2.5-coder-1.5b] [--runs 1] [--no-voice]

One process, the model loaded and warmed once (as `assistant chat` and `assistant voice` do).
Each plain question is asked three ways, the order rotating question by question:
  bare     the same llama.cpp server, the question alone (no system prompt, no tools)
  planned  a full Session turn as users make it now (agent.tools = auto)
  always   the same turn offering every tool, as before the planner (agent.tools = always)
Then the voice loop: each spoken question (espeak-ng, 1 s of silence around it) is played in
real time through the VoiceLoop with Whisper tiny.en and spoken answers into a WAV, in both
modes; the figure is from the last spoken sample to the first sample of the spoken answer.
Targets: warm first token within 1.5 s (chat); end of speech -> first audio within 3 s (voice).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

QUESTIONS = [
    "What is the capital of Australia?",
    "What is 17 plus 25?",
    "Write a Python one-liner that reverses a string.",
    "How many centimetres are in an inch?",
    "Translate 'thank you very much' into French.",
    "What does the acronym CPU stand for?",
]
SPOKEN = [
    "What is the capital of Italy?",
    "How many days are there in a leap year?",
    "What is the weather going to be like in Lisbon tomorrow afternoon?",
]


def bare_first_token(base_url: str, question: str, max_tokens: int) -> float:
    import httpx

    body = {"messages": [{"role": "user", "content": question}], "stream": True, "max_tokens": max_tokens,
            "temperature": 0}
    start = time.perf_counter()
    with httpx.stream("POST", base_url + "/chat/completions", json=body, timeout=600) as resp:
        for line in resp.iter_lines():
            if line.startswith("data: ") and '"content":"' in line and '"content":""' not in line:
                return time.perf_counter() - start
    return time.perf_counter() - start


def session_first_token(app, question: str) -> tuple[float, int]:
    from assistant.events import AnswerDone, TextDelta
    from assistant.session import Turn

    start = time.perf_counter()
    first = None
    calls = 0
    for event in app.session().send(Turn(question)):
        if isinstance(event, TextDelta) and first is None:
            first = time.perf_counter() - start
        if isinstance(event, AnswerDone):
            calls = sum(1 for c in event.tool_calls if c["origin"] == "model")
    return (first if first is not None else time.perf_counter() - start), calls


def make_app_for(home: Path, model: str, tools: str, max_tokens: int):
    from assistant.app import make_app
    from assistant.settings import load_settings
    from assistant.system_prompt import warm_up

    settings = load_settings(home=home, model=f"embedded:{model}", memory={"enabled": False},
                             agent={"tools": tools}, embedded={"max_tokens": max_tokens})
    app = make_app(settings)
    handle = app.models.resolve()
    warm_up(handle)
    warm_up(handle, from_speech=True, will_be_heard=True)  # the voice loop's, with spoken answers
    return app


def bench_chat(model: str, runs: int, max_tokens: int) -> None:
    home = Path(tempfile.mkdtemp(prefix="bench-warm-"))
    planned = make_app_for(home, model, "auto", max_tokens)
    # Each app has its own llama.cpp server and slot, so the two modes never evict each other's
    # cached system prompt (the bare requests share the planned app's server).
    always = make_app_for(home, model, "always", max_tokens)
    base_url = next(iter(planned.models._servers.values())).base_url
    rows: dict[str, list[float]] = {"bare": [], "planned": [], "always": []}
    calls = {"planned": 0, "always": 0}
    order = ["bare", "planned", "always"]
    for run in range(runs):
        for i, question in enumerate(QUESTIONS):
            tag = f"{question} (run {run})" if run else question
            for mode in order[i % 3:] + order[:i % 3]:
                if mode == "bare":
                    rows["bare"].append(bare_first_token(base_url, tag, max_tokens))
                else:
                    seconds, n = session_first_token(planned if mode == "planned" else always, tag)
                    rows[mode].append(seconds)
                    calls[mode] += n
    planned.close()
    always.close()
    bare = statistics.median(rows["bare"])
    print(f"warm first token, {model}, {len(rows['bare'])} plain questions (median s; ratio to bare)")
    for mode in order:
        med = statistics.median(rows[mode])
        extra = f"   model tool calls {calls[mode]}" if mode in calls else ""
        print(f"  {mode:8s} {med:6.2f} s  ({med / bare:4.2f}x)   max {max(rows[mode]):6.2f} s{extra}")
    print(f"  target: planned within 1.5 s: {'MET' if statistics.median(rows['planned']) <= 1.5 else 'MISSED'}")


def bench_voice(model: str, max_tokens: int) -> None:
    import numpy as np
    from _speech_helpers import write_wav

    from assistant.tools.speech.audio_source import FileAudioSource
    from assistant.tools.speech.transcriber import SpeechTool
    from assistant.tools.speech.vad import SileroVAD, TurnDetector
    from assistant.voice.engine import VoiceEngine
    from assistant.voice.events import VoiceTurnDone
    from assistant.voice.loop import VoiceLoop
    from assistant.voice.playback import WavFilePlayer
    from assistant.voice.speak import Speaker
    from assistant.voice.synth import EspeakSynth

    home = Path(tempfile.mkdtemp(prefix="bench-voice-"))
    tiny = SpeechTool("tiny.en")
    tiny.load()
    results: dict[str, list[float]] = {"planned": [], "always": []}
    for mode, tools in (("planned", "auto"), ("always", "always")):
        app = make_app_for(home / mode, model, tools, max_tokens)
        for i, text in enumerate(SPOKEN):
            samples, rate = EspeakSynth().synthesize(text)
            silence = np.zeros(rate, dtype=np.float32)
            wav = write_wav(home / f"{mode}-{i}.wav", np.concatenate([silence, samples, silence, silence]), rate)
            engine = VoiceEngine(FileAudioSource(wav, realtime=True), TurnDetector(SileroVAD()), tiny)
            speaker = Speaker(EspeakSynth(), WavFilePlayer(home / f"{mode}-{i}-answer.wav"))
            for event in VoiceLoop(engine, app.session(), speaker=speaker).run():
                if isinstance(event, VoiceTurnDone):
                    t = event.timings
                    if "transcript_to_first_audio" in t:
                        results[mode].append(t["speech_end_to_transcript"] + t["transcript_to_first_audio"])
                    print(f"  [{mode}] said {text!r}, heard {event.transcript!r} -> {event.answer[:70]!r} {t}",
                          file=sys.stderr)
            speaker.close()
        app.close()
    print(f"voice, {model}: end of speech -> first spoken audio (median s over {len(SPOKEN)} questions)")
    for mode, values in results.items():
        if values:
            print(f"  {mode:8s} {statistics.median(values):6.2f} s   max {max(values):6.2f} s")
    if results["planned"]:
        met = statistics.median(results["planned"]) <= 3.0
        print(f"  target: planned within 3 s: {'MET' if met else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="qwen2.5-coder-1.5b")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--max-tokens", type=int, default=256)
    parser.add_argument("--no-voice", action="store_true")
    args = parser.parse_args()
    bench_chat(args.model, args.runs, args.max_tokens)
    if not args.no_voice:
        bench_voice(args.model, args.max_tokens)


if __name__ == "__main__":
    main()
