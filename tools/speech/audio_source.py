"""The audio input seam: a source yields fixed-size frames of 16 kHz mono PCM.

    AudioSource          the protocol: ``frames()`` iterator, ``close()``
    FileAudioSource      any file PyAV decodes; optionally paced to real time (tests, demos,
                         ``--audio-file``)
    MicrophoneSource     sounddevice / PortAudio capture

Frames are 512 samples (32 ms), the window Silero VAD takes, float32 in [-1, 1] or int16.
Nothing here touches sounddevice at import: a machine without PortAudio or a microphone gets
a one-line EngineUnavailable when a MicrophoneSource is built, and can use a file instead.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from assistant.tools.errors import EngineUnavailable
from assistant.tools.speech.audio_io import SAMPLE_RATE, check_file, iter_pcm

FRAME_SAMPLES = 512
Dtype = Literal["float32", "int16"]


class AudioSource(Protocol):
    sample_rate: int
    frame_samples: int

    def frames(self) -> Iterator[np.ndarray]: ...

    def close(self) -> None: ...


def _convert(frame: np.ndarray, dtype: Dtype) -> np.ndarray:
    if dtype == "int16":
        return (np.clip(frame, -1.0, 1.0) * 32767).astype(np.int16)
    return frame.astype(np.float32, copy=False)


class FileAudioSource:
    """Frames of an audio file (or a video's sound), decoded and resampled as it goes."""

    def __init__(
        self,
        path: str | Path,
        realtime: bool = True,
        frame_samples: int = FRAME_SAMPLES,
        dtype: Dtype = "float32",
    ) -> None:
        self.path = check_file(path)  # fail now, not on the first frame
        self.realtime = realtime
        self.sample_rate = SAMPLE_RATE
        self.frame_samples = frame_samples
        self.dtype = dtype
        self._closed = False
        self.started_at: float | None = None
        """``time.monotonic()`` when playback began: stream time t was heard at started_at + t."""

    def frames(self) -> Iterator[np.ndarray]:
        frame_s = self.frame_samples / self.sample_rate
        started = self.started_at = time.monotonic()
        pending = np.zeros(0, dtype=np.float32)
        index = 0
        for chunk in iter_pcm(self.path, self.sample_rate):
            pending = np.concatenate([pending, chunk])
            while pending.size >= self.frame_samples and not self._closed:
                frame, pending = pending[: self.frame_samples], pending[self.frame_samples :]
                if self.realtime:
                    # Like a microphone, a frame is ready once its last sample has been spoken.
                    # Pace against the start time, not frame by frame, so sleeps don't drift.
                    delay = started + (index + 1) * frame_s - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                index += 1
                yield _convert(frame, self.dtype)
            if self._closed:
                return
        if pending.size:
            tail = np.zeros(self.frame_samples, dtype=np.float32)
            tail[: pending.size] = pending
            yield _convert(tail, self.dtype)

    def close(self) -> None:
        self._closed = True


def _sounddevice() -> Any:
    try:
        import sounddevice
    except ImportError:
        raise EngineUnavailable("sounddevice is not installed: pip install sounddevice") from None
    except OSError:
        # sounddevice raises OSError at import when the PortAudio shared library is absent.
        raise EngineUnavailable("PortAudio is missing: apt-get install libportaudio2") from None
    return sounddevice


class MicrophoneSource:
    """Live frames from an input device (the default one unless ``device`` names another)."""

    NO_MIC = "no microphone found: connect one, or use --audio-file PATH"

    def __init__(
        self,
        device: int | str | None = None,
        frame_samples: int = FRAME_SAMPLES,
        dtype: Dtype = "float32",
        max_queued_s: float = 10.0,
    ) -> None:
        self._sd = _sounddevice()
        try:
            info = self._sd.query_devices(device, kind="input")
        except (ValueError, self._sd.PortAudioError):
            raise EngineUnavailable(self.NO_MIC) from None
        if not info or int(info.get("max_input_channels", 0)) < 1:
            raise EngineUnavailable(self.NO_MIC)
        self.device = device
        self.device_name = str(info.get("name", "microphone"))
        self.sample_rate = SAMPLE_RATE
        self.frame_samples = frame_samples
        self.dtype = dtype
        self.dropped_frames = 0
        self._queue: queue.Queue[np.ndarray] = queue.Queue(
            maxsize=max(1, int(max_queued_s * SAMPLE_RATE / frame_samples))
        )
        self._closed = False

    def _callback(self, indata: np.ndarray, frames: int, when: Any, status: Any) -> None:
        # Runs on PortAudio's thread: never block it; a slow consumer loses the oldest audio.
        try:
            self._queue.put_nowait(indata[:, 0].copy())
        except queue.Full:
            self.dropped_frames += 1

    def frames(self) -> Iterator[np.ndarray]:
        try:
            # PortAudio resamples for the default (PulseAudio/PipeWire/ALSA plug) device.
            stream = self._sd.InputStream(
                samplerate=self.sample_rate,
                blocksize=self.frame_samples,
                channels=1,
                dtype="float32",
                device=self.device,
                callback=self._callback,
            )
        except self._sd.PortAudioError as exc:
            first = str(exc).splitlines()[0] if str(exc) else "PortAudio error"
            raise EngineUnavailable(
                f"cannot open microphone {self.device_name} at 16 kHz ({first}); "
                "pick another input device, or use --audio-file PATH"
            ) from None
        with stream:
            while not self._closed:
                try:
                    frame = self._queue.get(timeout=0.25)
                except queue.Empty:
                    continue
                yield _convert(frame, self.dtype)

    def close(self) -> None:
        self._closed = True
