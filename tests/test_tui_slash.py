"""Slash commands are one table (assistant/tui/slash/table.py): help, completion, the palette and
the unknown-command line read it, and each handler gets a narrow CommandContext, never the app.

The handler tests give that context fakes at its seams (the services, the pending bar, the
transcript); attachments are checked for real. The app tests drive the real chat."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from _tui_pilot import error_notices, make_app, notices, png, ready, wait_until
from textual.app import App

from assistant.errors import AssistantError, one_line
from assistant.tools.images.search import ImageHit, SearchResult
from assistant.tui.services.attachments import AttachmentService
from assistant.tui.slash.command import Command, CommandContext
from assistant.tui.slash.parse import UnknownCommand, parse
from assistant.tui.slash.table import COMMANDS

DATA = Path(__file__).parent / "data"


# -- handlers against a fake context ---------------------------------------------------------------
class Pending:
    def __init__(self) -> None:
        self.items: list[Any] = []

    async def add(self, shown: Any) -> None:
        self.items.append(shown)

    async def clear(self) -> list[Any]:
        taken, self.items = self.items, []
        return taken


class Screen:
    def __init__(self) -> None:
        self.cleared = 0
        self.images: list[Path] = []

    async def clear(self) -> None:
        self.cleared += 1

    async def show_images(self, paths: Any) -> None:
        self.images += list(paths)


class Memory:
    def __init__(self) -> None:
        self.facts: list[str] = []

    def remember(self, text: str) -> str:
        if not text.strip():
            raise AssistantError("say what to remember: /remember TEXT")
        self.facts.append(text)
        return f"[m1] {text}"

    def summaries(self) -> list[str]:
        return [f"[m{i}] {f}" for i, f in enumerate(self.facts, 1)]

    def forget(self, query: str) -> list[str]:
        gone = [f for f in self.facts if query in f]
        self.facts = [f for f in self.facts if f not in gone]
        return gone


class Fake:
    """A CommandContext whose parts record what the handlers asked of them."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, bool]] = []
        self.toasts: list[str] = []
        self.calls: list[Any] = []
        self.later: list[Any] = []
        self.pending = Pending()
        self.screen = Screen()
        self.services = SimpleNamespace(
            memory=Memory(), attachments=AttachmentService(runtime=None),  # type: ignore[arg-type]
            voice=SimpleNamespace(autosend=True),
            models=SimpleNamespace(label="scripted:a", names=lambda: ["scripted:a", "embedded:b"],
                                   switch=lambda name: f"label-of-{name}"),
            images=SimpleNamespace(search=self.search_images),
        )
        sessions = SimpleNamespace(search=lambda q: self.calls.append(("history", q)), new=self.record("new"),
                                   act=self.record("act"))
        self.ctx = CommandContext(
            services=self.services,  # type: ignore[arg-type]
            notice=lambda text, error=False: self.lines.append((text, error)),
            notify=self.toasts.append, background=self.background, pending=self.pending, transcript=self.screen,
            sessions=sessions, voice=SimpleNamespace(toggle=self.record("toggle")),  # type: ignore[arg-type]
            copy=lambda code: self.calls.append(("copy", code)), help=lambda: self.calls.append(("help",)),
            status=lambda: self.calls.append(("status",)))

    def record(self, name: str) -> Any:
        async def call(*args: Any) -> bool:
            self.calls.append((name, *args))
            return True

        return call

    def background(self, fn: Any, done: Any = None) -> None:
        """As the app's: the call's error is one line, ``done`` gets the result (it may be async)."""
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001
            self.lines.append((one_line(exc), True))
            return
        if done is not None:
            self.later.append(done(result))

    @staticmethod
    def search_images(query: str) -> SearchResult:
        hits = [ImageHit(f"/photos/{i}.png", "0" * 64, 1.0 / i, ["ocr"], "red car") for i in range(1, 7)]
        return SearchResult(query, "ocr-text", hits)

    def run(self, line: str) -> None:
        async def go() -> None:
            call = parse(line, COMMANDS)
            assert call is not None
            await call.run(self.ctx)
            for pending in self.later:
                if asyncio.iscoroutine(pending):
                    await pending
            self.later.clear()

        asyncio.run(go())


def test_attachment_commands_check_the_file_and_fill_the_pending_bar(tmp_path: Path) -> None:
    fake = Fake()
    shot = png(tmp_path / "my shot.png", (64, 48))
    fake.run(f"/image '{shot}'")
    (shown,) = fake.pending.items
    assert (shown.path, shown.kind, shown.size_text, shown.label) == (shot.resolve(), "image", "64x48", "my shot.png")
    fake.run(f"/audio {shot}")
    fake.run(f"/image {tmp_path / 'nope.png'}")
    fake.run("/video")
    assert [e for e in fake.lines if e[1]] == [
        (f"attachment {shot} is image, not audio", True),
        (f"attachment {tmp_path / 'nope.png'} does not exist; check the path", True),
        ("give a path: /video PATH", True),
    ]
    assert len(fake.pending.items) == 1
    fake.run("/detach")
    assert fake.pending.items == [] and fake.toasts == ["dropped 1 attachment(s)"]


