"""Cut a stream of 16 kHz PCM chunks into transcription windows that end in silence.

Decoding a whole file first costs ~230 MB of float32 per hour of audio, so a two-hour file
would not fit comfortably. Instead the decoded chunks are buffered only until ``max_s`` of
audio is held; Silero VAD (the filter's own pass, reused later for that window) then picks the
longest silence whose middle lies between ``target_s`` and ``max_s``, and the window is cut
there, so no word is split across two Whisper calls. The tail after the cut starts the next
window. At most one window (plus one decoded chunk) is held at any time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from assistant.tools.speech.hallucination_filter import FilterConfig, speech_regions

TARGET_S = 30.0
"""Whisper reads 30 s at a time: windows shorter than this would waste decoder context."""
MAX_S = 60.0
MIN_GAP_S = 0.3
"""A cut needs at least this much silence (the filter VAD's own minimum gap)."""
EDGE_S = 0.15
"""Distance kept between a cut and detected speech: Silero stamps in 32 ms steps."""


@dataclass
class Window:
    offset: float
    """Seconds from the start of the file to the first sample of ``audio``."""
    audio: np.ndarray
    regions: list[tuple[float, float]]
    """Silero speech spans in window-local seconds."""

    @property
    def seconds(self) -> float:
        return self.audio.size / 16_000


def choose_cut(regions: list[tuple[float, float]], length_s: float, target_s: float, max_s: float) -> float:
    """Window-local second to cut at, inside the longest silence that reaches [target_s, max_s].

    The cut stays ``EDGE_S`` clear of speech, so a word that straddles ``max_s`` moves whole
    into the next window. With no usable silence (a minute of unbroken speech) it is ``max_s``.
    """
    if not regions:
        return max_s  # all silence: any cut is clean, and the longest window costs least
    edges = [0.0, *(x for r in regions for x in r), length_s]
    best, best_gap = max_s, 0.0
    for start, end in zip(edges[::2], edges[1::2], strict=False):  # the silences between speech
        if end - start < MIN_GAP_S:
            continue
        low = start + EDGE_S if start > 0 else start
        high = end - EDGE_S if end < length_s else end
        cut = min(max(min(max((start + end) / 2, target_s), max_s), low), high)
        if target_s <= cut <= max_s and end - start > best_gap:
            best, best_gap = cut, end - start
    return best


def iter_windows(
    chunks: Iterable[np.ndarray],
    config: FilterConfig,
    sample_rate: int = 16_000,
    target_s: float = TARGET_S,
    max_s: float = MAX_S,
) -> Iterator[Window]:
    """Windows of at most ``max_s`` seconds, each with its Silero speech regions."""
    max_samples = int(max_s * sample_rate)
    buf: list[np.ndarray] = []
    held = 0
    offset = 0
    for chunk in chunks:
        buf.append(chunk)
        held += chunk.size
        while held >= max_samples:
            audio = np.concatenate(buf)
            buf.clear()  # drop the pieces now: only ``audio`` holds the samples
            head = audio[:max_samples]
            regions = speech_regions(head, sample_rate, config)
            cut_s = choose_cut(regions, max_s, target_s, max_s)
            cut = min(max_samples, max(1, int(cut_s * sample_rate)))
            kept = [(a, min(b, cut_s)) for a, b in regions if a < cut_s]
            yield Window(offset / sample_rate, audio[:cut].copy(), kept)
            rest = audio[cut:].copy()
            del audio, head
            buf, held, offset = [rest], rest.size, offset + cut
    if held:
        audio = np.concatenate(buf)
        buf.clear()
        yield Window(offset / sample_rate, audio, speech_regions(audio, sample_rate, config))


def slices(audio: np.ndarray, size: int = 16_000 * 10) -> Iterator[np.ndarray]:
    """An in-memory array as a chunk stream, so arrays and files share one windowing path."""
    for start in range(0, audio.size, size):
        yield audio[start : start + size]
