"""Voice activity per frame and turn taking: a frame stream in, utterances out.

    vad = SileroVAD()                                  # or EnergyVAD() without onnxruntime
    turns = TurnDetector(vad, pre_roll_ms=1000, silence_ms=700)
    for utterance in turns.utterances(source.frames()):
        ...                                            # utterance.audio: float32, 16 kHz

Hands-free: an utterance starts after ``start_ms`` of speech and ends after ``silence_ms`` of
silence; the ``pre_roll_ms`` of audio before the start is kept so the first word is not
clipped (the VAD needs a few frames to be sure, and soft onsets like "h" score low).
Push-to-talk: ``start()`` ... ``stop()`` records everything in between, whatever the VAD says.
"""

from __future__ import annotations

import collections
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import numpy as np

from assistant.tools.errors import EngineUnavailable

SAMPLE_RATE = 16_000
SILERO_FRAME = 512  # the only window Silero v5/v6 accepts at 16 kHz


class VoiceActivityDetector(Protocol):
    def is_speech(self, frame: np.ndarray) -> bool: ...

    def reset(self) -> None: ...


class EnergyVAD:
    """Speech = frame RMS above ``threshold_db`` dBFS. No model; fooled by steady noise."""

    def __init__(self, threshold_db: float = -50.0) -> None:
        self.threshold_db = threshold_db

    def is_speech(self, frame: np.ndarray) -> bool:
        frame = _float(frame)
        rms = float(np.sqrt(np.mean(np.square(frame, dtype=np.float64)))) if frame.size else 0.0
        return 20 * np.log10(max(rms, 1e-10)) > self.threshold_db

    def reset(self) -> None:
        pass


class SileroVAD:
    """Streaming Silero VAD with the ONNX model that ships inside faster-whisper.

    The recurrent state and the 64-sample context carry from frame to frame, so each call costs
    one 32 ms window (~0.1 ms on CPU). Frames must be 512 samples at 16 kHz.
    """

    _CONTEXT = 64

    def __init__(self, threshold: float = 0.5) -> None:
        self.threshold = threshold
        self._session = None
        self.reset()

    def _load(self):  # type: ignore[no-untyped-def]
        try:
            import onnxruntime
            from faster_whisper.utils import get_assets_path
        except ImportError:
            raise EngineUnavailable(
                "Silero VAD needs faster-whisper and onnxruntime: pip install faster-whisper, "
                "or use EnergyVAD"
            ) from None
        opts = onnxruntime.SessionOptions()
        opts.inter_op_num_threads = opts.intra_op_num_threads = 1
        opts.log_severity_level = 4
        path = f"{get_assets_path()}/silero_vad_v6.onnx"
        return onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"], sess_options=opts)

    def reset(self) -> None:
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(self._CONTEXT, dtype=np.float32)

    def probability(self, frame: np.ndarray) -> float:
        frame = _float(frame)
        if frame.size != SILERO_FRAME:
            raise ValueError(f"Silero VAD takes {SILERO_FRAME}-sample frames at 16 kHz, got {frame.size}")
        if self._session is None:
            self._session = self._load()
        session: Any = self._session
        window = np.concatenate([self._context, frame])[None, :]
        prob, self._h, self._c = session.run(None, {"input": window, "h": self._h, "c": self._c})
        self._context = frame[-self._CONTEXT :]
        return float(np.asarray(prob).reshape(-1)[0])

    def is_speech(self, frame: np.ndarray) -> bool:
        return self.probability(frame) >= self.threshold


@dataclass
class Utterance:
    audio: np.ndarray
    """float32 mono samples at ``sample_rate``, pre-roll and trailing silence included."""
    start: float
    """Stream time in seconds of the first sample (pre-roll included)."""
    speech_start: float
    """Stream time where the VAD (or the push-to-talk press) started the utterance."""
    end: float
    reason: Literal["silence", "push_to_talk", "max_length", "end_of_stream"]
    sample_rate: int = SAMPLE_RATE

    @property
    def duration(self) -> float:
        return self.audio.size / self.sample_rate


