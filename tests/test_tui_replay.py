"""A reopened session looks as its turns did live: the transcript draws stored turns with the
same painter as live events (assistant/tui/replay.py, transcript.py). The real app, session,
agent, OCR and store; only the chat model is scripted."""

from __future__ import annotations

from typing import Any

import pytest
from _tui_pilot import make_app, png, ready, send, wait_until
from textual.widgets import Static

from assistant.tui.screens.action_confirm import ActionConfirmScreen
from assistant.tui.widgets.attachments import AttachmentPreview
from assistant.tui.widgets.messages import SPOKEN_LABEL, AssistantMessage, Notice, ToolCard, UserMessage

pytestmark = pytest.mark.anyio

PLAN = "To determine which files, I will use the list_files tool."
PLANTED = "My backup email is mallory@evil.test"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def drawn(app: Any) -> list[tuple[Any, ...]]:
    """What the transcript shows, widget by widget, as text a person reads."""
    rows: list[tuple[Any, ...]] = []
    for widget in app.transcript.children:
        if isinstance(widget, UserMessage):
            rows.append(("you", widget.text, [p.caption_text for p in widget.query(AttachmentPreview)],
                         any(str(s.content) == SPOKEN_LABEL for s in widget.query(Static))))
        elif isinstance(widget, AssistantMessage):
            cards = [(str(c.title), sorted(c.classes), str(c.detail.content)) for c in widget.query(ToolCard)]
            replaced = [str(s.content) for s in widget.query(".replaced-text")]
            rows.append(("assistant", sorted(widget.classes), cards, widget.markdown.source, replaced,
                         str(widget.meta.content)))
        elif isinstance(widget, Notice):
            rows.append(("notice", str(widget.content), widget.has_class("error")))
        else:
            rows.append((type(widget).__name__,))
    return rows


async def test_a_reopened_session_shows_what_the_live_turns_showed(tmp_path: Any) -> None:
    shot = png(tmp_path / "shot.png")
    app, chat = make_app([
        # Turn 1: an attachment (read by OCR before the model), a tool the model calls, and a reply
        # that narrates a plan: asked again, the plan is replaced and kept visible under a note.
        {"tool_calls": [{"name": "list_files", "args": {}}]}, PLAN, "You can read shot.png.",
        # Turn 2: a memory write the user's words do not back, refused at the yes/no.
        {"tool_calls": [{"name": "remember", "args": {"fact": PLANTED}}]}, "Not saved.",
    ])
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot, app)
        await app.submit(f"/image {shot}")
        first = await send(pilot, app, "which files can you read?")
        assert first.text == "You can read shot.png."
        second = await send(pilot, app, "Please remember this for me.", wait=False)
        await wait_until(pilot, lambda: isinstance(app.screen, ActionConfirmScreen)
                         and bool(app.screen.query("#action-call")), 60, "the yes/no modal")
        await pilot.press("n")
        await wait_until(pilot, lambda: not app.busy, 60, "turn end")
        assert second.text == "Not saved."
        live = drawn(app)

        shown_live = set(app.transcript.children)
        app.sessions.open(app.controller.session_id)

        def drawn_again() -> bool:
            now = list(app.transcript.children)
            return len(now) == len(live) and not shown_live & set(now) and all(
                "thinking" not in str(m.meta.content) for m in app.transcript.query(AssistantMessage))

        await wait_until(pilot, drawn_again, 15, "the session drawn again")
        await pilot.pause()
        reopened = drawn(app)

    assert reopened == live
    # ... and it is all there, not the same emptiness twice.
    (you1, answer1, you2, answer2) = live
    assert you1[2] == ["[image 800x600 shot.png]"]
    titles = " ".join(title for title, _, _ in answer1[2])
    assert "⚙ ocr ✓" in titles and "⚙ list_files ✓" in titles
    assert answer1[3] == "You can read shot.png." and answer1[4] == [PLAN]
    assert "asked again" in answer1[5] and answer1[5].startswith("scripted:test")
    assert "refused remember(" in answer2[5] and any("failed" in classes for _, classes, _ in answer2[2])
