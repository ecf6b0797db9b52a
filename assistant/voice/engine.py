"""VoiceEngine: audio frames in, typed voice events out, Whisper running while the person speaks.

    engine = VoiceEngine(FileAudioSource("q.wav"), TurnDetector(SileroVAD()), SpeechTool("tiny.en"))
    for event in engine.events():      # ListeningStarted, SpeechStarted, PartialTranscript,
        ...                            # FinalTranscript, UtteranceIgnored, VoiceError, ...

Why the final transcript is ready soon after the speaker stops: a hands-free turn only ends
after ``silence_ms`` (0.7 s) of silence, which is about as long as Whisper needs for a short
utterance on a CPU. So once ``speculate_after_ms`` of that silence has passed, the audio up to
the last speech frame goes to the worker; if the speaker stays quiet the turn ends and that
transcript *is* the final one (it is checked to cover exactly the utterance's speech, else
the whole utterance is transcribed again). Partial transcripts of the audio so far run every
``partial_every_s`` of speech for the live display, but only while a Whisper run takes less
than that: a slower partial is stale when it lands, and one still running when the speaker
stops holds up the final transcript (the worker runs one job at a time; measured with Whisper
base on 2 CPU cores, partials made the final 0.5-0.9 s later than with none). ``streaming=False``
is the baseline that transcribes only after the turn has ended (bench/bench_voice.py).

Push-to-talk: ``start()`` / ``stop()`` from any thread (a key handler); they take effect before
the next frame. The turn detector's VAD is not consulted between presses.
"""

from __future__ import annotations

import collections
import itertools
import queue
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from assistant.tools.errors import EngineUnavailable, ToolError
from assistant.voice.events import (
    FinalTranscript,
    ListeningStarted,
    ListeningStopped,
    PartialTranscript,
    SpeechStarted,
    UtteranceIgnored,
    VoiceError,
    VoiceEvent,
)
from assistant.voice.worker import Job, TranscriptionWorker


class Transcriber(Protocol):
    """What the engine needs from assistant.tools.speech.transcriber.SpeechTool."""

    def load(self) -> Any: ...

    def transcribe_array(self, audio: np.ndarray, source: str = ..., language: str | None = ...) -> Any: ...


class _VadTap:
    """Sits between the turn detector and its VAD: records each decision (the VAD is stateful,
    so it must not be asked twice per frame) and stays deaf between push-to-talk presses."""

    def __init__(self, inner: Any, hands_free: bool) -> None:
        self.inner = inner
        self.hands_free = hands_free
        self.last = False

    def is_speech(self, frame: np.ndarray) -> bool:
        self.last = bool(self.inner.is_speech(frame)) if self.hands_free else False
        return self.last

    def reset(self) -> None:
        self.inner.reset()


@dataclass
class _Utterance:
    id: int
    start_frame: int
    last_speech: int | None = None
    last_speech_wall: float | None = None
    silence: int = 0
    since_partial: int = 0
    latest: Job | None = None
    """The newest partial or speculative job: the final transcript if it covers all the speech."""


