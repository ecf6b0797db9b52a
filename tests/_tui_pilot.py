"""Driving `assistant chat` headless in tests: a real app, controller and store, a scripted model."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from assistant.models.registry import ModelHandle
from assistant.models.scripted import ScriptedChatModel
from assistant.settings import load_settings
from assistant.store import ConversationStore
from assistant.tui.app import ChatApp
from assistant.tui.controller import ChatController
from assistant.tui.widgets.messages import AssistantMessage, Notice


async def wait_until(pilot: Any, predicate: Callable[[], bool], timeout: float = 15.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        await pilot.pause(0.02)


def make_app(replies: list[Any] = (), delay: float = 0.0, model: ScriptedChatModel | None = None,
             **kwargs: Any) -> tuple[ChatApp, ScriptedChatModel]:
    chat = model or ScriptedChatModel(list(replies), delay=delay)
    handle = ModelHandle("scripted:test", chat, "scripted", can_see=False, native_tools=True)
    controller = ChatController(load_settings, handle=handle, **kwargs)
    return ChatApp(controller, images=False), chat


def notices(app: ChatApp) -> list[str]:
    return [str(n.content) for n in app.query(Notice)]


def error_notices(app: ChatApp) -> list[str]:
    return [str(n.content) for n in app.query(Notice) if n.has_class("error")]


async def ready(pilot: Any, app: ChatApp) -> None:
    await wait_until(pilot, lambda: app.ready_at is not None, what="start-up")


async def send(pilot: Any, app: ChatApp, text: str, wait: bool = True) -> AssistantMessage:
    app.prompt.value = text
    before = len(app.query(AssistantMessage))
    # Not pilot.press("enter"): the pilot waits for the app to go idle, i.e. for the whole turn.
    await app.prompt.action_submit()
    await wait_until(pilot, lambda: len(app.query(AssistantMessage)) > before, what="assistant message")
    message = app.query(AssistantMessage).last()
    if wait:
        await wait_until(pilot, lambda: not app.busy, what="turn end")
    return message


def png(path: Path, size: tuple[int, int] = (800, 600)) -> Path:
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).text((20, 20), "build failed: exit 1", fill="black")
    image.save(path)
    return path


def seed_session(title_text: str, answer: str) -> str:
    store = ConversationStore(load_settings().home)
    try:
        sid = store.create_session()
        store.add_user_turn(sid, title_text)
        store.add_assistant_turn(sid, answer, model="scripted:old")
        return sid
    finally:
        store.close()


def heard_fox(text: str) -> bool:
    # "The quick brown fox jumps over the lazy dog"; Whisper tiny.en hears "quick round fox".
    words = set(re.findall(r"[a-z]+", text.lower()))
    return {"quick", "fox", "lazy", "dog"} <= words
