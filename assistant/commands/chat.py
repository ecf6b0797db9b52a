"""`assistant chat`: the terminal chat UI. Textual and the agent stack load only when it runs."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("chat", help="chat in a full-screen terminal UI (sessions, attachments, memory)")
    p.add_argument("--model", metavar="M", help="model to use (see `assistant models`), e.g. scripted:FILE")
    p.add_argument("--session", metavar="ID", help="resume a session (id or unique prefix)")
    p.add_argument("--no-images", action="store_true", help="show image attachments as text captions only")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    import threading

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

        raise ConfigError(f"the chat UI needs textual ({exc.name} is missing): pip install 'terminal-assistant[tui]'")
    from assistant.tui.controller import ChatController

    if probe.is_alive() or probe.ident is not None:
        probe.join(timeout=3.0)
    # Settings load inside the app's start-up worker, after the first paint (pydantic-settings
    # costs ~0.5 s to import here).
    controller = ChatController(lambda: ctx.settings, model=args.model, session_id=args.session)
    ChatApp(controller, images=images.get("ok", False)).run()
    return 0


def _preload_images() -> bool:
    from assistant.tui.widgets.attachments import preload_image_support

    return preload_image_support()
