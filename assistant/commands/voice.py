"""`assistant voice`: talk to the assistant; each utterance becomes a turn and the answer streams.

    assistant voice                                   # microphone, hands-free (VAD turn taking)
    assistant voice --push-to-talk                    # Enter starts talking, Enter again stops
    assistant voice --audio-file question.wav         # the file plays in real time instead
    assistant voice --audio-file q.wav --model scripted:replies.json --json
    assistant voice --input q.wav --speak-to answers.wav   # spoken answers into a WAV file

Without a microphone (or PortAudio) it says so in one line and exits 1. Whisper, the VAD and
PyAV load only when the command runs.
"""

from __future__ import annotations

import argparse
import sys
import threading
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("voice", help="talk to the assistant (microphone or an audio file)")
    p.add_argument(
        "--audio-file",
        "--input",
        dest="audio_file",
        metavar="PATH",
        help="play this audio file in real time instead of using the microphone",
    )
    p.add_argument("--push-to-talk", action="store_true", help="Enter starts and stops each utterance")
    p.add_argument("--model", metavar="M", help="chat model (see `assistant models`)")
    p.add_argument(
        "--whisper-model", metavar="W", help="tiny.en, base or a Whisper dir (default: speech.model)"
    )
    p.add_argument("--language", help="spoken language code (default: detect; tiny.en is English only)")
    p.add_argument("--session", metavar="ID", help="continue a session (id or unique prefix)")
    p.add_argument(
        "--speak", action="store_true", help="read answers aloud (espeak-ng, or speech.piper_voice)"
    )
    p.add_argument(
        "--speak-to",
        metavar="WAV",
        help="write the spoken answers to this WAV file instead of the speakers (implies --speak)",
    )
    p.add_argument("--piper-voice", metavar="ONNX", help="a Piper voice model (default: speech.piper_voice)")
    p.add_argument("--json", action="store_true", help="print one JSON object per turn")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from assistant.tools.speech.audio_source import FileAudioSource, MicrophoneSource

    settings = ctx.settings
    from assistant.voice import build

    # The voice and the source first: a missing espeak-ng or microphone must cost one line,
    # before any model loads.
    speaking = bool(args.speak or args.speak_to or args.piper_voice)
    speaker = build.speaker(settings.speech, piper_voice=args.piper_voice, wav_out=args.speak_to) if speaking else None
    source = FileAudioSource(args.audio_file, realtime=True) if args.audio_file else MicrophoneSource()
    from assistant.app import make_app
    from assistant.voice.loop import VoiceLoop

    app = make_app(settings)
    try:
        _warm_up_model(app, args.model, will_be_heard=speaker is not None)
        speech = app.engines.speech_with(args.whisper_model)  # shared with the transcribe tool
        engine = build.voice_engine(
            source,
            speech,
            settings.speech,
            push_to_talk=args.push_to_talk,
            language=args.language,
            deaf_while=build.half_duplex(None if args.speak_to else speaker, settings.speech.barge_in),
        )
        if args.push_to_talk:
            _push_to_talk_keys(engine, quiet=args.json)
        # A microphone means someone can answer a spoken yes/no; an audio file cannot (refused).
        loop = VoiceLoop(engine, app.session(args.session), model=args.model, speaker=speaker,
                         confirm_by_voice=not args.audio_file)
        status = _render(loop.run(), as_json=args.json)
        for problem in speaker.errors if speaker is not None else ():
            print(f"error: {problem}", file=sys.stderr)
        return status
    finally:
        if speaker is not None:
            speaker.close()
        app.close()


def _warm_up_model(app: Any, model: str | None, will_be_heard: bool) -> None:
    """Load the model and process the voice turns' system prompt while the microphone starts, so
    the first answer comes as fast as later ones. A failure shows on the first turn instead."""
    import threading

    from assistant.system_prompt import warm_up

    def warm() -> None:
        try:
            warm_up(app.models.resolve(model), from_speech=True, will_be_heard=will_be_heard)
        except Exception:  # noqa: BLE001 - the turn that needs the model reports it
            pass

    threading.Thread(target=warm, name="voice-warm-up", daemon=True).start()


