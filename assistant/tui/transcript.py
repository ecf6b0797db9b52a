"""The conversation on screen. One painter draws a turn's events, whether they stream in from a
live turn or are replayed from the store (tui/replay.py), so a reopened session looks as the
turn did live: the question with its attachments and spoken label, tool cards, the answer, a
replaced answer's original under its note, the notes and timings line, an error."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.containers import VerticalScroll

from assistant import events as ev
from assistant.tui.view_events import Asked, ShownAttachment
from assistant.tui.widgets.attachments import AttachmentPreview
from assistant.tui.widgets.messages import AssistantMessage, Notice, UserMessage


class TranscriptView(VerticalScroll):
    def __init__(self, *, images: bool = True) -> None:
        super().__init__(id="transcript")
        self.images = images

    def notice(self, text: str, *, error: bool = False) -> None:
        """A line from the app (not from the model): info, or an error in red."""
        self.mount(Notice(text, error=error))
        self.scroll_end(animate=False)

    async def clear(self) -> None:
        await self.remove_children()

    def painter(self) -> TurnPainter:
        return TurnPainter(self)

    async def show_stored(self, shown: Iterable[Any]) -> None:
        """Replace what is on screen with a stored session's replayed events."""
        await self.clear()
        painter = self.painter()
        for event in shown:
            await painter.render(event)

    async def show_images(self, paths: Iterable[Path]) -> None:
        for path in paths:
            await self.mount(AttachmentPreview(ShownAttachment(Path(path), "image"), images=self.images))
        self.scroll_end(animate=False)



class TurnPainter:
    """Draws turn events into the transcript. A live turn's painter is dropped when the turn is
    cancelled: the events the session still yields while it drains are then not drawn."""

    def __init__(self, transcript: TranscriptView) -> None:
        self.transcript = transcript
        self.answer: AssistantMessage | None = None
        self.dropped = False

    async def open_answer(self, model: str = "") -> AssistantMessage:
        """The answer being drawn; a new one (showing "…" until text comes) when none is open."""
        if self.answer is None:
            self.answer = AssistantMessage(model)
            await self.transcript.mount(self.answer)
        return self.answer

    async def render(self, event: Any) -> None:
        if self.dropped or (self.answer is not None and not self.answer.is_attached):
            return  # a cancelled turn draining in the background, or a cleared screen
        if isinstance(event, Asked):
            self.answer = None
            await self.transcript.mount(UserMessage(event.text, event.attachments, images=self.transcript.images,
                                                    from_speech=event.from_speech))
        elif isinstance(event, ev.TurnStarted):
            answer = await self.open_answer(event.model)
            answer.model = event.model
            answer.meta.update(f"{event.model} · thinking…")
        elif isinstance(event, ev.TextDelta):
            await (await self.open_answer()).append(event.text)
        elif isinstance(event, ev.ToolStarted):
            await (await self.open_answer()).add_tool(event.call_id, event.name, event.args)
        elif isinstance(event, ev.ToolFinished):
            await (await self.open_answer()).finish_tool(event.call_id, event.name, event.args, event.summary,
                                                         event.seconds, event.ok, event.evidence_id)
        elif isinstance(event, ev.AnswerDone):
            await (await self.open_answer()).done(event.text, event.model, event.timings, event.notes,
                                                  event.replaced)
            self.answer = None
        elif isinstance(event, ev.TurnFailed):
            await (await self.open_answer()).failed(event.error, event.partial_text, event.interrupted)
            self.answer = None
            if not event.interrupted:
                self.transcript.notice(event.error, error=True)
        self.transcript.scroll_end(animate=False)
