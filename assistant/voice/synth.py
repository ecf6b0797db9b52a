"""Text to speech, offline: espeak-ng (the system package) or a Piper voice model (piper-tts).

    synth = EspeakSynth()                       # or PiperSynth("en_US-lessac-medium.onnx")
    audio, rate = synth.synthesize("Paris is the capital of France.")   # float32 mono

Both return samples instead of playing them, so one player (``assistant.voice.playback``)
serves both and tests can hear what would have been said.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import wave
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from assistant.tools.errors import EngineUnavailable, ToolInputError


class Synthesizer(Protocol):
    name: str

    def synthesize(self, text: str) -> tuple[np.ndarray, int]:
        """float32 mono samples in [-1, 1] and their sample rate."""
        ...


class EspeakSynth:
    name = "espeak-ng"

    def __init__(self, voice: str = "en", words_per_minute: int = 175, binary: str | None = None) -> None:
        found = binary or shutil.which("espeak-ng")
        if not found:
            raise EngineUnavailable(
                "spoken answers need espeak-ng: apt-get install espeak-ng, or set speech.piper_voice"
            )
        self.binary = found
        self.voice = voice
        self.words_per_minute = words_per_minute

    def synthesize(self, text: str) -> tuple[np.ndarray, int]:
        # Text through stdin: no argv length limit, and a leading "-" is never an option.
        done = subprocess.run(
            [self.binary, "-v", self.voice, "-s", str(self.words_per_minute), "--stdout"],
            input=text.encode("utf-8"),
            capture_output=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0 or not done.stdout:
            reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ToolInputError(f"espeak-ng could not say this: {reason[0] if reason else 'no audio'}")
        return _read_wav(done.stdout)


class PiperSynth:
    """A Piper voice: ``model`` is the .onnx file; its config is ``model + '.json'`` beside it."""

    name = "piper"

    def __init__(self, model: str | Path, length_scale: float | None = None) -> None:
        self.model = Path(model).expanduser()
        if not self.model.is_file():
            raise EngineUnavailable(
                f"Piper voice not found: {self.model}; set speech.piper_voice to a voice's .onnx file "
                "(with its .onnx.json beside it)"
            )
        config = Path(f"{self.model}.json")
        if not config.is_file():
            raise EngineUnavailable(f"Piper voice config not found: {config} (it ships with the .onnx file)")
        try:
            from piper import PiperVoice, SynthesisConfig
        except ImportError:
            raise EngineUnavailable("Piper voices need piper-tts: pip install piper-tts") from None
        try:
            self._voice: Any = PiperVoice.load(self.model, config_path=config)
        except Exception as exc:  # onnxruntime and json errors: one line, whatever the cause
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise EngineUnavailable(f"cannot load Piper voice {self.model.name}: {first}") from None
        self._config = SynthesisConfig(length_scale=length_scale)

    def synthesize(self, text: str) -> tuple[np.ndarray, int]:
        chunks = [c.audio_float_array for c in self._voice.synthesize(text, syn_config=self._config)]
        audio = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
        return audio.astype(np.float32, copy=False), int(self._voice.config.sample_rate)


def make_synth(piper_voice: str | None, espeak_voice: str = "en", words_per_minute: int = 175) -> Synthesizer:
    """Piper when a voice is configured, else espeak-ng; EngineUnavailable says what to install."""
    if piper_voice:
        return PiperSynth(piper_voice)
    return EspeakSynth(espeak_voice, words_per_minute)


def _read_wav(data: bytes) -> tuple[np.ndarray, int]:
    with wave.open(io.BytesIO(data)) as wav:
        rate, width, channels = wav.getframerate(), wav.getsampwidth(), wav.getnchannels()
        frames = wav.readframes(wav.getnframes())
    if width != 2:
        raise ToolInputError(f"unexpected {8 * width}-bit audio from the speech synthesizer")
    audio = np.frombuffer(frames, dtype=np.int16).astype(np.float32) / 32768.0
    if channels > 1:
        audio = audio.reshape(-1, channels).mean(axis=1)
    return audio, rate
