"""Pilot tests of `assistant chat`: the real app, the real session/agent/store, a scripted model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from _tui_pilot import error_notices, make_app, notices, png, ready, seed_session, send, wait_until
from textual import events

from assistant.models.scripted import ScriptedChatModel
from assistant.settings import load_settings
from assistant.tui.controller import ChatController
from assistant.tui.widgets.attachments import AttachmentPreview
from assistant.tui.widgets.messages import AssistantMessage, ToolCard, UserMessage
from assistant.tui.widgets.sidebar import SessionItem, Sidebar

# anyio's pytest plugin runs the async tests (no pytest-asyncio in the dev extras).
pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_send_streams_markdown_answer() -> None:
    answer = "The answer is **42**, see:\n\n```python\nprint(42)\n```\n\n" + " ".join(["more"] * 40)
    app, chat = make_app([answer], delay=0.03)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        message = await send(pilot, app, "what is the answer?", wait=False)
        # Seen part-way: the text grows while the turn is still running.
        await wait_until(pilot, lambda: 0 < len(message.text) < len(answer) and app.busy, what="partial text")
        await wait_until(pilot, lambda: not app.busy)
        assert message.text == answer
        assert "**42**" in message.markdown.source and "print(42)" in message.markdown.source
        meta = str(message.meta.content)
        assert meta.startswith("scripted:test") and "first token" in meta and "total" in meta
        assert "what is the answer?" in [u.text for u in app.query(UserMessage)]
        assert chat.received[-1][-1].content == "what is the answer?"
        turns = app.controller.store.turns(app.controller.session_id)
        assert [(t.role, t.status) for t in turns] == [("user", "complete"), ("assistant", "complete")]


async def test_image_attachment_preview_and_tool_card(tmp_path: Path) -> None:
    shot = png(tmp_path / "shot.png")
    app, chat = make_app([{"tool_calls": [{"name": "list_files", "args": {}}]}, "There is one file, shot.png."])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        app.prompt.value = f"/image {shot}"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.pending.items, what="pending attachment")
        captions = [p.caption_text for p in app.pending.query(AttachmentPreview)]
        assert captions == ["[image 800x600 shot.png]"]
        message = await send(pilot, app, "which files can you read?")
        assert not app.pending.items
        user = app.query(UserMessage).last()
        assert [p.caption_text for p in user.query(AttachmentPreview)] == ["[image 800x600 shot.png]"]
        cards = {c.tool_name: c for c in app.query(ToolCard)}
        card = cards["list_files"]
        assert "file(s)" in str(card.title) and card.has_class("ok")  # the original path and its stored copy
        # The image was read by its tool (OCR) before the model was asked: that shows as a card too.
        assert any(c.args.get("path", "").endswith("shot.png") for c in cards.values())
        assert card.collapsed
        await pilot.click(card.query_one("CollapsibleTitle"))
        await wait_until(pilot, lambda: not card.collapsed, what="card expands")
        detail = str(card.detail.content)
        assert "arguments: {}" in detail and "duration:" in detail and "evidence:" in detail
        assert message.text == "There is one file, shot.png."
        # The attachment reached the model as a note naming the file.
        assert "shot.png" in str(chat.received[0][-1].content)


async def test_esc_cancels_turn_and_prompt_comes_back() -> None:
    app, _ = make_app([" ".join(f"word{i}" for i in range(60)), "second answer"], delay=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        message = await send(pilot, app, "tell me a long story", wait=False)
        await wait_until(pilot, lambda: "word2" in message.text, what="streaming")
        await pilot.press("escape")
        assert app.prompt.value == "tell me a long story"
        assert not app.busy and message.has_class("interrupted")
        assert "word59" not in message.text
        # The next question waits for the cancelled turn to drain, then goes through.
        second = await send(pilot, app, "and now?")
        assert second.text == "second answer"
        turns = app.controller.store.turns(app.controller.session_id)
        assert [(t.role, t.status) for t in turns] == [
            ("user", "complete"), ("assistant", "interrupted"), ("user", "complete"), ("assistant", "complete")]
        assert turns[1].content.startswith("word0 word1 word2") and "word59" not in turns[1].content


async def test_resume_session_from_sidebar() -> None:
    seed_session("tell me about penguins", "Penguins are flightless birds.")
    app, _ = make_app(["Emperor penguins are the tallest."])
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot, app)
        sidebar = app.query_one(Sidebar)
        await wait_until(pilot, lambda: sidebar.query(SessionItem), what="sessions listed")
        sidebar.list.focus()
        sidebar.list.index = 0
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.query(AssistantMessage), what="resumed turns")
        assert [m.text for m in app.query(AssistantMessage)] == ["Penguins are flightless birds."]
        await send(pilot, app, "which is the tallest?")
        assert len(app.controller.store.turns(app.controller.session_id)) == 4


async def test_search_history_and_open_hit() -> None:
    seed_session("how do I tune sqlite", "Use WAL mode and a busy timeout.")
    seed_session("what about penguins", "They live in the south.")
    app, _ = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot, app)
        app.prompt.value = "/history busy timeout"
        await pilot.press("enter")
        sidebar = app.query_one(Sidebar)
        title = sidebar.query_one("#sidebar-title")
        await wait_until(pilot, lambda: "hit(s)" in str(title.content), what="hits")
        items = list(sidebar.query(SessionItem))
        assert len(items) == 1 and "busy" in str(items[0].query_one("Label").content)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.query(AssistantMessage), what="session opened")
        assert app.query(AssistantMessage).last().text == "Use WAL mode and a busy timeout."
        # The search box does the same.
        await pilot.press("ctrl+f")
        await pilot.press(*"penguins", "enter")
        await wait_until(pilot, lambda: "'penguins'" in str(title.content), what="box search")
        assert len(sidebar.query(SessionItem)) == 1


async def test_a_late_sessions_refresh_does_not_replace_search_hits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sidebar shows the listing asked for last: a refresh asked before a search (a turn just
    ended, a session was opened) whose answer comes after the hits is dropped."""
    seed_session("what about penguins", "They live in the south.")
    seed_session("and sqlite?", "Use WAL mode.")
    app, _ = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot, app)
        sidebar = app.query_one(Sidebar)
        title = sidebar.query_one("#sidebar-title")
        await wait_until(pilot, lambda: "sessions (2)" in str(title.content), what="sessions listed")
        recent = app.controller.sessions.recent

        def slow_recent(limit: int = 100) -> Any:
            time.sleep(0.5)
            return recent(limit)

        monkeypatch.setattr(app.controller.sessions, "recent", slow_recent)
        app.sessions.refresh()
        app.sessions.search("penguins")
        await wait_until(pilot, lambda: "'penguins'" in str(title.content), what="hits")
        await pilot.pause(1.0)  # the refresh's answer has come by now
        assert "'penguins'" in str(title.content) and len(sidebar.query(SessionItem)) == 1


