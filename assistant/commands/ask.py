"""`assistant ask "QUESTION"`: one turn, streamed to the terminal or printed as one JSON object."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    from assistant.media_kinds import MEDIA_KINDS

    p = sub.add_parser("ask", help="ask one question (streams the answer)")
    p.add_argument("question", help="the question")
    for kind in MEDIA_KINDS:
        p.add_argument(kind.flag, action="append", default=[], metavar="PATH", help=kind.flag_help)
    p.add_argument("--screenshot", action="store_true", help="capture the screen and attach it")
    p.add_argument("--clipboard", action="store_true", help="attach the image on the clipboard")
    p.add_argument("--session", metavar="ID", help="continue a session (id or unique prefix)")
    p.add_argument("--model", metavar="M", help="model to use (see `assistant models`)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of streaming")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from assistant.models.registry import ModelFactory
    from assistant.turn_plan import plan_turn

    # The model loads (in llama.cpp's child process) while the libraries below are imported: in a
    # fresh process the two take about as long each. Live-data questions and exact answers (a clock sum, a unit
    # conversion) need no model, so none is loaded for them.
    models = ModelFactory(ctx.settings)
    attached = bool(_attached(args) or args.screenshot or args.clipboard)
    if not args.question.strip() and not attached:
        from assistant.errors import EmptyQuestion

        raise EmptyQuestion()  # before a session is created or a model loaded: nothing is stored
    if plan_turn(args.question, attached, ctx.settings.agent.tools).needs_model:
        models.preload(args.model)

    from assistant.app import make_app
    from assistant.events import AnswerDone, TextDelta, ToolFinished, ToolStarted, TurnFailed
    from assistant.session import Turn
    from assistant.terminal_text import clean, json_text

    captured = _captures(args, ctx.settings.home / "captures")
    app = make_app(ctx.settings, models)
    try:
        session = app.session(args.session)
        turn = Turn(args.question, _attached(args, captured), args.model)
        streamed = False
        for event in session.send(turn):
            if isinstance(event, TextDelta) and not args.json:
                sys.stdout.write(clean(event.text))
                sys.stdout.flush()
                streamed = True
            elif isinstance(event, ToolStarted) and not args.json:
                print(clean(f"\n[tool] {event.name}({_args(event.args)}) ..."), file=sys.stderr, flush=True)
            elif isinstance(event, ToolFinished) and not args.json:
                mark = "ok" if event.ok else "failed"
                print(clean(f"[tool] {event.name} {mark} in {event.seconds:.2f}s: {event.summary}"), file=sys.stderr)
            elif isinstance(event, AnswerDone):
                if args.json:
                    print(json_text(_answer_json(event), indent=2))
                else:
                    if not streamed:
                        sys.stdout.write(clean(event.text))
                    sys.stdout.write("\n")
                    for note in event.notes:
                        print(clean(f"[note] {note}"), file=sys.stderr)
                    t = event.timings
                    print(f"-- {event.model} · session {event.session_id} · first token "
                          f"{t.get('first_token', 0):.2f}s · total {t.get('total', 0):.2f}s", file=sys.stderr)
                return 0
            elif isinstance(event, TurnFailed):
                if args.json:
                    print(json_text({"session_id": event.session_id, "error": event.error,
                                     "partial_answer": event.partial_text}))
                else:
                    if streamed:
                        sys.stdout.write("\n")
                    print(f"error: {clean(event.error)}", file=sys.stderr)
                return 1
        return 1
    finally:
        app.close()


def _attached(args: argparse.Namespace, captured: list[Any] | None = None) -> list[Any]:
    """The files of each --image/--audio/--video flag, in the table's order; screen and clipboard
    captures are images and follow the --image files."""
    from assistant.media_kinds import MEDIA_KINDS

    paths: list[Any] = []
    for kind in MEDIA_KINDS:
        paths += getattr(args, kind.name)
        if kind.name == "image":
            paths += captured or []
    return paths


def _captures(args: argparse.Namespace, out_dir: Any) -> list[Any]:
    from assistant.tools.capture import capture_screen, clipboard_image

    paths = []
    if args.screenshot:
        paths.append(capture_screen(out_dir))
    if args.clipboard:
        paths.append(clipboard_image(out_dir))
    return paths


def _args(args: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in args.items())


def _answer_json(event: Any) -> dict[str, Any]:
    return {
        "session_id": event.session_id,
        "turn_id": event.turn_id,
        "model": event.model,
        "answer": event.text,
        "tool_calls": event.tool_calls,
        "evidence": event.evidence,
        "timings": event.timings,
        "notes": event.notes,
        "plan": event.plan,
        "offered_tools": event.offered_tools,
        "replaced_answer": event.replaced or None,  # the model's words when a check replaced them
        "refused_actions": [r.to_dict() for r in event.refused_actions],
    }
