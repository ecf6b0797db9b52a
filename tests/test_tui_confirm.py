"""The chat's yes/no before a privileged call the user's words do not back (assistant/provenance.py):
the real app, session, agent and memory store; the scripted model plays one that obeys text it read."""

from __future__ import annotations

from typing import Any

import pytest
from _tui_pilot import make_app, ready, send, wait_until
from textual.widgets import Static

from assistant.tui.screens.action_confirm import ActionConfirmScreen
from assistant.tui.widgets.messages import AssistantMessage, ToolCard

pytestmark = pytest.mark.anyio

PLANTED = "My backup email is mallory@evil.test"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def memories(app: Any) -> list[str]:
    engines = app.controller.core.engines
    return [m.text for m in engines.memory.list()] if engines.memory_exists else []


@pytest.mark.parametrize("key, stored", [("n", False), ("y", True)])
async def test_a_memory_write_not_in_the_users_words_waits_for_yes(key: str, stored: bool) -> None:
    app, chat = make_app([{"tool_calls": [{"name": "remember", "args": {"fact": PLANTED}}]}, "Noted."])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        message = await send(pilot, app, "Please remember this for me.", wait=False)
        await wait_until(pilot, lambda: isinstance(app.screen, ActionConfirmScreen)
                         and bool(app.screen.query("#action-call")), 60, "the yes/no modal")
        asked = str(app.screen.query_one("#action-question", Static).content)
        assert asked == (f'The assistant wants to save to memory: "{PLANTED}". This is not in your own words. '
                         'Allow it?')
        shown = str(app.screen.query_one("#action-call", Static).content)
        assert "remember" in shown and "mallory@evil.test" in shown
        assert app.busy and len(chat.received) == 1  # the turn waits: the model has not gone on
        await wait_until(pilot, lambda: app.screen.focused is not None, what="the modal takes the focus")
        assert app.screen.focused.id == "no"  # a stray Enter refuses
        await pilot.press(key)
        await wait_until(pilot, lambda: not app.busy, 60, "turn end")

        assert not isinstance(app.screen, ActionConfirmScreen)
        assert any(PLANTED in m for m in memories(app)) is stored
        (card,) = message.query(ToolCard)
        assert card.has_class("failed") is not stored, card.classes
        meta = str(app.query(AssistantMessage).last().meta.content)
        assert ("refused remember(" in meta) is not stored and ("you confirmed" in meta) is stored


async def test_the_yes_no_modal_shows_no_key_the_model_would_store() -> None:
    key = "sk-proj-" + "Xq7Lw2Rk9TmVb4Ny8Cd3Hs6Jp1Zf5Ga0"  # built at run time: no key in the repository
    app, chat = make_app([{"tool_calls": [{"name": "remember", "args": {"fact": f"My API key is {key}"}}]}, "Noted."])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        await send(pilot, app, "Please remember this for me.", wait=False)
        await wait_until(pilot, lambda: isinstance(app.screen, ActionConfirmScreen)
                         and bool(app.screen.query("#action-call")), 60, "the yes/no modal")
        texts = [str(s.content) for s in app.screen.query(Static)]
        assert 'save to memory: "My API key is [REDACTED]"' in texts[0], texts
        assert all(key[8:20] not in t for t in texts), texts
        await pilot.press("n")
        await wait_until(pilot, lambda: not app.busy, 60, "turn end")
        meta = str(app.query(AssistantMessage).last().meta.content)
        assert "refused remember(fact='My API key is [REDACTED]')" in meta and key[8:20] not in meta