def test_memory_commands_go_to_the_memory_service() -> None:
    fake = Fake()
    fake.run("/remember My cat is called Miso")
    fake.run("/remember")
    fake.run("/memories")
    fake.run("/forget dog")
    fake.run("/forget cat")
    assert fake.services.memory.facts == []
    assert fake.lines == [
        ("remembered: [m1] My cat is called Miso", False),
        ("say what to remember: /remember TEXT", True),
        ("memories:\n  [m1] My cat is called Miso", False),
        ("nothing close enough to 'dog'; /memories shows ids", True),
        ("forgot My cat is called Miso", False),
    ]


def test_search_lists_hits_and_previews_the_first_four() -> None:
    fake = Fake()
    fake.run("/search red car")
    (listing, error), = fake.lines
    assert not error and listing.splitlines()[1:3] == ["  /photos/1.png  (ocr)", "  /photos/2.png  (ocr)"]
    assert fake.screen.images == [Path(f"/photos/{i}.png") for i in range(1, 5)]


def test_session_model_voice_and_screen_commands() -> None:
    fake = Fake()
    for line in ("/rename Trip plans", "/delete", "/export ~/out.md", "/history sqlite", "/new", "/copy code",
                 "/copy", "/help", "/clear", "/voice", "/voice fill", "/voice loud", "/model", "/model b"):
        fake.run(line)
    assert fake.calls == [
        ("act", "rename", None, "Trip plans"), ("act", "delete", None), ("act", "export", None, "~/out.md"),
        ("history", "sqlite"), ("new",), ("copy", True), ("copy", False), ("help",), ("toggle",), ("status",),
    ]
    assert fake.screen.cleared == 1 and fake.services.voice.autosend is False
    assert fake.lines == [
        ("push-to-talk: the transcript is left in the prompt for you to edit and send", False),
        ("usage: /voice (start or stop recording), /voice fill, /voice send", True),
        ("model: scripted:a · available: scripted:a, embedded:b", False),
        ("loading b…", False),
        ("now answering with label-of-b", False),
    ]


def test_each_media_kind_has_its_attach_command() -> None:
    from assistant.media_kinds import MEDIA_KINDS

    by_usage = {c.usage: c for c in COMMANDS}
    assert all(f"{kind.command} PATH" in by_usage and by_usage[f"{kind.command} PATH"].paths for kind in MEDIA_KINDS)


def test_parsing_reads_the_table() -> None:
    async def frob(ctx: CommandContext, arg: str) -> None:
        pass

    table = (*COMMANDS, Command("frobnicate", "[N]", "frobnicate the widgets", frob))
    call = parse("/Frobnicate  3 ", table)
    assert call is not None and call.command.name == "frobnicate" and call.arg == "3"
    with pytest.raises(UnknownCommand, match=r"^unknown command /frob \(did you mean /frobnicate\?\); /help"):
        parse("/frob", table)
    with pytest.raises(UnknownCommand, match="unknown command /frobnicate; /help lists them"):
        parse("/frobnicate", COMMANDS)
    assert parse("//etc/hosts is a file", table) is None and parse("hello", table) is None


# -- the real app ----------------------------------------------------------------------------------
@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_the_table_drives_help_completion_and_dispatch(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Any] = []

    async def frob(ctx: CommandContext, arg: str) -> None:
        seen.append(ctx)
        ctx.notice(f"frobnicated {arg}")

    table = (*COMMANDS, Command("frobnicate", "[N]", "frobnicate the widgets", frob))
    monkeypatch.setattr("assistant.tui.app.COMMANDS", table)
    app, _ = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        await pilot.press("f1")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen", what="help")
        source = app.screen.query_one("Markdown").source
        for command in table:
            assert f"| `{command.usage}` | {command.help} |" in source
        await pilot.press("escape")
        await wait_until(pilot, lambda: type(app.screen).__name__ != "HelpScreen", what="help closes")

        assert await app.prompt.suggester.get_suggestion("/frobn") == "/frobnicate"
        app.prompt.value = "/frob 3"
        await pilot.press("enter")
        await wait_until(pilot, lambda: error_notices(app), what="unknown command")
        assert error_notices(app) == ["unknown command /frob (did you mean /frobnicate?); /help lists them"]
        assert app.prompt.value == "/frob 3"  # left to correct
        app.prompt.value = "/frobnicate 3"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "frobnicated 3" in notices(app), what="the handler ran")
        assert app.prompt.value == ""
        (ctx,) = seen
        assert isinstance(ctx, CommandContext) and not isinstance(ctx, App) and ctx.services is app.controller


@pytest.mark.slow
@pytest.mark.anyio
async def test_index_then_search_from_the_chat_use_the_apps_engines(tmp_path: Path) -> None:
    """/index and /search each run on a worker thread of their own: each opens its own handle on
    the index (one SQLite connection per thread) over the core App's engines."""
    photos = tmp_path / "photos"
    photos.mkdir()
    shutil.copy(DATA / "traceback.png", photos / "crash.png")
    app, _ = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        app.prompt.value = f"/index {photos}"
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(n.startswith("indexed") for n in notices(app)) or error_notices(app),
                         240, "indexed")
        assert not error_notices(app), error_notices(app)
        app.prompt.value = "/search ZeroDivisionError"
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("crash.png" in n for n in notices(app)) or error_notices(app), 120,
                         "search hits")
        assert not error_notices(app), error_notices(app)
        assert any(n.startswith("indexed 1 folder(s)") and "1 added" in n for n in notices(app)), notices(app)
        assert "ocr" in app.controller.core.engines.__dict__  # the engines' own OCR read the photo