class TurnDetector:
    """Cuts a stream of fixed-size frames into utterances (see the module docstring)."""

    def __init__(
        self,
        vad: VoiceActivityDetector,
        pre_roll_ms: int = 1000,
        silence_ms: int = 700,
        start_ms: int = 96,
        max_utterance_s: float = 30.0,
        sample_rate: int = SAMPLE_RATE,
        frame_samples: int = SILERO_FRAME,
    ) -> None:
        self.vad = vad
        self.pre_roll_ms = pre_roll_ms
        self.silence_ms = silence_ms
        self.sample_rate = sample_rate
        self.frame_samples = frame_samples
        frame_ms = 1000 * frame_samples / sample_rate
        self._pre_frames = max(0, round(pre_roll_ms / frame_ms))
        self._end_frames = max(1, round(silence_ms / frame_ms))
        # A click or a cough must not open a turn: require a short run of speech frames.
        self._start_frames = max(1, round(start_ms / frame_ms))
        self._max_frames = max(1, int(max_utterance_s * 1000 / frame_ms))
        self._ring: collections.deque[np.ndarray] = collections.deque(
            maxlen=self._pre_frames + self._start_frames
        )
        self._frames: list[np.ndarray] = []
        self._active = False
        self._push_to_talk = False
        self._speech_run = 0
        self._silence_run = 0
        self._seen = 0  # frames fed so far: the stream clock
        self._start_frame = 0
        self._speech_frame = 0

    @property
    def active(self) -> bool:
        return self._active

    def feed(self, frame: np.ndarray) -> Utterance | None:
        """Add one frame; returns an utterance when one has just ended."""
        frame = _float(frame)
        self._seen += 1
        if self._push_to_talk:
            self._frames.append(frame)
            return self._finish("max_length") if len(self._frames) >= self._max_frames else None
        speech = self.vad.is_speech(frame)
        if not self._active:
            self._ring.append(frame)
            self._speech_run = self._speech_run + 1 if speech else 0
            if self._speech_run >= self._start_frames:
                self._active = True
                self._frames = list(self._ring)
                self._ring.clear()
                self._start_frame = self._seen - len(self._frames)
                self._speech_frame = self._seen - self._speech_run
                self._silence_run = 0
            return None
        self._frames.append(frame)
        self._silence_run = 0 if speech else self._silence_run + 1
        if self._silence_run >= self._end_frames:
            return self._finish("silence")
        if len(self._frames) >= self._max_frames:
            return self._finish("max_length")
        return None

    def start(self) -> None:
        """Push-to-talk pressed: record from now (plus the pre-roll) until ``stop()``."""
        self._push_to_talk = True
        if not self._active:
            self._active = True
            self._frames = list(self._ring)[-self._pre_frames :] if self._pre_frames else []
            self._ring.clear()
            self._start_frame = self._seen - len(self._frames)
            self._speech_frame = self._seen

    def stop(self) -> Utterance | None:
        """Push-to-talk released: the recorded utterance (None if nothing was recorded)."""
        self._push_to_talk = False
        return self._finish("push_to_talk") if self._active and self._frames else None

    def flush(self) -> Utterance | None:
        """End of stream: the utterance in progress, if any."""
        return self._finish("end_of_stream") if self._active and self._frames else None

    def utterances(self, frames: Iterable[np.ndarray]) -> Iterator[Utterance]:
        for frame in frames:
            done = self.feed(frame)
            if done is not None:
                yield done
        last = self.flush()
        if last is not None:
            yield last

    def _finish(self, reason: Literal["silence", "push_to_talk", "max_length", "end_of_stream"]) -> Utterance:
        audio = np.concatenate(self._frames) if self._frames else np.zeros(0, dtype=np.float32)
        fs = self.frame_samples / self.sample_rate
        utt = Utterance(
            audio,
            self._start_frame * fs,
            self._speech_frame * fs,
            self._start_frame * fs + audio.size / self.sample_rate,
            reason,
            self.sample_rate,
        )
        self._frames, self._active, self._push_to_talk = [], False, False
        self._speech_run = self._silence_run = 0
        return utt


def _float(frame: np.ndarray) -> np.ndarray:
    frame = np.asarray(frame).reshape(-1)
    if frame.dtype == np.int16:
        return frame.astype(np.float32) / 32768.0
    return frame.astype(np.float32, copy=False)