@pytest.mark.slow
async def test_remember_then_memories_then_forget() -> None:
    app, _ = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        app.prompt.value = "/remember My cat is called Miso"
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("remembered" in n for n in notices(app)), 60, "remember")
        app.prompt.value = "/memories"
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(n.startswith("memories:") for n in notices(app)), 30, "list")
        listing = next(n for n in notices(app) if n.startswith("memories:"))
        assert "Miso" in listing
        app.prompt.value = "/forget my cat"
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(n.startswith("forgot") for n in notices(app)), 30, "forget")
        assert app.controller.memory.summaries() == []


async def test_tiny_window_does_not_crash() -> None:
    app, _ = make_app(["short answer"])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        await pilot.resize_terminal(12, 4)
        await pilot.pause()
        assert app.query_one(Sidebar).has_class("narrow")
        message = await send(pilot, app, "hi")
        assert message.text == "short answer"
        await pilot.resize_terminal(1, 1)
        await pilot.pause()
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.is_running and not app.query_one(Sidebar).has_class("narrow")


async def test_missing_attachment_is_one_line_error(tmp_path: Path) -> None:
    app, _ = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        app.prompt.value = f"/image {tmp_path / 'nope.png'}"
        await pilot.press("enter")
        await wait_until(pilot, lambda: error_notices(app), what="error notice")
        [error] = error_notices(app)
        assert "does not exist" in error and "\n" not in error
        assert not app.pending.items
        (tmp_path / "notes.png").write_text("not an image")
        app.prompt.value = f"/image {tmp_path / 'notes.png'}"
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(error_notices(app)) == 2, what="second error")
        assert "not" in error_notices(app)[1] and not app.pending.items


class DyingModel(ScriptedChatModel):
    """Streams three words of its second reply, then the connection dies."""

    def _stream(self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any) -> Any:
        for i, chunk in enumerate(super()._stream(messages, stop, run_manager, **kwargs)):
            if len(self.received) == 2 and i == 3:
                raise ConnectionError("backend process died")
            yield chunk