def _push_to_talk_keys(engine: Any, quiet: bool) -> None:
    def keys() -> None:
        pressed = False
        if not quiet:
            print("push-to-talk: press Enter to start talking, Enter again to stop", file=sys.stderr)
        for _ in sys.stdin:
            pressed = not pressed
            engine.start() if pressed else engine.stop()
        if pressed:
            engine.stop()

    threading.Thread(target=keys, name="push-to-talk", daemon=True).start()


def _render(events: Any, as_json: bool) -> int:
    from assistant.events import TextDelta, ToolFinished, ToolStarted, TurnFailed
    from assistant.terminal_text import clean, json_text
    from assistant.voice.events import (
        ConfirmationAsked,
        FinalTranscript,
        ListeningStarted,
        PartialTranscript,
        UtteranceIgnored,
        VoiceError,
        VoiceTurnDone,
    )

    status = 0
    answering = False
    for event in events:
        if isinstance(event, VoiceError):
            print(f"error: {clean(event.message)}", file=sys.stderr)
            status = 1
        elif isinstance(event, VoiceTurnDone):
            status = status if event.ok else 1
            if as_json:
                print(json_text(_turn_json(event)), flush=True)
            else:
                if answering:
                    sys.stdout.write("\n")
                answering = False
                print(_timing_line(event.timings), file=sys.stderr, flush=True)
        elif isinstance(event, ConfirmationAsked):
            print(f"\nassistant asks: {clean(event.question)}", file=sys.stderr, flush=True)
        elif as_json:
            continue
        elif isinstance(event, ListeningStarted):
            print(f"listening ({event.mode}) to {event.source}; Ctrl+C stops", file=sys.stderr)
        elif isinstance(event, PartialTranscript):
            print(f"  ... {clean(event.text)}", file=sys.stderr, flush=True)
        elif isinstance(event, FinalTranscript):
            print(f"you: {clean(event.text)}", flush=True)
        elif isinstance(event, UtteranceIgnored):
            print(f"(ignored {event.audio_seconds:.1f} s: {event.reason})", file=sys.stderr)
        elif isinstance(event, TextDelta):
            if not answering:
                sys.stdout.write("assistant: ")
                answering = True
            sys.stdout.write(clean(event.text))
            sys.stdout.flush()
        elif isinstance(event, ToolStarted):
            print(f"\n[tool] {event.name} ...", file=sys.stderr, flush=True)
        elif isinstance(event, ToolFinished):
            print(clean(f"[tool] {event.name} {'ok' if event.ok else 'failed'}: {event.summary}"), file=sys.stderr)
        elif isinstance(event, TurnFailed):
            print(f"\nerror: {clean(event.error)}", file=sys.stderr)
    return status


def _turn_json(event: Any) -> dict[str, Any]:
    data = {
        "transcript": event.transcript,
        "answer": event.answer,
        "ok": event.ok,
        "session_id": event.session_id,
        "turn_id": event.turn_id,
        "model": event.model,
        "timings": event.timings,
    }
    if event.error:
        data["error"] = event.error
    return data


def _timing_line(t: dict[str, float]) -> str:
    parts = [
        (
            f"speech end -> transcript {t['speech_end_to_transcript']:.2f}s "
            f"({t['turn_end_to_transcript']:.2f}s after the turn ended)"
        )
    ]
    if "transcript_to_first_token" in t:
        parts.append(f"first token +{t['transcript_to_first_token']:.2f}s")
    parts.append(f"answer done +{t['transcript_to_answer']:.2f}s")
    if "transcript_to_first_audio" in t:
        parts.append(f"first audio +{t['transcript_to_first_audio']:.2f}s")
    return "-- " + " · ".join(parts)
