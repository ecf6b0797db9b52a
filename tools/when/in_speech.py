"""When is a word or phrase first said? Whisper word timestamps of an audio file or a video's sound.

    speech = SpeechTool("tiny.en")
    result = find_spoken("talk.wav", "milk", speech)      # SpokenMention
    result.found, result.start_s, result.end_s
    print(result.answer())                                 # the sentence for the user

The file is transcribed with word timestamps (assistant.tools.speech.transcriber) and the words are searched in
order, forgiving case, punctuation and one slip in words of five or more letters
(assistant.tools.text_match). Whisper's word times come from cross-attention alignment: on espeak-ng
speech with tiny.en they land within a few tenths of a second of the sound, except that the
first word after a pause can be stamped up to a second early, inside the pause. So a matched
span that starts (or ends) in a stretch where Silero VAD heard no speech is moved to the edge
of the speech it overlaps (``Transcript.speech_regions``).

Transcription stops after the window (at most a minute) in which the phrase is first heard,
so a long file costs only up to its first mention. An engine that gives no word times falls
back to the time of the sentence the phrase is in, and the answer says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from assistant.tools.errors import ToolInputError
from assistant.tools.text_match import contains, find_words, tokens
from assistant.tools.video.frames import format_timestamp
from assistant.tools.when.wording import seconds_text

if TYPE_CHECKING:
    from assistant.tools.speech.transcriber import Segment, Transcript


class WordTranscriber(Protocol):
    """What the search needs: assistant.tools.speech.transcriber.SpeechTool's ``transcribe`` with word timestamps."""

    def transcribe(
        self,
        path: str | Path,
        language: str | None = ...,
        *,
        word_timestamps: bool = ...,
        stop_when: Callable[[list[Segment]], bool] | None = ...,
    ) -> Transcript: ...


@dataclass(frozen=True)
class SpokenMention:
    """The first time ``query`` is said: from ``start_s`` to ``end_s`` seconds."""

    query: str
    found: bool
    start_s: float | None
    end_s: float | None
    heard: str
    """The words as transcribed where they matched ("milk,")."""
    context: str
    """The whole segment (sentence) they are in."""
    word_level: bool
    """False: times are the segment's, because the engine gave no word times."""
    words: int
    """Words transcribed in all."""
    duration: float
    """Seconds of audio."""
    seconds: float
    """Wall time of the search (transcription included)."""
    source: str
    model: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "found": self.found,
            "start_s": None if self.start_s is None else round(self.start_s, 2),
            "end_s": None if self.end_s is None else round(self.end_s, 2),
            "heard": self.heard,
            "context": self.context,
            "word_level": self.word_level,
            "words": self.words,
            "duration": round(self.duration, 3),
            "seconds": round(self.seconds, 3),
            "source": self.source,
            "model": self.model,
        }

    def _vars(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "found": self.found,
            "start": seconds_text(self.start_s),
            "end": seconds_text(self.end_s),
            "start_clock": format_timestamp(self.start_s or 0.0),
            "long": (self.start_s or 0.0) >= 60,
            "word_level": self.word_level,
            "heard_any": self.words > 0,
            "words": self.words,
            "duration": f"{self.duration:.1f}",
            "source": self.source,
        }

    def answer(self) -> str:
        """The sentence that answers the question, for the user (prompts/when.yaml)."""
        from assistant.prompts import render

        return render("when", "spoken_answer", **self._vars())

    def summary(self) -> str:
        from assistant.prompts import render

        return render("when", "spoken_summary", seconds=f"{self.seconds:.1f}", **self._vars())

    def evidence_text(self) -> str:
        from assistant.prompts import render

        return render("when", "spoken_evidence", answer=self.answer(), context=self.context, **self._vars())


def find_spoken(
    path: str | Path, text: str, speech: WordTranscriber, *, language: str | None = None
) -> SpokenMention:
    """Transcribe ``path`` (audio, or a video's sound) and find where ``text`` is first said.

    Raises ToolInputError for bad input (as ``SpeechTool.transcribe`` does).
    """
    if not tokens(text):
        raise ToolInputError(f"nothing to listen for in {text!r}; give a word or phrase")
    began = time.perf_counter()

    def heard(segments: list[Segment]) -> bool:
        return find_words([w.text for seg in segments for w in seg.words], text) is not None

    transcript = speech.transcribe(path, language, word_timestamps=True, stop_when=heard)
    return locate(transcript, text, seconds=time.perf_counter() - began)


def locate(transcript: Transcript, text: str, *, seconds: float = 0.0) -> SpokenMention:
    """Search an existing transcript (made with ``word_timestamps=True`` for word times)."""
    words = [w for seg in transcript.segments for w in seg.words]
    owners = [seg for seg in transcript.segments for _ in seg.words]
    common: dict[str, Any] = {
        "query": text,
        "words": len(words) or len(transcript.text.split()),
        "duration": transcript.duration,
        "seconds": seconds,
        "source": Path(transcript.source).name or "audio",
        "model": transcript.model,
    }
    if words:
        span = find_words([w.text for w in words], text)
        if span is not None:
            first, last = span
            start, end = snap_to_speech(words[first].start, words[last].end, transcript.speech_regions)
            return SpokenMention(
                found=True, start_s=start, end_s=end,
                heard=" ".join(w.text.strip() for w in words[first : last + 1]),
                context=owners[first].text, word_level=True, **common,
            )
    else:
        for seg in transcript.segments:
            if contains(seg.text, text):
                return SpokenMention(
                    found=True, start_s=seg.start, end_s=seg.end, heard=seg.text, context=seg.text,
                    word_level=False, **common,
                )
    return SpokenMention(
        found=False, start_s=None, end_s=None, heard="", context="", word_level=bool(words), **common
    )


_INSIDE_S = 0.05  # Silero stamps in ~32 ms steps: this close to a region counts as in it


def snap_to_speech(start: float, end: float, regions: list[tuple[float, float]]) -> tuple[float, float]:
    """Move ``start``/``end`` out of silence onto the speech the span overlaps, if any.

    A start inside a pause goes to where the next speech begins (if that is before ``end``);
    an end inside a pause goes back to where the last speech stopped (if after ``start``).
    """

    def in_speech(t: float) -> bool:
        return any(a - _INSIDE_S <= t <= b + _INSIDE_S for a, b in regions)

    if not regions:
        return start, end
    if not in_speech(start):
        later = [a for a, _ in regions if start < a < end]
        if later:
            start = min(later)
    if not in_speech(end):
        earlier = [b for _, b in regions if start < b < end]
        if earlier:
            end = max(earlier)
    return start, end


__all__ = ["SpokenMention", "WordTranscriber", "find_spoken", "locate", "snap_to_speech"]
