"""VoiceLoop: every final transcript becomes a turn of a Session; the answer streams back.

Yields the engine's voice events, the session's events for each turn, and one
``VoiceTurnDone`` per turn with its stage timings (speech end -> transcript -> first token ->
answer done [-> first audio]). A UI only renders what comes out.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from assistant.events import AnswerDone, Event, TextDelta, TurnFailed
from assistant.session import Turn
from assistant.voice.events import FinalTranscript, SpeechStarted, VoiceEvent, VoiceTurnDone


class VoiceLoop:
    def __init__(
        self,
        engine: Any,
        session: Any,
        model: str | None = None,
        speaker: Any = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.session = session
        self.model = model
        self.speaker = speaker
        self._clock = clock

    def run(self) -> Iterator[VoiceEvent | Event]:
        try:
            for event in self.engine.events():
                if isinstance(event, SpeechStarted) and self.speaker is not None:
                    self.speaker.stop()  # barge-in: the person talks over the answer
                yield event
                if isinstance(event, FinalTranscript):
                    yield from self._turn(event)
        finally:
            if self.speaker is not None:
                self.speaker.close()

    def _turn(self, heard: FinalTranscript) -> Iterator[Event | VoiceTurnDone]:
        sent = self._clock()
        first_token: float | None = None
        end: Event | None = None
        for event in self.session.send(Turn(heard.text, model=self.model)):
            if isinstance(event, TextDelta) and first_token is None:
                first_token = self._clock()
            if isinstance(event, (AnswerDone, TurnFailed)):
                end = event
            yield event
        done = self._clock()
        timings = {
            "speech_end_to_transcript": heard.after_speech_s,
            "turn_end_to_transcript": heard.after_turn_end_s,
            "transcript_to_answer": round(done - sent, 3),
            "speech_end_to_answer": round(heard.after_speech_s + done - sent, 3),
        }
        if first_token is not None:
            timings["transcript_to_first_token"] = round(first_token - sent, 3)
        if isinstance(end, AnswerDone):
            if self.speaker is not None and end.text:
                timings["answer_to_first_audio"] = round(self.speaker.speak(end.text) - done, 3)
            yield VoiceTurnDone(
                heard.text, end.text, True, end.session_id, end.turn_id, end.model, timings=timings
            )
        else:
            failed = end if isinstance(end, TurnFailed) else None
            yield VoiceTurnDone(
                heard.text,
                failed.partial_text if failed else "",
                False,
                failed.session_id if failed else self.session.id,
                failed.turn_id if failed else 0,
                error=failed.error if failed else "the turn ended without an answer",
                timings=timings,
            )
