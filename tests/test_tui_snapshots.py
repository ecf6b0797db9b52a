"""SVG snapshots that pin the chat TUI's layout (see tests/snapshots.py for how they compare).

Deterministic states only: a fixed 100x30 terminal, the scripted model, a fresh data dir per
test (so the sidebar holds only what the test made), and the help screen's static text.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from snapshots import assert_snapshot, freeze_cursors

from assistant.models.registry import ModelHandle
from assistant.models.scripted import ScriptedChatModel
from assistant.settings import load_settings
from assistant.tui.app import ChatApp
from assistant.tui.controller import ChatController
from assistant.tui.widgets.messages import ToolCard

pytestmark = pytest.mark.anyio
SIZE = (100, 30)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def wait_until(pilot: Any, predicate: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {predicate}"
        await pilot.pause(0.02)


def make_app(replies: list[Any]) -> ChatApp:
    chat = ScriptedChatModel(list(replies))
    handle = ModelHandle("scripted:test", chat, "scripted", can_see=False, native_tools=True)
    return ChatApp(ChatController(load_settings, handle=handle), images=False)


async def settle(pilot: Any) -> None:
    # Let pending layout and refreshes land before export.
    freeze_cursors(pilot.app)
    await pilot.pause(0.2)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause(0.1)


async def test_snapshot_empty_chat_on_start() -> None:
    app = make_app([])
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready_at is not None)
        await settle(pilot)
        assert_snapshot(app.export_screenshot(), "chat_empty")


async def test_snapshot_finished_answer_with_tool_card() -> None:
    app = make_app(
        [
            {"tool_calls": [{"name": "list_files", "args": {}}]},
            "You can read **one** folder.\n\n```text\nnotes.txt\n```",
        ]
    )
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready_at is not None)
        app.prompt.value = "which files can you read?"
        await app.prompt.action_submit()
        await wait_until(pilot, lambda: not app.busy and bool(app.query(ToolCard)))
        await settle(pilot)
        assert_snapshot(app.export_screenshot(), "chat_answer_tool_card")


async def test_snapshot_help_screen() -> None:
    app = make_app([])
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.ready_at is not None)
        await pilot.press("f1")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        await settle(pilot)
        assert_snapshot(app.export_screenshot(), "help_screen")
