"""Push-to-talk in the chat app (a mixin): F5 or /voice starts recording, the next press stops.

The live transcript fills the prompt as it comes; the final one replaces it and is sent (or only
left in the prompt when the controller's ``voice_autosend`` is off, or after ``/voice fill``).
Only rendering happens here: recording and transcription run in the controller, on a worker
thread, and arrive as voice events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

if TYPE_CHECKING:
    from assistant.tui.app import ChatApp


class VoiceInput:
    listening: bool = False
    _voice_prefix: str = ""

    async def action_voice(self: ChatApp) -> None:
        if self.listening:
            self.controller.voice.stop()
            self.set_status("transcribing…")
            return
        if self.busy and self.controller.voice_autosend:
            self.notify("a turn is running; esc cancels it", severity="warning")
            return
        self.listening = True
        # What was typed before the press stays in front of the transcript.
        self._voice_prefix = self.prompt.value.rstrip()
        self.prompt.add_class("recording")
        self.set_status("● starting the recording…")
        self._listen()

    @work(thread=True, group="voice", exit_on_error=False)
    def _listen(self: ChatApp) -> None:
        try:
            for event in self.controller.voice.listen():
                self._from_thread(self.render_voice_event, event)
        except Exception as exc:  # noqa: BLE001 - a failure is one notice line, the chat goes on
            lines = str(exc).strip().splitlines()
            self._from_thread(self.notice, f"voice input failed: {lines[0] if lines else type(exc).__name__}",
                              error=True)
        finally:
            self._from_thread(self._voice_over)

    async def render_voice_event(self: ChatApp, event: Any) -> None:
        from assistant.voice import events as ve

        if isinstance(event, ve.ListeningStarted):
            self.set_status(f"● recording from {event.source} · F5 stops")
        elif isinstance(event, ve.PartialTranscript):
            self._show_transcript(event.text)
        elif isinstance(event, ve.FinalTranscript):
            self._show_transcript(event.text)
            self._voice_over()
            if self.controller.voice_autosend:
                await self.submit(self.prompt.value, voice=True)
        elif isinstance(event, ve.UtteranceIgnored):
            self.notice(f"heard no speech in {event.audio_seconds:.1f} s ({event.reason})")
        elif isinstance(event, ve.VoiceError):
            self.notice(event.message, error=True)

    def _show_transcript(self: ChatApp, text: str) -> None:
        value = f"{self._voice_prefix} {text}".strip()
        self.prompt.value = value
        self.prompt.cursor_position = len(value)

    def _voice_over(self: ChatApp) -> None:
        if not self.listening:
            return
        self.listening = False
        self.prompt.remove_class("recording")
        self.set_status()
