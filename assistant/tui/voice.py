"""Push-to-talk for the chat app: one press opens an audio source and a push-to-talk VoiceEngine,
the second press ends the utterance; voice events come out for the app to render.

The app never touches the engine: its VoiceInput (tui/voice_input.py) calls ``listen()`` (in a
worker thread) and ``stop()`` on the controller's ``voice`` (this PushToTalk). The source comes from a factory (the
microphone by default; ``assistant chat --audio-file`` and the tests inject a file), and is
opened per press, so the microphone is live only while the person is talking.

Start-up is not waited for: recording begins at once, and Whisper (the app's shared SpeechTool)
is fetched and loaded by the engine's worker thread while the person speaks.

The engine comes from the voice path's one builder (assistant/voice/build.py) and the turn goes
through its one voice-turn service (assistant/voice/turn.py), as in `assistant voice`: the
question reaches the model marked as from speech, and the timings are the VoiceTurnDone's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import one_line

if TYPE_CHECKING:
    from assistant.events import Event
    from assistant.settings import Settings
    from assistant.voice.events import FinalTranscript, VoiceEvent

SourceFactory = Callable[[], Any]


def microphone() -> Any:
    """The default source: the default input device (EngineUnavailable when there is none)."""
    from assistant.tools.speech.audio_source import MicrophoneSource

    return MicrophoneSource()


class _LateSpeech:
    """Stands in for the SpeechTool until start-up has built it: the engine only calls it from its
    transcription thread, so waiting there never holds up recording."""

    def __init__(self, get: Callable[[], Any]) -> None:
        self._get = get

    def load(self) -> Any:
        return self._get().load()

    def transcribe_array(self, audio: Any, source: str = "audio", language: str | None = None) -> Any:
        return self._get().transcribe_array(audio, source=source, language=language)


class PushToTalk:
    def __init__(
        self,
        source_factory: SourceFactory | None,
        settings: Callable[[], Settings],
        speech: Callable[[], Any],
        *,
        autosend: bool = True,
    ) -> None:
        self._source_factory = source_factory or microphone
        self.autosend = autosend
        """The final transcript is sent; False only fills the prompt (``/voice fill``, --voice-fill)."""
        self._settings = settings
        self._speech = _LateSpeech(speech)
        self._lock = threading.Lock()
        self._engine: Any = None
        self._busy = False
        self._stop_asked = False
        self.heard: FinalTranscript | None = None
        """The last press's final transcript, until its turn is sent (``take_heard``)."""

    @property
    def listening(self) -> bool:
        return self._busy

    @property
    def engine(self) -> Any:
        """The VoiceEngine of the press in progress (None between presses)."""
        return self._engine

    def listen(self) -> Iterator[VoiceEvent]:
        """One press: voice events until the utterance is transcribed (blocking; a worker thread).

        A missing microphone, PortAudio or Whisper arrives as a VoiceError event, never raised.
        """
        from assistant.tools.errors import ToolError
        from assistant.voice.events import FinalTranscript, ListeningStopped, UtteranceIgnored, VoiceError

        with self._lock:
            if self._busy:
                return
            self._busy = True
            self._stop_asked = False
        try:
            try:
                # The source first: a missing microphone costs one line, before any model loads.
                source = self._source_factory()
                engine = self._engine_for(source)
            except ToolError as exc:
                yield VoiceError(one_line(exc))
                yield ListeningStopped("error")
                return
            with self._lock:
                self._engine = engine
                stop_now = self._stop_asked  # released while the source was opening
            engine.start()
            if stop_now:
                self._end(engine)
            for event in engine.events():
                if isinstance(event, FinalTranscript):
                    self.heard = event
                yield event
                # One press is one utterance: a push-to-talk turn cut at max length, or a file
                # that goes on after it, must not start recording a second one unasked.
                if isinstance(event, (FinalTranscript, UtteranceIgnored)) or (
                    isinstance(event, VoiceError) and event.fatal
                ):
                    engine.close()
        finally:
            with self._lock:
                engine, self._engine = self._engine, None
                self._busy = False
            if engine is not None:
                engine.close()

    def _engine_for(self, source: Any) -> Any:
        from assistant.voice.build import voice_engine

        return voice_engine(source, self._speech, self._settings().speech, push_to_talk=True)

    def stop(self) -> None:
        """Second press: end the utterance; its final transcript still comes out of ``listen()``."""
        with self._lock:
            engine = self._engine
            self._stop_asked = True
        if engine is not None:
            self._end(engine)

    @staticmethod
    def _end(engine: Any) -> None:
        engine.stop()
        # Closing the source ends the frame loop; the engine applies the queued stop after the
        # last frame, so the utterance is transcribed, not dropped.
        engine.close()

    def take_heard(self) -> FinalTranscript | None:
        heard, self.heard = self.heard, None
        return heard


def voice_turn(
    heard: FinalTranscript, text: str, attachments: Sequence[str | Path], send: Any, model: str | None,
    confirm: Callable[[Any], bool] | None,
) -> Iterator[Event]:
    """A push-to-talk turn through the voice-turn service: marked as from speech, not read aloud
    (the chat app has no speaker). Its AnswerDone carries the VoiceTurnDone's stage timings in
    front of the turn's own, so the answer's meta line shows speech end -> transcript -> first token."""
    from assistant.events import AnswerDone
    from assistant.voice.events import VoiceTurnDone
    from assistant.voice.turn import VoiceTurns

    answer: AnswerDone | None = None
    for event in VoiceTurns(send, model=model, confirm=confirm).run(heard, text, attachments):
        if isinstance(event, AnswerDone):
            answer = event  # held until the VoiceTurnDone that times it
        elif isinstance(event, VoiceTurnDone):
            if answer is not None:
                yield replace(answer, timings={**event.timings, **answer.timings})
        else:
            yield event


