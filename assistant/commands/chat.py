"""`assistant chat`: the terminal chat UI. Textual and the agent stack load only when it runs."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("chat", help="chat in a full-screen terminal UI (sessions, attachments, memory)")
    p.add_argument("--model", metavar="M", help="model to use (see `assistant models`), e.g. scripted:FILE")
    p.add_argument("--session", metavar="ID", help="resume a session (id or unique prefix)")
    p.add_argument("--no-images", action="store_true", help="show image attachments as text captions only")
    p.add_argument("--audio-file", metavar="PATH",
                   help="push-to-talk (F5) plays this audio file in real time instead of using the microphone")
    p.add_argument("--voice-fill", action="store_true",
                   help="push-to-talk only fills the prompt with the transcript (default: sends it)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    import threading

    audio_factory = _audio_file_source(args.audio_file) if args.audio_file else None

    images: dict[str, bool] = {}
    # textual-image asks the terminal about graphics support before Textual takes it over; its
    # waits are I/O, so they overlap with importing the app instead of adding to time-to-paint.
    probe = threading.Thread(target=lambda: images.setdefault("ok", _preload_images()), daemon=True)
    if not args.no_images:
        probe.start()
    try:
        from assistant.tui.app import ChatApp
    except ImportError as exc:
        from assistant.errors import ConfigError

        raise ConfigError(
            f"the chat UI needs textual ({exc.name} is missing): pip install 'terminal-assistant[tui]'"
        ) from None
    from assistant.tui.controller import ChatController

    if probe.is_alive() or probe.ident is not None:
        probe.join(timeout=3.0)
    # Settings load inside the app's start-up worker, after the first paint (pydantic-settings
    # costs ~0.5 s to import here).
    controller = ChatController(lambda: ctx.settings, model=args.model, session_id=args.session,
                                audio_source_factory=audio_factory, voice_autosend=not args.voice_fill)
    ChatApp(controller, images=images.get("ok", False)).run()
    return 0


def _audio_file_source(path: str) -> Any:
    """A factory that plays ``path`` from the start, in real time, on every push-to-talk press."""
    from pathlib import Path

    from assistant.tools.errors import ToolInputError

    file = Path(path).expanduser()
    if not file.is_file():  # say so now, not on the first F5 press
        raise ToolInputError(f"--audio-file {path}: no such file")

    def open_file() -> Any:
        from assistant.tools.speech.audio_source import FileAudioSource

        return FileAudioSource(file, realtime=True)

    return open_file


def _preload_images() -> bool:
    from assistant.tui.widgets.attachments import preload_image_support

    return preload_image_support()
