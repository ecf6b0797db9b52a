"""The chat app: layout, key bindings, and rendering of session events.

Every action that is not drawing goes to the ChatController, on a worker thread when it may
block (a turn, the store before it is open, memory, a model switch). Slash commands are
dispatched in ``slash.py``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual import events, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, ProgressBar, Static

from assistant.tui.commands import COMMANDS, SlashSuggester, pasted_path
from assistant.tui.controller import ChatController
from assistant.tui.slash import SlashCommands
from assistant.tui.voice_input import VoiceInput
from assistant.tui.widgets.attachments import AttachmentBar
from assistant.tui.widgets.messages import AssistantMessage, Notice, ToolCard, UserMessage
from assistant.tui.widgets.sidebar import Sidebar

MAX_PASTE_CHARS = 20_000
"""Longer pastes are cut: the prompt is one line, and a 1 MB paste would freeze the input."""


class PromptInput(Input):
    class PathPasted(Message):
        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    def _on_paste(self, event: events.Paste) -> None:
        # Stop Input's own handler (it keeps only the first line); a dropped file becomes an attachment.
        event.prevent_default()
        event.stop()
        path = pasted_path(event.text)
        if path is not None:
            self.post_message(self.PathPasted(path))
            return
        text = " ".join(line.strip() for line in event.text.splitlines() if line.strip())
        if len(text) > MAX_PASTE_CHARS:
            self.app.notify(f"paste cut to {MAX_PASTE_CHARS:,} of {len(text):,} characters", severity="warning")
            text = text[:MAX_PASTE_CHARS]
        self.insert_text_at_cursor(text)


class ChatApp(SlashCommands, VoiceInput, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "assistant"
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+n", "new_session", "New"),
        Binding("ctrl+b", "toggle_sidebar", "Sessions"),
        Binding("ctrl+f", "focus_search", "Search"),
        Binding("ctrl+y", "copy", "Copy"),
        Binding("ctrl+g", "copy_code", "Copy code", show=False),
        Binding("f3", "paste_image", "Paste image", show=False),
        Binding("f5", "voice", "Talk"),
        Binding("f1", "help", "Help"),
    ]
    KEY_HELP: ClassVar[list[tuple[str, str]]] = [
        ("enter", "send the message (or run a /command)"),
        ("esc", "cancel the running turn; the prompt comes back"),
        ("tab / →", "accept the completion shown in grey"),
        ("ctrl+n", "new session"),
        ("ctrl+b", "show / hide the sessions sidebar"),
        ("ctrl+f", "search all sessions"),
        ("ctrl+y", "copy the focused message (or the last answer)"),
        ("ctrl+g", "copy the last code block"),
        ("f3", "attach the clipboard image"),
        ("f5", "push-to-talk: record; f5 again sends what you said (/voice fill: only fills the prompt)"),
        ("ctrl+p", "command palette"),
        ("f1", "this help"),
        ("ctrl+q", "quit"),
        ("sidebar: n r d e", "new, rename, delete, export the highlighted session"),
    ]

    def __init__(self, controller: ChatController, *, images: bool = True) -> None:
        super().__init__()
        self.controller = controller
        self.images = images
        self.busy = False
        self.started_at = time.perf_counter()
        self.first_paint_at: float | None = None
        self.ready_at: float | None = None
        self._turn: tuple[str, list[tuple[Path, str, str]], AssistantMessage] | None = None

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # Kept as attributes, not queried: a query from the app searches the *active* screen, and a
        # late event while the help screen is open must still find these.
        self.sidebar = Sidebar(id="sidebar")
        self.transcript = VerticalScroll(id="transcript")
        self.pending = AttachmentBar(images=self.images)
        self.status_line = Static("starting…", id="status", markup=False)
        self.progress_bar = ProgressBar(total=100, show_eta=False, show_percentage=False, id="load-progress")
        self.prompt = PromptInput(placeholder="Ask anything · /help · paste a file path to attach it",
                                  suggester=SlashSuggester(), id="prompt")
        with Horizontal(id="main"):
            yield self.sidebar
            with Vertical(id="chat-pane"):
                yield self.transcript
                yield self.pending
                with Horizontal(id="status-bar"):
                    yield self.status_line
                    yield self.progress_bar
                yield self.prompt
        yield Footer()

    def on_mount(self) -> None:
        self.prompt.focus()
        # Start loading only after the first frame is on screen: imports hold the GIL for seconds.
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        self.first_paint_at = time.perf_counter()
        self._load()

    def on_resize(self, event: events.Resize) -> None:
        self.sidebar.set_class(event.size.width < 70, "narrow")

    # -- start-up ----------------------------------------------------------------------------
    @work(thread=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        # The answer widget's Markdown renderer (markdown-it, pygments): off the UI thread, before
        # the first answer needs it.
        import textual.widgets._markdown  # noqa: F401

        self.controller.start(lambda message, fraction: self._from_thread(self._progress, message, fraction))
        self._from_thread(self._loaded)

    def _from_thread(self, fn: Callable[..., Any], *args: Any) -> None:
        try:
            self.call_from_thread(fn, *args)
        except RuntimeError:  # the app closed while a worker was finishing
            pass

    def _progress(self, message: str, fraction: float) -> None:
        self.status_line.update(message)
        self.progress_bar.update(progress=fraction * 100)
        if self.controller.store_ready.is_set() and self.controller.store is not None:
            self.refresh_sessions()

    def _loaded(self) -> None:
        self.ready_at = time.perf_counter()
        self.progress_bar.display = False
        if self.controller.load_error:
            self.notice(self.controller.load_error, error=True)
        self.set_status()
        if self.controller.session_id:
            self.resume(self.controller.session_id)

    def set_status(self, extra: str = "") -> None:
        c = self.controller
        parts = [c.model_label or "no model", f"session {c.session_id[:8]}" if c.session_id else "new session"]
        if extra:
            parts.append(extra)
        self.status_line.update(" · ".join(parts))

    # -- helpers -----------------------------------------------------------------------------
    def notice(self, text: str, *, error: bool = False) -> None:
        self.transcript.mount(Notice(text, error=error))
        self.transcript.scroll_end(animate=False)

    def background(self, fn: Callable[[], Any], done: Callable[[Any], Any] | None = None) -> None:
        """Run a controller call off the UI thread; its error becomes a one-line notice."""

        def job() -> None:
            try:
                result = fn()
            except Exception as exc:  # noqa: BLE001 - every failure is shown, none crashes the app
                text = str(exc).strip().splitlines()
                self._from_thread(self.notice, text[0] if text else type(exc).__name__, error=True)
                return
            if done is not None:
                self._from_thread(done, result)

        self.run_worker(job, thread=True, group="background", exit_on_error=False)

    def refresh_sessions(self) -> None:
        async def show(sessions: list[Any]) -> None:
            await self.sidebar.show_sessions(sessions, self.controller.session_id)

        self.background(self.controller.sessions, show)

    # -- turns -------------------------------------------------------------------------------
    async def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "prompt":
            return
        event.stop()
        await self.submit(event.value)

    async def submit(self, text: str, *, voice: bool = False) -> None:
        """Run a /command or send ``text`` with the pending attachments (``voice``: text is a transcript)."""
        if await self.run_slash(text):
            return
        if text.startswith("//"):
            text = text[1:]
        if not text.strip() and not self.pending.paths:
            return
        if self.busy:
            self.notify("a turn is running; esc cancels it", severity="warning")
            return
        attachments = list(self.pending.items)
        await self.pending.clear()
        self.prompt.value = ""
        await self.start_turn(text, attachments, voice=voice)

    async def start_turn(
        self, text: str, attachments: list[tuple[Path, str, str]], *, voice: bool = False
    ) -> None:
        self.busy = True
        await self.transcript.mount(UserMessage(text, attachments, images=self.images, from_speech=voice))
        message = AssistantMessage(self.controller.model_label)
        await self.transcript.mount(message)
        self.transcript.scroll_end(animate=False)
        self._turn = (text, attachments, message)
        self._run_turn(text, [path for path, _, _ in attachments], message, voice)

    @work(thread=True, group="turn", exit_on_error=False)
    def _run_turn(self, text: str, paths: list[Path], message: AssistantMessage, voice: bool = False) -> None:
        from assistant.events import TurnFailed
        from assistant.tui.screens.action_confirm import confirm_from_worker

        try:  # confirm: the yes/no modal before a privileged call (assistant/provenance.py)
            for event in self.controller.send(text, paths, voice=voice, confirm=partial(confirm_from_worker, self)):
                self._from_thread(self.render_event, event, message)
        except Exception as exc:  # noqa: BLE001 - send() should not raise; if it does, show it
            self._from_thread(self.render_event, TurnFailed("", 0, f"the turn crashed: {exc}"), message)

    async def render_event(self, event: Any, message: AssistantMessage) -> None:
        from assistant import events as ev

        if self._turn is None or self._turn[2] is not message or not message.is_attached:
            return  # a cancelled turn still draining in the background, or a cleared screen
        if isinstance(event, ev.TurnStarted):
            message.model = event.model
            message.meta.update(f"{event.model} · thinking…")
            self.set_status()
        elif isinstance(event, ev.TextDelta):
            await message.append(event.text)
        elif isinstance(event, ev.ToolStarted):
            await message.add_tool(event.call_id, event.name, event.args)
        elif isinstance(event, ev.ToolFinished):
            await message.finish_tool(event.call_id, event.name, event.args, event.summary, event.seconds,
                                      event.ok, event.evidence_id)
        elif isinstance(event, ev.AnswerDone):
            await message.done(event.text, event.model, event.timings, event.notes, event.replaced)
            self._turn_over()
        elif isinstance(event, ev.TurnFailed):
            await message.failed(event.error, event.partial_text, event.interrupted)
            if not event.interrupted:
                self.notice(event.error, error=True)
            self._turn_over()
        self.transcript.scroll_end(animate=False)

    def _turn_over(self) -> None:
        self.busy = False
        self._turn = None
        self.set_status()
        self.refresh_sessions()

    async def action_cancel(self) -> None:
        if not self.busy or self._turn is None:
            if self.sidebar.has_focus_within:
                self.refresh_sessions()
                self.prompt.focus()
            return
        text, attachments, message = self._turn
        self.controller.cancel()
        # The UI lets go at once: the session stops at its next token, but closing the agent's
        # stream waits for the model call in flight, which can take seconds. The controller holds
        # the next turn until that one has drained and stored its partial answer.
        self._turn_over()
        await message.failed("cancelled; the partial answer is kept", message.text, True)
        if not self.prompt.value:
            self.prompt.value = text
            self.prompt.cursor_position = len(text)
            for path, kind, size_text in attachments:
                await self.pending.add(path, kind, size_text)
        self.prompt.focus()

    async def on_prompt_input_path_pasted(self, event: PromptInput.PathPasted) -> None:
        await self.attach(str(event.path), None)

    # -- sessions ----------------------------------------------------------------------------
    def resume(self, session_id: str) -> None:
        self.background(lambda: self.controller.resume(session_id), self.show_turns)

    async def show_turns(self, turns: list[Any]) -> None:
        await self.transcript.remove_children()
        for turn in turns:
            if turn.role == "user":
                await self.transcript.mount(UserMessage.stored(turn, images=self.images))
                continue
            message = AssistantMessage(turn.model)
            await self.transcript.mount(message)
            for call in turn.tool_calls:
                await message.finish_tool(call.call_id, call.name, call.args, call.summary, call.seconds,
                                          call.ok, call.evidence_id)
            if turn.status == "complete":
                await message.done(turn.content, turn.model, turn.timings)
            else:
                await message.failed(turn.error or "", turn.content, turn.status == "interrupted")
        self.transcript.scroll_end(animate=False)
        self.set_status()
        self.refresh_sessions()

    def on_sidebar_resume_requested(self, event: Sidebar.ResumeRequested) -> None:
        if self.busy:
            self.notify("a turn is running; esc cancels it", severity="warning")
            return
        self.resume(event.session_id)

    def on_sidebar_search_requested(self, event: Sidebar.SearchRequested) -> None:
        self.search_history(event.query)

    def search_history(self, query: str) -> None:
        if not query.strip():
            self.refresh_sessions()
            return

        async def show(hits: list[Any]) -> None:
            sidebar = self.sidebar
            sidebar.display = True
            await sidebar.show_hits(query, hits)
            sidebar.list.focus()

        self.background(lambda: self.controller.search(query), show)

    async def on_sidebar_action_requested(self, event: Sidebar.ActionRequested) -> None:
        await self.session_action(event.action, event.session_id)

    # -- key actions -------------------------------------------------------------------------
    async def action_new_session(self) -> None:
        if self.busy:
            self.notify("a turn is running; esc cancels it", severity="warning")
            return
        self.controller.new_session()
        await self.transcript.remove_children()
        self.set_status()
        self.refresh_sessions()
        self.prompt.focus()

    def action_toggle_sidebar(self) -> None:
        sidebar = self.sidebar
        sidebar.display = not sidebar.display

    def action_focus_search(self) -> None:
        sidebar = self.sidebar
        sidebar.display = True
        sidebar.query_one("#history-search", Input).focus()

    def _copy_target(self) -> str:
        focused = self.focused
        for node in (focused, *(focused.ancestors if focused else ())):
            if isinstance(node, (UserMessage, AssistantMessage)):
                return node.text
        answers = list(self.transcript.query(AssistantMessage))
        return answers[-1].text if answers else ""

    def action_copy(self) -> None:
        from assistant.terminal_text import clean

        text = clean(self._copy_target())  # pasted into a shell later: no escape sequences in it
        if not text:
            self.notify("nothing to copy yet", severity="warning")
            return
        self.copy_to_clipboard(text)
        self.notify(f"copied {len(text):,} characters")

    def action_copy_code(self) -> None:
        from assistant.terminal_text import clean
        from assistant.tui.widgets.messages import code_blocks

        blocks = code_blocks(clean(self._copy_target()))
        if not blocks:
            self.notify("no code block in that answer", severity="warning")
            return
        self.copy_to_clipboard(blocks[-1])
        self.notify(f"copied a code block ({len(blocks[-1]):,} characters)")

    def action_help(self) -> None:
        from assistant.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.KEY_HELP))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for name, (hint, text) in COMMANDS.items():
            yield SystemCommand(f"/{name}{' ' + hint if hint else ''}", text, self._palette_callback(name, hint))

    def _palette_callback(self, name: str, hint: str) -> Callable[[], Any]:
        async def run() -> None:
            if hint and not hint.startswith("["):
                self.prompt.value = f"/{name} "
                self.prompt.cursor_position = len(self.prompt.value)
                self.prompt.focus()
            else:
                await self.run_slash(f"/{name}")

        return run

    def tool_cards(self) -> list[ToolCard]:
        return list(self.query(ToolCard))

    async def on_unmount(self) -> None:
        self.controller.cancel()
        self.controller.close()
