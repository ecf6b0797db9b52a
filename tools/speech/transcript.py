"""What a transcription returns: words, segments, the segments dropped as hallucinations, and the
whole transcript with its JSON form, one-line summary and the evidence text the model reads."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from assistant import prompts


@dataclass
class Word:
    """One word with its time in the file (only when transcribed with ``word_timestamps``)."""

    start: float
    end: float
    text: str
    """As Whisper wrote it: usually with a leading space and any punctuation."""
    probability: float


@dataclass
class Segment:
    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float = 0.0
    words: list[Word] = field(default_factory=list)
    """Empty unless ``transcribe(..., word_timestamps=True)``."""


@dataclass
class DroppedSegment:
    segment: Segment
    reason: str


@dataclass
class Transcript:
    text: str
    language: str | None
    language_probability: float
    duration: float
    segments: list[Segment]
    seconds: float
    """Processing time (decode + VAD + Whisper), not audio length."""
    dropped: list[DroppedSegment] = field(default_factory=list)
    note: str = ""
    source: str = ""
    model: str = ""
    task: Literal["transcribe", "translate"] = "transcribe"
    speech_regions: list[tuple[float, float]] = field(default_factory=list)
    """Where Silero VAD heard speech, in file seconds (unpadded). Whisper's word times can
    start inside a pause; these tell such a time from a spoken one (assistant.tools.when.in_speech)."""
    english: str = ""
    """What speech in another language says in English (Whisper's translation), when asked for."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("speech_regions")  # internal timing aid; the JSON keeps its documented shape
        if not self.english:
            data.pop("english")
        data["segments"] = [_segment_dict(s) for s in self.segments]
        data["dropped"] = [
            {
                "start": round(d.segment.start, 2),
                "end": round(d.segment.end, 2),
                "text": d.segment.text,
                "reason": d.reason,
            }
            for d in self.dropped
        ]
        data["duration"] = round(self.duration, 3)
        data["seconds"] = round(self.seconds, 3)
        return data

    def summary(self) -> str:
        lang = f", {self.language}" if self.language else ""
        head = f"{Path(self.source).name or 'audio'}: {self.duration:.1f} s{lang}"
        if not self.text:
            return f"{head}, no speech"
        words = self.text.split()
        preview = " ".join(words[:12]) + (" ..." if len(words) > 12 else "")
        return f"{head}, {len(words)} words: {preview}"

    def evidence_text(self) -> str:
        return prompts.render(
            "speech",
            "evidence",
            source=Path(self.source).name or "audio",
            duration=self.duration,
            language=self.language,
            task=self.task,
            segments=self.segments,
            note=self.note,
            english=self.english,
        )


def _segment_dict(s: Segment) -> dict[str, Any]:
    item: dict[str, Any] = {
        "start": round(s.start, 2),
        "end": round(s.end, 2),
        "text": s.text,
        "avg_logprob": round(s.avg_logprob, 3),
        "no_speech_prob": round(s.no_speech_prob, 3),
    }
    if s.words:  # only present when asked for, so the usual JSON keeps its shape
        item["words"] = [
            {"start": round(w.start, 2), "end": round(w.end, 2), "word": w.text, "probability": round(w.probability, 3)}
            for w in s.words
        ]
    return item
