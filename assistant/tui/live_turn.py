"""A turn as the person sees it: the question goes on screen at once, the session runs on a
worker thread, and its events are painted as they come (tui/transcript.py); esc cancels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from assistant.events import AnswerDone, TurnFailed, TurnStarted
from assistant.tui.screens.action_confirm import confirm_from_worker
from assistant.tui.view_events import Asked, ShownAttachment

if TYPE_CHECKING:
    from textual.widgets import Input

    from assistant.tui.bridge import UiBridge
    from assistant.tui.services.turns import TurnService
    from assistant.tui.transcript import TranscriptView, TurnPainter
    from assistant.tui.widgets.attachments import AttachmentBar

CANCELLED = "cancelled; the partial answer is kept"


@dataclass
class _Running:
    text: str
    attachments: list[ShownAttachment]
    painter: TurnPainter


class LiveTurns:
    def __init__(self, turns: TurnService, transcript: TranscriptView, prompt: Input, pending: AttachmentBar,
                 bridge: UiBridge, *, model_label: Callable[[], str], status: Callable[[], None],
                 turn_over: Callable[[], None]) -> None:
        """``status`` redraws the status line (the turn's session is known); ``turn_over`` runs
        when a turn ends (status line, sessions list)."""
        self._turns = turns
        self._transcript = transcript
        self._prompt = prompt
        self._pending = pending
        self._bridge = bridge
        self._model_label = model_label
        self._status = status
        self._turn_over = turn_over
        self._running: _Running | None = None

    @property
    def busy(self) -> bool:
        return self._running is not None

    async def start(self, text: str, attachments: list[ShownAttachment], *, voice: bool = False) -> None:
        """``voice``: the text is the push-to-talk transcript (the turn goes as from speech)."""
        painter = self._transcript.painter()
        self._running = _Running(text, attachments, painter)
        await painter.render(Asked(text, attachments, from_speech=voice))
        await painter.open_answer(self._model_label())
        self._transcript.scroll_end(animate=False)
        paths = [a.path for a in attachments]
        self._bridge.thread(partial(self._run, text, paths, painter, voice), "turn")

    def _run(self, text: str, paths: list[Any], painter: TurnPainter, voice: bool) -> None:
        # confirm: the yes/no modal before a privileged call (assistant/provenance.py)
        confirm = partial(confirm_from_worker, self._bridge.app)
        try:
            for event in self._turns.send(text, paths, voice=voice, confirm=confirm):
                self._bridge.call(self._show, event, painter)
        except Exception as exc:  # noqa: BLE001 - send() should not raise; if it does, show it
            self._bridge.call(self._show, TurnFailed("", 0, f"the turn crashed: {exc}"), painter)

    async def _show(self, event: Any, painter: TurnPainter) -> None:
        if self._running is None or self._running.painter is not painter:
            return  # a cancelled turn still draining in the background
        await painter.render(event)
        if isinstance(event, (AnswerDone, TurnFailed)):
            self._running = None
            self._turn_over()
        elif isinstance(event, TurnStarted):
            self._status()  # it names the session the turn created

    async def cancel(self) -> bool:
        """Cancel the running turn (False: none runs). Its question and attachments go back to
        the prompt, unless something new was typed meanwhile."""
        running, self._running = self._running, None
        if running is None:
            return False
        self._turns.cancel()
        # The UI lets go at once: the session stops at its next token, but closing the agent's
        # stream waits for the model call in flight, which can take seconds. The turn service
        # holds the next turn until that one has drained and stored its partial answer.
        painter = running.painter
        partial_text = painter.answer.text if painter.answer is not None else ""
        await painter.render(TurnFailed("", 0, CANCELLED, partial_text, interrupted=True))
        painter.dropped = True
        self._turn_over()
        if not self._prompt.value:
            self._prompt.value = running.text
            self._prompt.cursor_position = len(running.text)
            for shown in running.attachments:
                await self._pending.add(shown)
        return True