async def test_backend_dying_mid_stream_keeps_history() -> None:
    app, _ = make_app(model=DyingModel(["first answer", "one two three four five"]))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        await send(pilot, app, "first question")
        message = await send(pilot, app, "second question")
        assert message.has_class("failed")
        assert message.text.startswith("one two three")
        assert any("died" in n or "ConnectionError" in n for n in error_notices(app)), error_notices(app)
        assert app.query(AssistantMessage).first().text == "first answer"
        turns = app.controller.store.turns(app.controller.session_id)
        assert [(t.role, t.status) for t in turns] == [
            ("user", "complete"), ("assistant", "complete"), ("user", "complete"), ("assistant", "failed")]
        assert turns[1].content == "first answer"


async def test_pasted_path_attaches_and_huge_paste_is_cut(tmp_path: Path) -> None:
    shot = png(tmp_path / "my shot.png", (64, 48))
    app, _ = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        app.prompt.post_message(events.Paste(f"'{shot}'"))
        await wait_until(pilot, lambda: app.pending.items, what="pasted attachment")
        assert app.pending.items[0].path == shot.resolve() and app.prompt.value == ""
        app.prompt.post_message(events.Paste("x" * 50_000 + "\nmore"))
        await wait_until(pilot, lambda: app.prompt.value, what="paste inserted")
        assert len(app.prompt.value) == 20_000


async def test_export_delete_with_confirm_and_help(tmp_path: Path) -> None:
    app, _ = make_app(["exported answer"])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        await send(pilot, app, "question to export")
        sid = app.controller.session_id
        target = tmp_path / "out.md"
        app.prompt.value = f"/export {target}"
        await pilot.press("enter")
        await wait_until(pilot, target.exists, what="export")
        text = target.read_text()
        assert "question to export" in text and "exported answer" in text
        app.prompt.value = "/delete"
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen", what="confirm")
        await pilot.press("y")
        await wait_until(pilot, lambda: any("deleted" in n for n in notices(app)), what="deleted")
        assert sid not in [s.id for s in app.controller.sessions.recent()]
        await pilot.press("f1")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen", what="help")
        assert "/remember" in app.screen.query_one("Markdown").source
        await pilot.press("escape")
        await wait_until(pilot, lambda: type(app.screen).__name__ != "HelpScreen", what="help closes")


async def test_unknown_command_and_missing_features() -> None:
    app, _ = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        app.prompt.value = "/remmber x"
        await pilot.press("enter")
        await wait_until(pilot, lambda: error_notices(app), what="unknown command")
        assert "unknown command /remmber" in error_notices(app)[0]
        # Push-to-talk with the default source (the microphone): this machine has none.
        await pilot.press("f5")
        await wait_until(pilot, lambda: app.voice.listening or any(w in n for n in error_notices(app) for w in (
            "microphone", "PortAudio", "sounddevice")), what="voice notice")
        if app.voice.listening:  # a machine with a microphone
            await pilot.press("f5")


async def test_slash_completion_suggests_commands_and_paths(tmp_path: Path) -> None:
    from assistant.tui.commands import SlashSuggester
    from assistant.tui.slash.table import COMMANDS

    png(tmp_path / "screen.png", (8, 8))
    suggester = SlashSuggester(COMMANDS)
    assert await suggester.get_suggestion("/rem") == "/remember"
    assert await suggester.get_suggestion(f"/image {tmp_path}/scr") == f"/image {tmp_path}/screen.png"
    assert await suggester.get_suggestion("hello") is None


def test_controller_alone_with_scripted_model_file(tmp_path: Path) -> None:
    """The controller drives a turn without any UI, through `--model scripted:FILE`."""
    from assistant.events import AnswerDone, TextDelta

    script = tmp_path / "replies.json"
    script.write_text(json.dumps(["from the file"]))
    controller = ChatController(load_settings, model=f"scripted:{script}")
    controller.start()
    try:
        assert controller.load_error is None and controller.model_label == "scripted:replies.json"
        events_seen = list(controller.turns.send("hello"))
        assert "".join(e.text for e in events_seen if isinstance(e, TextDelta)) == "from the file"
        assert isinstance(events_seen[-1], AnswerDone)
        assert controller.sessions.search("hello")[0].session_id == controller.session_id
    finally:
        controller.close()


def test_help_does_not_import_textual() -> None:
    code = "import sys, assistant.cli as c; c.build_parser(); print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, check=True)
    assert out.stdout.strip() == "False"


# -- push-to-talk ------------------------------------------------------------------------------
