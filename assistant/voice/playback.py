"""Where spoken answers go: the speakers (sounddevice) or a WAV file (``--speak-to``).

A player plays one clip at a time in blocks of ~50 ms and checks ``stop`` between blocks, so a
barge-in silences it within a block. ``WavFilePlayer(realtime=True)`` takes as long as the
audio lasts, like a sound card: what lands in the file is what a listener would have heard
before they interrupted.
"""

from __future__ import annotations

import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from assistant.tools.errors import EngineUnavailable

BLOCK_S = 0.05


class Player(Protocol):
    def play(self, audio: np.ndarray, rate: int, stop: threading.Event, started: Callable[[], None]) -> bool:
        """Play float32 mono ``audio``; call ``started()`` as the first block goes out.
        Returns False when ``stop`` cut it short."""
        ...

    def close(self) -> None: ...


class SoundDevicePlayer:
    def __init__(self) -> None:
        try:
            import sounddevice
        except (ImportError, OSError) as exc:  # OSError: the PortAudio library is missing
            raise EngineUnavailable(
                f"cannot play audio ({str(exc).splitlines()[0]}): apt-get install libportaudio2 "
                "and pip install sounddevice, or use --speak-to FILE"
            ) from None
        try:
            sounddevice.query_devices(kind="output")
        except Exception:  # PortAudioError, ValueError: no default output device
            raise EngineUnavailable("no audio output device found; use --speak-to FILE to save answers") from None
        self._sd: Any = sounddevice

    def play(self, audio: np.ndarray, rate: int, stop: threading.Event, started: Callable[[], None]) -> bool:
        block = max(1, int(rate * BLOCK_S))
        with self._sd.OutputStream(samplerate=rate, channels=1, dtype="float32") as stream:
            for i in range(0, audio.size, block):
                if stop.is_set():
                    return False
                if i == 0:
                    started()
                stream.write(audio[i : i + block].reshape(-1, 1))  # blocks while the device is full
        return not stop.is_set()

    def close(self) -> None:
        pass


class WavFilePlayer:
    """Appends what is played to one 16-bit mono WAV (every clip resampled to the first rate)."""

    def __init__(self, path: str | Path, realtime: bool = True) -> None:
        self.path = Path(path)
        self.realtime = realtime
        self._wav: wave.Wave_write | None = None
        self._rate = 0
        self._lock = threading.Lock()
        self.played_s = 0.0

    def play(self, audio: np.ndarray, rate: int, stop: threading.Event, started: Callable[[], None]) -> bool:
        with self._lock:
            if self._wav is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._wav = wave.open(str(self.path), "wb")
                self._wav.setnchannels(1)
                self._wav.setsampwidth(2)
                self._wav.setframerate(rate)
                self._rate = rate
            audio = _resample(audio, rate, self._rate)
            block = max(1, int(self._rate * BLOCK_S))
            begun = time.monotonic()
            for n, i in enumerate(range(0, audio.size, block)):
                if stop.is_set():
                    return False
                if i == 0:
                    started()
                if self.realtime:  # pace like a sound card: block n may start at n * BLOCK_S
                    delay = begun + n * block / self._rate - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                chunk = audio[i : i + block]
                self._wav.writeframes((np.clip(chunk, -1, 1) * 32767).astype("<i2").tobytes())
                self.played_s += chunk.size / self._rate
            return not stop.is_set()

    def close(self) -> None:
        with self._lock:
            if self._wav is not None:
                self._wav.close()
                self._wav = None


def _resample(audio: np.ndarray, rate: int, target: int) -> np.ndarray:
    if rate == target or audio.size == 0:
        return audio
    n = max(1, round(audio.size * target / rate))
    return np.interp(np.linspace(0, audio.size - 1, n), np.arange(audio.size), audio).astype(np.float32)
