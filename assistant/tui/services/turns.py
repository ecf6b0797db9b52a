"""Send a turn and cancel it. A turn sent before start-up is over waits for the model (esc
cancels the wait); a push-to-talk turn goes through the voice path's one voice-turn service."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import AssistantError

if TYPE_CHECKING:
    from assistant.events import Event
    from assistant.provenance import PendingAction
    from assistant.session import Turn
    from assistant.tui.services.runtime import ChatRuntime
    from assistant.tui.voice import PushToTalk

Confirm = Callable[["PendingAction"], bool]


class TurnService:
    def __init__(self, runtime: ChatRuntime, voice: PushToTalk) -> None:
        self._rt = runtime
        self._voice = voice
        self._cancel_wait = threading.Event()
        # One turn at a time: a cancelled turn may still be draining when the next one is sent.
        self._one_at_a_time = threading.Lock()

    def send(
        self, text: str, attachments: Sequence[str | Path] = (), *, voice: bool = False,
        confirm: Confirm | None = None,
    ) -> Iterator[Event]:
        """One turn's events (blocking; run it in a worker thread). Always ends in AnswerDone/TurnFailed.

        ``voice``: the text is the last push-to-talk transcript (tui/voice.py: a turn from speech).
        ``confirm``: the yes/no for a privileged call the user's words do not back (provenance.py);
        None refuses it.
        """
        from assistant.tui.voice import voice_turn

        heard = self._voice.take_heard() if voice else None
        if heard is not None:  # transcribed with the app's Whisper, so start-up is over
            return voice_turn(heard, text, attachments, self._send, self._rt.model, confirm)
        return self._send(None, confirm, text, attachments)

    def _send(self, turn: Turn | None, confirm: Confirm | None = None, text: str = "",
              attachments: Sequence[str | Path] = ()) -> Iterator[Event]:
        """``turn``: the voice-turn service's Turn, or None: a typed one of ``text`` once the model is ready."""
        from assistant.events import TurnFailed

        rt = self._rt
        self._cancel_wait.clear()
        while not rt.ready.wait(0.05):
            if self._cancel_wait.is_set():
                yield TurnFailed("", 0, "cancelled before the model was ready", interrupted=True)
                return
        if rt.core is None:
            yield TurnFailed("", 0, rt.load_error or "the assistant did not start")
            return
        from assistant.session import Turn

        try:
            with rt.in_use(), self._one_at_a_time:
                if rt.session is None:
                    rt.session = rt.core.session()
                yield from rt.session.send(turn or Turn(text, list(attachments), rt.model), confirm)
        except AssistantError as exc:
            yield TurnFailed(rt.session_id or "", 0, str(exc))

    def cancel(self) -> None:
        """Stop the running turn at its next token (or its wait for the model)."""
        self._cancel_wait.set()
        if self._rt.session is not None:
            self._rt.session.cancel()
