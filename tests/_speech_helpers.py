"""Shared by the speech and audio-source tests: fixture paths, clip making, a word error rate."""

from __future__ import annotations

import re
import wave
from fractions import Fraction
from pathlib import Path

import numpy as np

DATA = Path(__file__).parent / "data"
FOX = DATA / "speech_fox.wav"  # "The quick brown fox jumps over the lazy dog." (espeak-ng)
FOX_WORDS = "the quick brown fox jumps over the lazy dog"
SPANISH = DATA / "speech_spanish.wav"
SPANISH_WORDS = "buenos días hoy hace mucho calor en la ciudad y vamos a la playa"
SILENCE = DATA / "speech_silence.wav"
LEAD_SILENCE = DATA / "speech_lead_silence.wav"  # 2 s of silence, then the fox sentence
QUIET = DATA / "speech_quiet.wav"  # the fox sentence with its peak at -30 dBFS
TWO_TURNS = DATA / "speech_two_turns.wav"  # 0.5 s silence, turn 1, 1.5 s, turn 2, 1.5 s
TURN_WORDS = ("good morning how are you today", "please open the window")
SILENCE_10S = DATA / "speech_silence_10s.flac"  # 10 s of digital silence (FLAC: a WAV is 320 KB)
NOISE_10S = DATA / "speech_noise_10s.flac"  # 10 s of pink noise at -45 dBFS RMS
LEAD3_SILENCE = DATA / "speech_lead3_silence.wav"  # 3 s of silence, then MILK_WORDS
MILK_WORDS = "please remember to buy milk and bread on the way home"
GARDEN = DATA / "speech_garden.wav"
GARDEN_WORDS = "she opened the window and looked at the quiet garden"
TRAIN = DATA / "speech_train.wav"
TRAIN_WORDS = "the train to the city leaves from the second platform"
FRANCE = DATA / "voice_question_france.wav"
FRANCE_WORDS = "what is the capital of france"
# Clean synthetic English for the WER target: (clip, reference words).
CLEAN_ENGLISH = (
    (FOX, FOX_WORDS),
    (TWO_TURNS, " ".join(TURN_WORDS)),
    (GARDEN, GARDEN_WORDS),
    (TRAIN, TRAIN_WORDS),
    (FRANCE, FRANCE_WORDS),
    (LEAD3_SILENCE, MILK_WORDS),
)


def words(text: str) -> list[str]:
    return re.sub(r"[^\w\s]", " ", text.lower()).split()


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate: word-level edit distance over the reference length."""
    ref, hyp = words(reference), words(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[len(hyp)] / max(len(ref), 1)


def aggregate_wer(pairs: list[tuple[str, str]]) -> float:
    """WER over several clips: all word errors over all reference words (not a mean of rates)."""
    errors = sum(wer(ref, hyp) * len(words(ref)) for ref, hyp in pairs)
    return errors / max(sum(len(words(ref)) for ref, _ in pairs), 1)


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path)) as w:
        assert w.getframerate() == 16000 and w.getnchannels() == 1
        return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(np.float32) / 32768


def write_wav(path: Path, audio: np.ndarray, rate: int = 16000) -> Path:
    """float32 mono samples in [-1, 1] as a 16-bit WAV."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((np.clip(audio, -1, 1) * 32767).astype(np.int16).tobytes())
    return path


def make_video(path: Path, audio: np.ndarray | None, seconds: float = 1.0) -> Path:
    """An MPEG-4 clip with small grey frames and, if given, an AAC track of ``audio`` (16 kHz)."""
    import av

    with av.open(str(path), "w") as out:
        video = out.add_stream("mpeg4", rate=10)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        sound = None
        if audio is not None:
            sound = out.add_stream("aac", rate=16000, layout="mono")
            seconds = audio.size / 16000
        for i in range(max(1, int(seconds * 10))):
            img = np.full((48, 64, 3), (i * 20) % 255, dtype=np.uint8)
            out.mux(video.encode(av.VideoFrame.from_ndarray(img, format="rgb24")))
        out.mux(video.encode(None))
        if sound is not None:
            pcm = audio.astype(np.float32)
            for start in range(0, pcm.size, 1024):
                chunk = np.zeros((1, 1024), dtype=np.float32)
                piece = pcm[start : start + 1024]
                chunk[0, : piece.size] = piece
                frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="mono")
                frame.sample_rate, frame.pts, frame.time_base = 16000, start, Fraction(1, 16000)
                out.mux(sound.encode(frame))
            out.mux(sound.encode(None))
    return path
