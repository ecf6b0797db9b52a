"""The chat transcript's pieces: user message, streaming assistant answer, tool card, notices."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from textual.containers import Vertical
from textual.widgets import Collapsible, Static

from assistant.terminal_text import clean
from assistant.tui.view_events import ShownAttachment
from assistant.tui.widgets.attachments import AttachmentPreview

_FENCE = re.compile(r"```[^\n]*\n(.*?)```", re.DOTALL)


def code_blocks(markdown: str) -> list[str]:
    return [m.group(1).rstrip("\n") for m in _FENCE.finditer(markdown)]


_TIMING_LABELS = {
    # A voice turn's stages come first: speech end -> transcript -> first token.
    "speech_end_to_transcript": "speech end → transcript",
    "transcript_to_first_token": "transcript → first token",
    "model_load": "model load",
    "first_token": "first token",
    "tools": "tools",
    "total": "total",
}


def timing_line(model: str, timings: dict[str, float]) -> str:
    parts = [f"{label} {timings[k]:.2f}s" for k, label in _TIMING_LABELS.items() if k in timings]
    return " · ".join([model, *parts]) if model else " · ".join(parts)


REPLACED_TITLE = "note: a check replaced the model's answer; the model's own words"


class Notice(Static):
    """A one-line message from the app (not from the model): info or error."""

    def __init__(self, text: str, *, error: bool = False) -> None:
        super().__init__(clean(text), classes="notice error" if error else "notice", markup=False)


SPOKEN_LABEL = "spoken · words from speech recognition"


class UserMessage(Vertical, can_focus=True):
    def __init__(self, text: str, attachments: Sequence[ShownAttachment] = (), *, images: bool = True,
                 from_speech: bool = False) -> None:
        """``from_speech``: a push-to-talk question, labelled so (its words may be misheard)."""
        super().__init__(classes="message user from-speech" if from_speech else "message user")
        self.text = text
        self.attachments = list(attachments)
        self.images = images
        self.from_speech = from_speech

    def compose(self):  # type: ignore[no-untyped-def]
        for shown in self.attachments:
            yield AttachmentPreview(shown, images=self.images)
        if self.text:
            yield Static(clean(self.text), classes="body", markup=False)
        if self.from_speech:
            yield Static(SPOKEN_LABEL, classes="meta", markup=False)


class ToolCard(Collapsible):
    """One tool call: collapsed to a line (name · summary · duration), expands to args and evidence."""

    def __init__(self, call_id: str, name: str, args: dict[str, Any]) -> None:
        self.call_id = call_id
        self.tool_name = name
        self.args = args
        self.detail = Static("", classes="tool-detail", markup=False)
        super().__init__(self.detail, title=clean(f"⚙ {name} …"), collapsed=True, classes="tool-card running")

    def on_mount(self) -> None:
        self.detail.update(self._detail_text())

    def _detail_text(self, summary: str = "", evidence_id: str | None = None, seconds: float | None = None) -> str:
        lines = [f"tool: {self.tool_name}", f"arguments: {json.dumps(self.args, ensure_ascii=False)}"]
        if summary:
            lines.append(f"result: {summary}")
        if seconds is not None:
            lines.append(f"duration: {seconds:.2f}s")
        if evidence_id:
            lines.append(f"evidence: {evidence_id}")
        return clean("\n".join(lines))

    def finish(self, summary: str, seconds: float, ok: bool, evidence_id: str | None) -> None:
        mark = "✓" if ok else "✗"
        short = summary if len(summary) <= 90 else summary[:89] + "…"
        self.title = clean(f"⚙ {self.tool_name} {mark} {seconds:.2f}s · {short}")
        self.remove_class("running")
        self.add_class("ok" if ok else "failed")
        self.detail.update(self._detail_text(summary, evidence_id, seconds))


class AssistantMessage(Vertical, can_focus=True):
    """An answer: tool cards, then Markdown that streams in, then the model and stage timings."""

    def __init__(self, model: str = "") -> None:
        super().__init__(classes="message assistant")
        # Imported here, not at module top: markdown-it and pygments cost ~0.1 s, which would come
        # before the window's first paint (the app preloads them in the background after it).
        from textual.widgets import Markdown

        self.model = model
        self.text = ""
        self.markdown = Markdown("", classes="body")
        self.tools = Vertical(classes="tools")
        self.meta = Static(model or "…", classes="meta", markup=False)
        self._stream: Any = None
        self._cards: dict[str, ToolCard] = {}

    def compose(self):  # type: ignore[no-untyped-def]
        yield self.tools
        yield self.markdown
        yield self.meta

    async def append(self, delta: str) -> None:
        # MarkdownStream batches fragments when tokens come faster than the widget can re-render,
        # and re-parses only the last block, so an open ``` fence renders as code while it streams.
        if self._stream is None:
            self._stream = self.markdown.get_stream(self.markdown)
        self.text += delta
        await self._stream.write(clean(delta))  # self.text stays as sent: copy and compare use it

    async def _end_stream(self) -> None:
        if self._stream is not None:
            await self._stream.stop()
            self._stream = None

    async def add_tool(self, call_id: str, name: str, args: dict[str, Any]) -> ToolCard:
        card = ToolCard(call_id, name, args)
        self._cards[call_id or f"#{len(self._cards)}"] = card
        await self.tools.mount(card)
        return card

    async def finish_tool(self, call_id: str, name: str, args: dict[str, Any], summary: str, seconds: float,
                          ok: bool, evidence_id: str | None) -> None:
        card = self._cards.get(call_id) or await self.add_tool(call_id, name, args)
        card.finish(summary, seconds, ok, evidence_id)

    async def done(self, text: str, model: str, timings: dict[str, float], notes: Sequence[str] = (),
                   replaced: str = "") -> None:
        await self._end_stream()
        # The final text replaces what streamed: a text-only tool-calling model streams its JSON call
        # before the answer, and that must not stay on screen.
        if text != self.text or not self.markdown.source:
            self.text = text
            await self.markdown.update(clean(text))
        if replaced:
            # A check replaced the model's answer: its own words stay on screen, under a note, so a
            # wrong replacement costs the user nothing.
            original = Static(clean(replaced), classes="replaced-text", markup=False)
            await self.mount(Collapsible(original, title=REPLACED_TITLE, collapsed=False, classes="replaced"),
                             before=self.meta)
        self.model = model
        line = timing_line(model, timings)
        self.meta.update(clean(line + "".join(f"\nnote: {n}" for n in notes)))

    async def failed(self, error: str, partial: str, interrupted: bool) -> None:
        await self._end_stream()
        if partial and partial != self.text:
            self.text = partial
            await self.markdown.update(clean(partial))
        self.add_class("interrupted" if interrupted else "failed")
        state = "interrupted" if interrupted else "failed"
        self.meta.update(clean(f"{self.model + ' · ' if self.model else ''}{state}: {error}"))
