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
    try:
        from assistant.tui.app import ChatApp
    except ImportError as exc:
        from assistant.errors import ConfigError

        raise ConfigError(f"the chat UI needs textual ({exc.name} is missing): pip install 'terminal-assistant[tui]'")
    from assistant.tui.controller import ChatController
    from assistant.tui.widgets.attachments import preload_image_support

    images = not args.no_images and preload_image_support()
    # Settings load inside the app's start-up worker, after the first paint (pydantic-settings
    # costs ~0.5 s to import here).
    controller = ChatController(lambda: ctx.settings, model=args.model, session_id=args.session)
    ChatApp(controller, images=images).run()
    return 0
