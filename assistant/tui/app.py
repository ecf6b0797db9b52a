"""The chat app: layout and key bindings. The rest is done by parts built in compose():
the transcript draws turns live and reopened alike (transcript.py), LiveTurns runs a turn
(live_turn.py), SessionActions handles sessions (session_actions.py), VoiceInput push-to-talk
(voice_input.py), StartUp the loading (startup.py); slash commands are a table whose handlers get
a CommandContext, not the app (slash/). The non-UI work is the controller's services
(controller.py), run off the UI thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import ClassVar

from textual import events
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input

from assistant.tui import keys
from assistant.tui.bridge import UiBridge
from assistant.tui.commands import SlashSuggester
from assistant.tui.controller import ChatController
from assistant.tui.copying import Copier
from assistant.tui.live_turn import LiveTurns
from assistant.tui.prompt_input import PromptInput
from assistant.tui.session_actions import SessionActions
from assistant.tui.slash import media
from assistant.tui.slash.command import CommandContext
from assistant.tui.slash.palette import palette_commands
from assistant.tui.slash.parse import UnknownCommand, parse
from assistant.tui.slash.table import COMMANDS
from assistant.tui.startup import StartUp
from assistant.tui.transcript import TranscriptView
from assistant.tui.voice_input import VoiceInput
from assistant.tui.widgets.attachments import AttachmentBar
from assistant.tui.widgets.sidebar import Sidebar
from assistant.tui.widgets.status_bar import StatusBar, status_text


class ChatApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "assistant"
    BINDINGS: ClassVar[list[BindingType]] = keys.BINDINGS

    def __init__(self, controller: ChatController, *, images: bool = True) -> None:
        super().__init__()
        self.controller = controller
        self.images = images

    def compose(self) -> ComposeResult:
        # Kept as attributes, not queried: a query from the app searches the *active* screen, and a
        # late event while the help screen is open must still find these.
        c = self.controller
        self.sidebar = Sidebar(id="sidebar")
        self.transcript = TranscriptView(images=self.images)
        self.pending = AttachmentBar(images=self.images)
        self.status_bar = StatusBar()
        self.prompt = PromptInput(placeholder="Ask anything · /help · paste a file path to attach it",
                                  suggester=SlashSuggester(COMMANDS), id="prompt")
        self.bridge = bridge = UiBridge(self, self.transcript.notice)
        self.turns = LiveTurns(c.turns, self.transcript, self.prompt, self.pending, bridge,
                               model_label=lambda: c.model_label, status=self.set_status, turn_over=self._turn_over)
        warn, busy = partial(self.notify, severity="warning"), lambda: self.turns.busy
        self.sessions = SessionActions(c.sessions, self.transcript, self.sidebar, bridge, ask=self.push_screen,
                                       status=self.set_status, busy=busy, warn=warn)
        self.voice = VoiceInput(c.voice, self.prompt, bridge, status=self.set_status,
                                submit=partial(self.submit, voice=True), busy=busy, warn=warn)
        self.startup = StartUp(c, bridge, self.status_bar, self.sessions, self.set_status)
        self.copier = Copier(self)
        self.commands = CommandContext(c, self.transcript.notice, self.notify, bridge.background, self.pending,
                                       self.transcript, self.sessions, self.voice, self.copier.copy,
                                       self.action_help, self.set_status)
        with Horizontal(id="main"):
            yield self.sidebar
            with Vertical(id="chat-pane"):
                yield self.transcript
                yield self.pending
                yield self.status_bar
                yield self.prompt
        yield Footer()

    def on_mount(self) -> None:
        self.prompt.focus()
        self.call_after_refresh(self.startup.painted)

    @property
    def ready_at(self) -> float | None:
        return self.startup.ready_at

    @property
    def first_paint_at(self) -> float | None:
        return self.startup.first_paint_at

    @property
    def busy(self) -> bool:
        return self.turns.busy

    def on_resize(self, event: events.Resize) -> None:
        self.sidebar.set_class(event.size.width < 70, "narrow")

    def set_status(self, extra: str = "") -> None:
        self.status_bar.show(status_text(self.controller.model_label, self.controller.session_id, extra))

    def _turn_over(self) -> None:
        self.set_status()
        self.sessions.refresh()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "prompt":
            event.stop()
            await self.submit(event.value)

    async def submit(self, text: str, *, voice: bool = False) -> None:
        """Run a /command, or send ``text`` with the pending attachments (``voice``: a transcript)."""
        try:
            call = parse(text, COMMANDS)
        except UnknownCommand as exc:
            self.transcript.notice(str(exc), error=True)
            return
        if call is not None:
            self.prompt.value = ""
            await call.run(self.commands)
            return
        text = text[1:] if text.startswith("//") else text
        if not text.strip() and not self.pending.items:
            return
        if self.busy:
            self.notify("a turn is running; esc cancels it", severity="warning")
            return
        attachments = await self.pending.clear()
        self.prompt.value = ""
        await self.turns.start(text, attachments, voice=voice)

    async def on_prompt_input_path_pasted(self, event: PromptInput.PathPasted) -> None:
        await media.attach(self.commands, str(event.path), None)

    def on_sidebar_resume_requested(self, event: Sidebar.ResumeRequested) -> None:
        self.sessions.open(event.session_id)

    def on_sidebar_search_requested(self, event: Sidebar.SearchRequested) -> None:
        self.sessions.search(event.query)

    async def on_sidebar_action_requested(self, event: Sidebar.ActionRequested) -> None:
        await self.sessions.act(event.action, event.session_id)

    # -- key bindings --------------------------------------------------------------------------
    async def action_cancel(self) -> None:
        if await self.turns.cancel():
            self.prompt.focus()
        elif self.sidebar.has_focus_within:
            self.sessions.refresh()
            self.prompt.focus()

    async def action_new_session(self) -> None:
        if await self.sessions.new():
            self.prompt.focus()

    def action_toggle_sidebar(self) -> None:
        self.sidebar.display = not self.sidebar.display

    def action_focus_search(self) -> None:
        self.sidebar.display = True
        self.sidebar.query_one("#history-search", Input).focus()

    def action_copy(self, code: bool = False) -> None:
        self.copier.copy(code)

    async def action_paste_image(self) -> None:
        await media.paste(self.commands, "")

    async def action_voice(self) -> None:
        await self.voice.toggle()

    def action_help(self) -> None:
        from assistant.tui.screens.help import HelpScreen  # Markdown: not before the first paint

        self.push_screen(HelpScreen(keys.KEY_HELP, COMMANDS))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from palette_commands(COMMANDS, self.prompt, self.submit)

    async def on_unmount(self) -> None:
        self.controller.close()