class VoiceEngine:
    """See the module docstring. Takes over ``detector.vad`` (wraps it to see each decision)."""

    def __init__(
        self,
        source: Any,
        detector: Any,
        speech: Transcriber,
        *,
        push_to_talk: bool = False,
        pre_roll_ms: int = 1000,
        streaming: bool = True,
        partial_every_s: float = 1.0,
        speculate_after_ms: int = 160,
        language: str | None = None,
        source_name: str | None = None,
        history_s: float = 60.0,
        deaf_while: Callable[[], bool] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``pre_roll_ms`` must be the detector's own (it locates the utterance start early).
        ``deaf_while()`` true: frames count as silence (half duplex: the microphone must not hear
        the assistant's own voice from loudspeakers)."""
        self.source = source
        self.detector = detector
        self.speech = speech
        self.push_to_talk = push_to_talk
        self.streaming = streaming
        self.language = language
        self.source_name = source_name or str(getattr(source, "path", "") or "microphone")
        self._clock = clock
        self._deaf_while = deaf_while
        self._vad = detector.vad
        self._tap = _VadTap(detector.vad, hands_free=not push_to_talk)
        detector.vad = self._tap
        self.frame_s = detector.frame_samples / detector.sample_rate
        self._pre_frames = max(0, round(pre_roll_ms / 1000 / self.frame_s))
        self._partial_frames = max(1, round(partial_every_s / self.frame_s))
        # Long enough to skip the short gaps inside speech, short enough to leave most of the
        # trailing-silence window (700 ms) for Whisper.
        self._spec_frames = max(1, round(speculate_after_ms / 1000 / self.frame_s))
        self._history: collections.deque[np.ndarray] = collections.deque(maxlen=int(history_s / self.frame_s))
        self._commands: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._worker = TranscriptionWorker(clock)
        self._index = 0  # frames seen: the stream clock
        self._inactive = 0  # frames fed while no utterance was open (the detector's pre-roll ring)
        self._run = 0  # consecutive speech frames while no utterance was open
        self._pressed = False
        self._cur: _Utterance | None = None
        self._next_id = 0
        self._fatal = False
        self._partial_budget_s = partial_every_s
        # Recent seconds per Whisper run (moving average), from earlier use of the tool if any.
        known = getattr(speech, "recent_call_seconds", None)
        self._whisper_s: float | None = float(known) if isinstance(known, (int, float)) else None
        self.stats = {"finals": 0, "speculative_finals": 0, "partials": 0, "partial_runs": 0, "partials_skipped": 0}

    @property
    def mode(self) -> str:
        return "push-to-talk" if self.push_to_talk else "hands-free"

    # -- control (any thread) ----------------------------------------------------------------
    def start(self) -> None:
        """Push-to-talk pressed."""
        self._commands.put("start")

    def stop(self) -> None:
        """Push-to-talk released."""
        self._commands.put("stop")

    def close(self) -> None:
        """Stop listening; ``events()`` ends after the current frame."""
        self.source.close()

    # -- the event stream ----------------------------------------------------------------------
    def events(self) -> Iterator[VoiceEvent]:
        reason = "end of audio"
        try:
            yield ListeningStarted("push-to-talk" if self.push_to_talk else "hands-free", self.source_name)
            # Load Whisper while the person starts talking, not after their first sentence.
            self._worker.submit(Job("load", self.speech.load))
            try:
                for frame in self.source.frames():
                    yield from self._apply_commands()
                    yield from self._on_frame(frame)
                    if self._fatal:
                        reason = "error"
                        break
                else:
                    yield from self._apply_commands()
                    last = self.detector.flush()
                    if last is not None and self._cur is not None:
                        yield from self._finish(last, self._clock())
            except ToolError as exc:  # the source failed: no microphone, PortAudio, bad file
                yield VoiceError(str(exc))
                reason = "error"
            yield ListeningStopped(reason)
        finally:
            self._worker.close()
            self.source.close()

    def _apply_commands(self) -> Iterator[VoiceEvent]:
        while not self._commands.empty():
            command = self._commands.get_nowait()
            if not self.push_to_talk:
                continue
            if command == "start" and not self._pressed:
                self._pressed = True
                self._vad.reset()  # fresh VAD state for this press (used for speculation only)
                self.detector.start()
                self._open(self._index - min(self._inactive, self._pre_frames))
                yield SpeechStarted(self._index * self.frame_s)
            elif command == "stop" and self._pressed:
                self._pressed = False
                utterance = self.detector.stop()
                if utterance is not None and self._cur is not None:
                    yield from self._finish(utterance, self._clock())
                self._cur = None

    def _open(self, start_frame: int) -> None:
        self._next_id += 1
        self._cur = _Utterance(self._next_id, start_frame)
        self._inactive = self._run = 0

    def _on_frame(self, raw: np.ndarray) -> Iterator[VoiceEvent]:
        # Finished jobs first: their timing decides whether this frame may start a partial.
        yield from self._partials()
        frame = _float(raw)
        if self._deaf_while is not None and self._deaf_while():
            frame = np.zeros_like(frame)
        index = self._index
        self._index += 1
        now = self._clock()
        self._history.append(frame)
        was_active = self.detector.active
        self._tap.last = False
        utterance = self.detector.feed(frame)
        speech = self._vad.is_speech(frame) if self._pressed else self._tap.last
        if not was_active and not self._pressed:
            self._inactive += 1
            self._run = self._run + 1 if speech else 0
            if self.detector.active:  # the detector just opened an utterance
                self._open(index + 1 - min(self._inactive, self._pre_frames + self._run))
                yield SpeechStarted((index + 1 - self._run) * self.frame_s)
        cur = self._cur
        if cur is not None and utterance is None:
            self._track(cur, index, speech, now)
        elif cur is not None and utterance is not None:
            if speech:
                cur.last_speech, cur.last_speech_wall = index, now
            yield from self._finish(utterance, now)

    def _track(self, cur: _Utterance, index: int, speech: bool, now: float) -> None:
        if speech:
            cur.last_speech, cur.last_speech_wall, cur.silence = index, now, 0
            cur.since_partial += 1
            # Partials are for the display only: one never waits in line, where it could hold
            # up the speculative transcript that becomes the final one.
            if self.streaming and cur.since_partial >= self._partial_frames and not self._worker.busy:
                cur.since_partial = 0
                if self._partials_keep_up():
                    self.stats["partial_runs"] += 1
                    cur.latest = self._submit("partial", cur, index + 1)
                else:
                    self.stats["partials_skipped"] += 1
        else:
            cur.silence += 1
            if self.streaming and cur.silence == self._spec_frames and cur.last_speech is not None:
                cur.latest = self._submit("speculative", cur, cur.last_speech + 1)

    def _partials_keep_up(self) -> bool:
        return self._whisper_s is None or self._whisper_s <= self._partial_budget_s

    def _note_speed(self, job: Job) -> None:
        seconds = getattr(job.result, "seconds", None)
        if job.kind == "load" or job.error is not None or not isinstance(seconds, (int, float)):
            return
        seconds = float(seconds)
        self._whisper_s = seconds if self._whisper_s is None else 0.5 * self._whisper_s + 0.5 * seconds

    def _submit(self, kind: str, cur: _Utterance, end_frame: int) -> Job:
        audio = self._audio(cur.start_frame, end_frame)
        job = Job(kind, lambda: self._transcribe(audio), cur.id, cur.start_frame, end_frame)  # type: ignore[arg-type]
        return self._worker.submit(job)

    def _transcribe(self, audio: np.ndarray) -> Any:
        return self.speech.transcribe_array(audio, source=self.source_name, language=self.language)

    def _audio(self, start: int, end: int) -> np.ndarray:
        first = self._index - len(self._history)
        frames = list(itertools.islice(self._history, max(start, first) - first, max(end - first, 0)))
        return np.concatenate(frames) if frames else np.zeros(0, dtype=np.float32)

    def _partials(self, exclude: Job | None = None) -> Iterator[VoiceEvent]:
        for job in self._worker.take_finished():
            self._note_speed(job)
            if job.kind == "load" and job.error is not None:  # no Whisper: say so now, not after a sentence
                self._fatal = True
                yield VoiceError(str(job.error))
                continue
            cur = self._cur
            if job is exclude or job.kind not in ("partial", "speculative") or cur is None:
                continue
            if job.utterance == cur.id and job.result is not None and job.result.text:
                self.stats["partials"] += 1
                yield PartialTranscript(job.result.text, (job.end_frame - job.start_frame) * self.frame_s)

    def _finish(self, utterance: Any, ended_wall: float) -> Iterator[VoiceEvent]:
        cur = self._cur
        assert cur is not None
        start_frame = round(utterance.start / self.frame_s)
        job = cur.latest
        # An early transcript counts only if it covers exactly this utterance's speech: the same
        # first frame, and no speech after its last frame (a partial taken on the last speech
        # frame qualifies as well as the speculative one taken in the trailing silence).
        usable = (
            job is not None
            and not job.dropped
            and job.start_frame == start_frame
            and cur.last_speech is not None
            and job.end_frame >= cur.last_speech + 1
        )
        if usable:
            assert job is not None
            job.wait()
            usable = not job.dropped and job.error is None
        if not usable:
            job = self._worker.submit(Job("final", lambda: self._transcribe(utterance.audio), cur.id))
            job.wait()
        assert job is not None
        done_wall = self._clock()
        yield from self._partials(exclude=job)
        self._cur = None
        if job.error is not None:
            fatal = not isinstance(job.error, ToolError) or isinstance(job.error, EngineUnavailable)
            if not isinstance(job.error, ToolError):
                raise job.error
            self._fatal = fatal
            yield VoiceError(str(job.error), fatal=fatal)
            return
        result = job.result
        if not result.text:
            yield UtteranceIgnored(result.note or "no speech", utterance.duration)
            return
        self.stats["finals"] += 1
        self.stats["speculative_finals"] += int(usable)
        speech_end_wall = cur.last_speech_wall if cur.last_speech_wall is not None else ended_wall
        speech_end = (cur.last_speech + 1) * self.frame_s if cur.last_speech is not None else utterance.end
        yield FinalTranscript(
            result.text,
            result.language,
            utterance.duration,
            round(speech_end, 3),
            round(done_wall - speech_end_wall, 3),
            round(max(0.0, done_wall - ended_wall), 3),
            round(float(result.seconds), 3),
            bool(usable),
            utterance.reason,
        )


def _float(frame: np.ndarray) -> np.ndarray:
    frame = np.asarray(frame).reshape(-1)
    if frame.dtype == np.int16:
        return frame.astype(np.float32) / 32768.0
    return frame.astype(np.float32, copy=False)
