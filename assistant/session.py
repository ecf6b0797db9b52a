"""One conversation: takes user turns and yields each turn's events (turn_runner.py runs a turn).

``send`` never raises for a failed turn: a dead backend, a bad attachment or a cancel ends in
a ``TurnFailed`` event, and the session (and everything stored) goes on.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.access import AccessPolicy
from assistant.agent_tools import ToolContext, ToolFactory, builtin_tools
from assistant.errors import EmptyQuestion
from assistant.events import Event
from assistant.models.registry import ModelFactory, ModelHandle
from assistant.provenance import Confirm
from assistant.settings import Settings
from assistant.store import ConversationStore
from assistant.system_prompt import system_prompt

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from assistant.engines import Engines


@dataclass
class Turn:
    text: str
    attachments: Sequence[str | Path] = ()
    model: str | None = None
    from_speech: bool = False
    """The text came from speech recognition (the voice loop, the chat app's push-to-talk): the
    model is told it may hold misheard words, and the stored question is marked as spoken."""
    will_be_heard: bool = False
    """The answer will be read aloud (a speaker is on): the model is asked for a few short
    sentences fit for hearing, with no Markdown."""

    def refuse_if_empty(self) -> None:
        """No words and no attachment: refused before anything is stored (no turn, no session)."""
        if not self.text.strip() and not self.attachments:
            raise EmptyQuestion()


class Session:
    def __init__(
        self,
        settings: Settings,
        store: ConversationStore,
        models: ModelFactory,
        session_id: str | None = None,
        tools: ToolFactory | None = None,
        engines: Engines | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.models = models
        self.id = store.resolve_session(session_id) if session_id else store.create_session(model=settings.model)
        self.access = AccessPolicy(roots=settings.allowed_dirs)
        self.tools = tools or builtin_tools
        """Builds each turn's tools; the app's gives every agent tool, the default only the builtins."""
        self.engines = engines
        self.cancel_flag = threading.Event()
        for turn in store.turns(self.id):
            for att in turn.attachments:
                self.allow_attachment(att.path, Path(att.path))

    def allow_attachment(self, original: Path, stored: Path) -> None:
        """Tools may read a file the user attached (and its stored copy) in later turns too."""
        self.access.allow_file(original)
        self.access.allow_file(stored)

    def turn_tools(self, question: str) -> list[BaseTool]:
        """The tools this turn may use (they read only what ``self.access`` allows)."""
        return self.tools(ToolContext(self.access, question))

    def cancel(self) -> None:
        """Stop the running turn at the next token; its partial answer is kept, marked interrupted."""
        self.cancel_flag.set()

    def system_prompt(self, handle: ModelHandle) -> str:
        """The system prompt of a typed turn about an attachment, with tools (the longest variant)."""
        return system_prompt(tools=True, evidence=True, can_see=handle.can_see)

    def send(self, turn: Turn | str, confirm: Confirm | None = None) -> Iterator[Event]:
        """``confirm`` asks the user yes/no before a privileged call the user's own words do not
        back (provenance.py); None (``ask``, an audio file) refuses such calls."""
        from assistant.live_redaction import redact_events
        from assistant.turn_runner import TurnRunner

        if isinstance(turn, str):
            turn = Turn(turn)
        self.cancel_flag.clear()
        # Every UI shows what the store keeps: secrets redacted, streamed text included.
        yield from redact_events(TurnRunner(self, turn, confirm).run())
