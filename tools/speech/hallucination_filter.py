"""Drop Whisper segments that are hallucinated over silence, using evidence outside the model.

Whisper, given silence or noise, writes fluent text ("Thank you.", "Thanks for watching!").
The filter checks each segment against two independent signals:

- where Silero VAD (shipped inside faster-whisper) heard speech: a segment that barely
  overlaps any detected speech is dropped;
- the decoder's own confidence: a high ``no_speech_prob`` together with a low ``avg_logprob``
  (Whisper's own silence rule uses the same pair, 0.6 / -1.0), or a high compression ratio
  (looping text) together with a low ``avg_logprob``.

A short list of stock phrases is only an extra signal: such a phrase is dropped when one of
the signals above is also weak, never on the words alone, so a person who really says
"thank you" is kept. Quiet speech is not penalised: Silero and Whisper's log-mel features are
both close to level-independent, and no rule looks at loudness.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

BLOCKLIST = (
    "thank you",
    "thank you very much",
    "thanks for watching",
    "thank you for watching",
    "please subscribe",
    "like and subscribe",
    "bye",
    "you",
)
_BLOCK_PREFIXES = ("subtitles by", "subtitled by", "captions by", "transcribed by", "amara org")


@dataclass(frozen=True)
class FilterConfig:
    vad_threshold: float = 0.35
    """Silero probability above which a window counts as speech; below the usual 0.5 so that
    faint speech is still found (a miss here would drop real words)."""
    pad_s: float = 0.3
    """Detected speech is widened by this much each side: Whisper timestamps are loose."""
    min_inside_s: float = 0.25
    """A segment with less speech than this inside its span is dropped. Absolute, not a
    fraction: without the VAD filter Whisper may stamp one real sentence across 13 s of mostly
    silent audio, and that segment must stay."""
    no_speech_prob: float = 0.6
    low_logprob: float = -1.0
    max_compression: float = 2.4
    weak_logprob: float = -0.7
    """For a stock phrase: confidence this low (or no_speech_prob above 0.3) is enough."""


@dataclass(frozen=True)
class SegmentSignals:
    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float


def speech_regions(audio: np.ndarray, sample_rate: int, config: FilterConfig) -> list[tuple[float, float]]:
    """Spans in seconds where Silero VAD hears speech (unpadded)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if audio.size == 0:
        return []
    options = VadOptions(threshold=config.vad_threshold, min_silence_duration_ms=300, speech_pad_ms=0)
    stamps = get_speech_timestamps(audio, options, sampling_rate=sample_rate)
    return [(s["start"] / sample_rate, s["end"] / sample_rate) for s in stamps]


def seconds_inside(start: float, end: float, regions: list[tuple[float, float]], pad: float) -> float:
    """How much of [start, end] lies in the (padded) speech regions."""
    return sum(max(0.0, min(end, b + pad) - max(start, a - pad)) for a, b in regions)


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def is_stock_phrase(text: str) -> bool:
    norm = normalise(text)
    return norm in BLOCKLIST or norm.startswith(_BLOCK_PREFIXES)


def drop_reason(seg: SegmentSignals, regions: list[tuple[float, float]], config: FilterConfig) -> str | None:
    """Why ``seg`` should be dropped, or None to keep it."""
    inside = seconds_inside(seg.start, seg.end, regions, config.pad_s)
    frac = min(1.0, inside / max(seg.end - seg.start, 0.05))
    if inside < config.min_inside_s:
        return f"outside detected speech ({inside:.2f} s of speech in {seg.start:.1f}-{seg.end:.1f} s)"
    if seg.no_speech_prob > config.no_speech_prob and seg.avg_logprob < config.low_logprob:
        return f"likely silence (no_speech_prob {seg.no_speech_prob:.2f}, avg_logprob {seg.avg_logprob:.2f})"
    if seg.compression_ratio > config.max_compression and seg.avg_logprob < config.low_logprob:
        return f"repetitive low-confidence text (compression {seg.compression_ratio:.1f})"
    if is_stock_phrase(seg.text):
        weak = seg.no_speech_prob > 0.3 or seg.avg_logprob < config.weak_logprob or frac < 0.5
        if weak:
            return (
                f"stock phrase with weak evidence (no_speech_prob {seg.no_speech_prob:.2f}, "
                f"avg_logprob {seg.avg_logprob:.2f}, {frac:.0%} in speech)"
            )
    return None
