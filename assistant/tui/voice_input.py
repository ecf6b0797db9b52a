"""Push-to-talk in the chat: F5 or /voice starts recording, the next press stops.

The live transcript fills the prompt as it comes; the final one replaces it and is sent (or only
left in the prompt when the push-to-talk's ``autosend`` is off: ``/voice fill``, --voice-fill).
Only drawing happens here: recording and transcription run in PushToTalk (tui/voice.py), on a
worker thread, and arrive as voice events.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from assistant.errors import one_line
from assistant.voice import events as ve

if TYPE_CHECKING:
    from textual.widgets import Input

    from assistant.tui.bridge import UiBridge
    from assistant.tui.voice import PushToTalk

BUSY = "a turn is running; esc cancels it"


class VoiceInput:
    def __init__(self, voice: PushToTalk, prompt: Input, bridge: UiBridge, *, status: Callable[[str], None],
                 submit: Callable[[str], Awaitable[None]], busy: Callable[[], bool],
                 warn: Callable[[str], None]) -> None:
        """``status(text)`` shows the recording state ("" for the usual line); ``submit`` sends a
        final transcript as a voice turn."""
        self.voice = voice
        self._prompt = prompt
        self._bridge = bridge
        self._status = status
        self._submit = submit
        self._busy = busy
        self._warn = warn
        self.listening = False
        self._prefix = ""

    async def toggle(self) -> None:
        if self.listening:
            self.voice.stop()
            self._status("transcribing…")
            return
        if self._busy() and self.voice.autosend:
            self._warn(BUSY)
            return
        self.listening = True
        # What was typed before the press stays in front of the transcript.
        self._prefix = self._prompt.value.rstrip()
        self._prompt.add_class("recording")
        self._status("● starting the recording…")
        self._bridge.thread(self._listen, "voice")

    def _listen(self) -> None:
        try:
            for event in self.voice.listen():
                self._bridge.call(self._show, event)
        except Exception as exc:  # noqa: BLE001 - a failure is one notice line, the chat goes on
            self._bridge.call(partial(self._bridge.notice, f"voice input failed: {one_line(exc)}", error=True))
        finally:
            self._bridge.call(self._over)

    async def _show(self, event: Any) -> None:
        if isinstance(event, ve.ListeningStarted):
            self._status(f"● recording from {event.source} · F5 stops")
        elif isinstance(event, ve.PartialTranscript):
            self._fill(event.text)
        elif isinstance(event, ve.FinalTranscript):
            self._fill(event.text)
            self._over()
            if self.voice.autosend:
                await self._submit(self._prompt.value)
        elif isinstance(event, ve.UtteranceIgnored):
            self._bridge.notice(f"heard no speech in {event.audio_seconds:.1f} s ({event.reason})")
        elif isinstance(event, ve.VoiceError):
            self._bridge.notice(event.message, error=True)

    def _fill(self, text: str) -> None:
        value = f"{self._prefix} {text}".strip()
        self._prompt.value = value
        self._prompt.cursor_position = len(value)

    def _over(self) -> None:
        if not self.listening:
            return
        self.listening = False
        self._prompt.remove_class("recording")
        self._status("")
