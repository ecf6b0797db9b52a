"""Typed voice events. The voice UIs render these plus the session's own events (events.py)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal


@dataclass
class VoiceEvent:
    def to_dict(self) -> dict[str, Any]:
        return {"type": type(self).__name__, **asdict(self)}


@dataclass
class ListeningStarted(VoiceEvent):
    mode: Literal["hands-free", "push-to-talk"]
    source: str


@dataclass
class SpeechStarted(VoiceEvent):
    at: float
    """Stream time (seconds) where speech (or the push-to-talk press) began."""


@dataclass
class PartialTranscript(VoiceEvent):
    text: str
    audio_seconds: float
    """How much of the utterance this transcript covers."""


@dataclass
class FinalTranscript(VoiceEvent):
    text: str
    language: str | None
    audio_seconds: float
    speech_end: float
    """Stream time of the end of the last speech frame."""
    after_speech_s: float
    """Wall seconds from the arrival of the last speech frame to this transcript (includes the
    trailing silence the detector waits for in hands-free mode)."""
    after_turn_end_s: float
    """Wall seconds from the moment the turn was declared over (silence reached, button
    released) to this transcript."""
    transcribe_s: float
    """Whisper's processing time for the audio this transcript came from."""
    speculative: bool
    """True when the transcript was computed during the trailing silence, before the turn ended."""
    reason: str


@dataclass
class UtteranceIgnored(VoiceEvent):
    reason: str
    audio_seconds: float


@dataclass
class VoiceError(VoiceEvent):
    message: str
    fatal: bool = True


@dataclass
class ListeningStopped(VoiceEvent):
    reason: str


@dataclass
class ConfirmationAsked(VoiceEvent):
    """The turn waits for a spoken yes or no before a privileged call (assistant/provenance.py)."""

    question: str


@dataclass
class VoiceTurnDone(VoiceEvent):
    transcript: str
    answer: str
    ok: bool
    session_id: str
    turn_id: int
    model: str = ""
    error: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds: speech_end_to_transcript, turn_end_to_transcript, transcript_to_first_token,
    transcript_to_answer, speech_end_to_answer; when speaking, transcript_to_first_audio and
    answer_to_first_audio (negative: reading aloud began before the answer was complete)."""
