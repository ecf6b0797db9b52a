"""`assistant transcribe PATH`: speech to text, offline (Whisper via faster-whisper).

    assistant transcribe memo.wav                     # the text (speech.file_model: base by default)
    assistant transcribe talk.mp4 --model tiny.en     # faster, English only; a video's sound track works
    assistant transcribe nota.ogg --language es --translate
    assistant transcribe memo.wav --json              # text, language, segments, timings
    assistant transcribe memo.wav --find milk         # when "milk" is first said (word timestamps)

The packaged ``base`` model is assembled once under the models folder (``<home>/models``
unless ``models_path`` is set), as for `assistant voice`.
faster-whisper and PyAV load only when the command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.cli import CliContext


LONG_FILE_S = 180.0
"""Files at least this long show progress (about 30-60 s of work on 2 cores)."""


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}"


def _show_progress(done: float, total: float) -> None:
    share = f" ({done / total:.0%})" if total > 0 else ""
    end = "\r" if sys.stderr.isatty() else "\n"
    sys.stderr.write(f"transcribing {_clock(done)} / {_clock(total)}{share}{end}")
    sys.stderr.flush()


def _clear_progress() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[K")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("transcribe", help="transcribe speech in an audio or video file")
    parser.add_argument("path", help="audio or video file (WAV, MP3, OGG, FLAC, M4A, MP4, MKV, ...)")
    parser.add_argument("--language", help="language code such as en, de, es (default: detect)")
    parser.add_argument(
        "--translate", action="store_true", help="translate the speech to English (needs base)"
    )
    parser.add_argument("--model", help="tiny.en, base, or a CTranslate2 Whisper dir (default: speech.file_model)")
    parser.add_argument("--json", action="store_true", help="print one JSON object with segments and timings")
    parser.add_argument("--find", metavar="TEXT", help="when TEXT is first said (start and end time)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from assistant.terminal_text import clean
    from assistant.tools.speech.audio_io import probe_duration

    tool = ctx.engines.speech_with(args.model) if args.model else ctx.engines.speech_for_files
    if args.find is not None:
        return _find(args, tool)
    # Long files: a progress line on stderr and, without --json, each segment as it is heard.
    long = probe_duration(args.path) >= LONG_FILE_S
    streamed: list[str] = []

    def on_segment(segment: Any) -> None:
        if not args.json and segment.text:
            _clear_progress()
            print(clean(segment.text), flush=True)
            streamed.append(segment.text)

    result = tool.transcribe(
        args.path,
        language=args.language,
        translate=args.translate,
        on_progress=_show_progress if long else None,
        on_segment=on_segment if long else None,
    )
    if long:
        _clear_progress()
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    if result.text and not streamed:
        print(clean(result.text))
    else:
        print(clean(f"{args.path}: {result.note}"), file=sys.stderr)
    for dropped in result.dropped:
        print(
            f"dropped [{dropped.segment.start:.1f}-{dropped.segment.end:.1f} s] "
            f"{dropped.segment.text!r}: {dropped.reason}",
            file=sys.stderr,
        )
    return 0


def _find(args: argparse.Namespace, tool: Any) -> int:
    from assistant.tools.errors import ToolInputError
    from assistant.tools.when.in_speech import find_spoken

    if args.translate:
        raise ToolInputError("--find searches the words as spoken; use it without --translate")
    result = find_spoken(args.path, args.find, tool, language=args.language)
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    print(result.answer())
    print(result.summary(), file=sys.stderr)
    return 0
