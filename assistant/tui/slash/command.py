"""A slash command and the context its handler gets."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from assistant.tui.controller import ChatController
    from assistant.tui.view_events import ShownAttachment


class Notice(Protocol):
    def __call__(self, text: str, *, error: bool = False) -> None: ...


class Background(Protocol):
    def __call__(self, fn: Callable[[], Any], done: Callable[[Any], Any] | None = None) -> None: ...


class PendingAttachments(Protocol):
    async def add(self, shown: ShownAttachment) -> None: ...
    async def clear(self) -> list[ShownAttachment]: ...


class Transcript(Protocol):
    async def clear(self) -> None: ...
    async def show_images(self, paths: Iterable[Path]) -> None: ...


class Sessions(Protocol):
    async def new(self) -> bool: ...
    async def act(self, action: str, session_id: str | None, arg: str = "") -> None: ...
    def search(self, query: str) -> None: ...


class Voice(Protocol):
    async def toggle(self) -> None: ...


@dataclass
class CommandContext:
    """What a slash command may use. The app builds one from its parts; tests build a fake."""

    services: ChatController
    """turns, sessions, memory, images, models, attachments, voice (tui/services/)."""
    notice: Notice
    """A line in the transcript; ``error=True`` for a failure."""
    notify: Callable[[str], None]
    """A passing message that is not kept in the transcript."""
    background: Background
    """Run a blocking service call off the UI thread, then ``done(result)`` on it (an error: a notice)."""
    pending: PendingAttachments
    transcript: Transcript
    sessions: Sessions
    voice: Voice
    copy: Callable[[bool], None]
    """Copy the focused message or the last answer (True: its last code block)."""
    help: Callable[[], None]
    status: Callable[[], None]
    """Redraw the status line (model, session)."""


Handler = Callable[[CommandContext, str], Awaitable[None]]


@dataclass(frozen=True)
class Command:
    name: str
    hint: str
    """The argument, as help shows it: "PATH", "[code]" (optional), "" (none)."""
    help: str
    handler: Handler
    paths: bool = False
    """The argument is a file path: completed from the file system, quotes taken off."""

    @property
    def usage(self) -> str:
        return f"/{self.name}{' ' + self.hint if self.hint else ''}"

    @property
    def needs_argument(self) -> bool:
        return bool(self.hint) and not self.hint.startswith("[")
