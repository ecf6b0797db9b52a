"""The same secret redaction for what a turn shows live as for what the store keeps.

A model or OCR text can echo a key. The store redacts every text it writes; this module does the
same to every event a turn yields, before any UI (``ask`` and ``--json``, the TUI, the voice
loop's printed and spoken text) sees it.

Streamed text is the hard part: a key arrives in pieces ("sk-pr", "oj-Ab", ...), and no piece
alone looks like one. ``LiveRedactor`` holds back the tail that could still be (part of) a secret
(the last run of characters a token can hold, the start of a configured value, a private-key
header or block not yet closed) and releases text only up to a point no later piece can change. The text
just released stays as context, so a later value is still recognised by what came before it
("password = " then "hunter2").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import fields, is_dataclass, replace
from typing import Any

from assistant.events import Event, TextDelta, ToolFinished
from assistant.tools.secret_scan import REDACTED, find_secrets, redact_secrets, secret_prefix_start

CONTEXT_CHARS = 256
"""Released text kept for recognising what follows it (a keyword before a value)."""


def _may_continue_token(ch: str) -> bool:
    """Could a secret token go on through this character? Keys are ASCII once normalised;
    invisible format characters and full-width forms are how they hide."""
    if ch.isspace():
        return False
    if ch.isascii() or unicodedata.category(ch) == "Cf":
        return True
    return unicodedata.normalize("NFKC", ch).isascii()


class LiveRedactor:
    """Feed streamed pieces in, get text out that is safe to show; ``flush`` at the end."""

    def __init__(self) -> None:
        self._context = ""  # released text (raw), the last CONTEXT_CHARS of it
        self._pending = ""  # received, not yet released

    def feed(self, text: str) -> str:
        self._pending += text
        return self._release(final=False)

    def flush(self) -> str:
        return self._release(final=True)

    def _release(self, final: bool) -> str:
        if not self._pending:
            return ""
        window = self._context + self._pending
        base = len(self._context)
        findings = find_secrets(window)
        cut = len(window) if final else self._safe_cut(window, base, findings)
        if cut <= base:
            return ""
        parts, pos = [], base
        for f in findings:
            if f.end <= base or f.start >= cut:
                continue
            parts += [window[pos : max(f.start, base)], REDACTED]
            pos = f.end  # _safe_cut never cuts inside a finding
        parts.append(window[pos:cut])
        self._context = window[:cut][-CONTEXT_CHARS:]
        self._pending = window[cut:]
        return "".join(parts)

    @staticmethod
    def _safe_cut(window: str, base: int, findings: list[Any]) -> int:
        cut = len(window)
        while cut > base and _may_continue_token(window[cut - 1]):
            cut -= 1
        cut = min(cut, base + secret_prefix_start(window[base:]))
        # A private-key header has spaces in it: hold its line until the header is whole.
        begin = window.rfind("-----BEGIN", base)
        if begin != -1 and "\n" not in window[begin:]:
            cut = min(cut, begin)
        # A secret that reaches past the cut, or up to the end (a private-key block still open:
        # its match runs to the end of the text, less trailing whitespace), is held whole.
        for f in reversed(findings):
            if f.start < cut and (f.end > cut or not window[f.end:].strip()):
                cut = f.start
        return max(cut, base)


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return redact_secrets(value)
    if isinstance(value, list):
        return [_redacted(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_redacted(v) for v in value)
    if isinstance(value, dict):
        return {k: _redacted(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        # A tool's typed result (OcrResult...) is left as it is: no UI prints it, and its dict
        # form in AnswerDone.tool_calls is redacted above.
        changes = {f.name: _redacted(getattr(value, f.name)) for f in fields(value)
                   if f.init and f.name != "result"}
        return replace(value, **changes)
    return value


def redact_event(event: Event) -> Event:
    """The event with every text in it redacted (a copy; the turn's own records are untouched)."""
    if isinstance(event, ToolFinished):
        return ToolFinished(_redacted(event.call))
    return _redacted(event)


def redact_events(events: Iterable[Event]) -> Iterator[Event]:
    """A turn's events as every UI may show them: streamed text through a ``LiveRedactor``,
    held text released before any other event, every other event redacted whole."""
    stream = LiveRedactor()
    try:
        for event in events:
            if isinstance(event, TextDelta):
                text = stream.feed(event.text)
                if text:
                    yield TextDelta(text)
                continue
            rest = stream.flush()
            if rest:
                yield TextDelta(rest)
            yield redact_event(event)
        rest = stream.flush()
        if rest:
            yield TextDelta(rest)
    finally:
        close = getattr(events, "close", None)
        if close is not None:
            close()  # a UI that stops reading (a cancelled turn) ends the turn's generator now


__all__ = ["LiveRedactor", "redact_event", "redact_events"]
