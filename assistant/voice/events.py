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
class TurnMarks:
    """Clock readings (monotonic seconds) of one voice turn, taken by the voice-turn service
    (turn.py); VoiceTurnDone.record turns them into the turn's timings."""

    sent: float
    """The transcript went to the session as a turn."""
    first_token: float | None = None
    done: float | None = None
    """The session's last event (the answer complete, or the turn failed)."""
    first_audio: float | None = None
    """The answer's first sound went out (None: not spoken, or nothing was said in time)."""


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
    answer_to_first_audio (negative: reading aloud began before the answer was complete).
    Computed in ``record`` only: every UI shows these figures, none computes its own."""

    @classmethod
    def record(cls, heard: FinalTranscript, end: Any, marks: TurnMarks, session_id: str = "") -> VoiceTurnDone:
        """The turn of ``heard`` that ended in ``end`` (AnswerDone, TurnFailed, or None)."""
        from assistant.events import AnswerDone, TurnFailed

        sent = marks.sent
        done = marks.done if marks.done is not None else sent
        timings = {
            "speech_end_to_transcript": heard.after_speech_s,
            "turn_end_to_transcript": heard.after_turn_end_s,
            "transcript_to_answer": round(done - sent, 3),
            "speech_end_to_answer": round(heard.after_speech_s + done - sent, 3),
        }
        if marks.first_token is not None:
            timings["transcript_to_first_token"] = round(marks.first_token - sent, 3)
        if marks.first_audio is not None:
            timings["transcript_to_first_audio"] = round(marks.first_audio - sent, 3)
            timings["answer_to_first_audio"] = round(marks.first_audio - done, 3)
        if isinstance(end, AnswerDone):
            return cls(heard.text, end.text, True, end.session_id, end.turn_id, end.model, timings=timings)
        failed = end if isinstance(end, TurnFailed) else None
        return cls(
            heard.text,
            failed.partial_text if failed else "",
            False,
            failed.session_id if failed else session_id,
            failed.turn_id if failed else 0,
            error=failed.error if failed else "the turn ended without an answer",
            timings=timings,
        )
