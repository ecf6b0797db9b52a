"""Push-to-talk for the chat app: one press opens an audio source and a push-to-talk VoiceEngine,
the second press ends the utterance; voice events come out for the app to render.

The app never touches the engine: it calls ``ChatController.listen()`` (in a worker thread) and
``ChatController.stop_listening()``, which delegate here. The source comes from a factory (the
microphone by default; ``assistant chat --audio-file`` and the tests inject a file), and is
opened per press, so the microphone is live only while the person is talking.

Start-up is not waited for: recording begins at once, and Whisper (the app's shared SpeechTool)
is fetched and loaded by the engine's worker thread while the person speaks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.events import Event
    from assistant.settings import Settings
    from assistant.voice.events import VoiceEvent

SourceFactory = Callable[[], Any]


def microphone() -> Any:
    """The default source: the default input device (EngineUnavailable when there is none)."""
    from tools.audio_source import MicrophoneSource

    return MicrophoneSource()


@dataclass
class Heard:
    """The last final transcript and when it arrived (for the voice turn's stage timings)."""

    text: str
    speech_end_to_transcript: float
    at: float


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
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._source_factory = source_factory or microphone
        self._settings = settings
        self._speech = _LateSpeech(speech)
        self._clock = clock
        self._lock = threading.Lock()
        self._engine: Any = None
        self._busy = False
        self._stop_asked = False
        self.heard: Heard | None = None

    @property
    def listening(self) -> bool:
        return self._busy

    def listen(self) -> Iterator[VoiceEvent]:
        """One press: voice events until the utterance is transcribed (blocking; a worker thread).

        A missing microphone, PortAudio or Whisper arrives as a VoiceError event, never raised.
        """
        from assistant.voice.events import FinalTranscript, ListeningStopped, UtteranceIgnored, VoiceError
        from tools.errors import ToolError

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
                yield VoiceError(_one_line(exc))
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
                    self.heard = Heard(event.text, event.after_speech_s, self._clock())
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
        from assistant.voice.engine import VoiceEngine
        from tools.vad import SileroVAD, TurnDetector

        cfg = self._settings().speech
        # In push-to-talk the VAD only decides when speech ended (for the early transcript and
        # the timings); Silero loads lazily from faster-whisper's own assets.
        detector = TurnDetector(SileroVAD(), pre_roll_ms=cfg.pre_roll_ms, silence_ms=cfg.vad_silence_ms)
        return VoiceEngine(source, detector, self._speech, push_to_talk=True, pre_roll_ms=cfg.pre_roll_ms)

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

    def take_heard(self) -> Heard | None:
        heard, self.heard = self.heard, None
        return heard


def with_voice_timings(
    events: Iterator[Event], heard: Heard, clock: Callable[[], float] = time.monotonic
) -> Iterator[Event]:
    """The turn's events, with speech end -> transcript -> first token added to AnswerDone.timings."""
    from assistant.events import AnswerDone, TextDelta

    first_token: float | None = None
    for event in events:
        if isinstance(event, TextDelta) and first_token is None:
            first_token = clock()
        if isinstance(event, AnswerDone):
            timings = {"speech_end_to_transcript": heard.speech_end_to_transcript, **event.timings}
            if first_token is not None:
                timings["transcript_to_first_token"] = round(first_token - heard.at, 3)
            event = replace(event, timings=timings)
        yield event


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
