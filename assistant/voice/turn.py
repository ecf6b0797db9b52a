"""The voice-turn service: one heard utterance becomes one session turn, marked as from speech;
the answer streams back, is read aloud when there is a speaker, and the turn ends with a
``VoiceTurnDone`` that carries its stage timings.

    turns = VoiceTurns(session.send, model=None, speaker=speaker, confirm=None, session_id=session.id)
    for event in turns.run(final_transcript):    # the session's events, then VoiceTurnDone
        ...

`assistant voice` (loop.py) and the chat app's push-to-talk (assistant/tui/voice.py) both send
their turns through here, so a spoken question reaches the model the same way from either, and
the timings are taken in one place. ``send`` is anything with Session.send's signature: the chat
app passes its controller's, which waits for start-up and keeps one turn at a time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from assistant.events import AnswerDone, Event, TextDelta, TurnFailed
from assistant.voice.events import FinalTranscript, TurnMarks, VoiceTurnDone
from assistant.voice.speak import SentenceChunker

FIRST_AUDIO_WAIT_S = 10.0
"""After an answer, how long its VoiceTurnDone may wait for the first sound (to time it)."""

Send = Callable[[Any, Any], Iterator[Event]]
"""(Turn, confirm) -> the turn's events, as Session.send."""


class VoiceTurns:
    def __init__(
        self,
        send: Send,
        *,
        model: str | None = None,
        speaker: Any = None,
        confirm: Callable[[Any], bool] | None = None,
        session_id: str = "",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``speaker``: answers are read aloud (and the model is told they will be heard); None:
        they are only shown. ``confirm``: the yes/no before a privileged call the user's words do
        not back (assistant/provenance.py); None refuses it. ``session_id`` names the session
        in a VoiceTurnDone when the turn ended without the session's own last event."""
        self.send = send
        self.model = model
        self.speaker = speaker
        self.confirm = confirm
        self.session_id = session_id
        self._clock = clock

    @property
    def will_be_heard(self) -> bool:
        return self.speaker is not None

    def run(
        self, heard: FinalTranscript, text: str | None = None, attachments: Sequence[str | Path] = ()
    ) -> Iterator[Event | VoiceTurnDone]:
        """The turn of ``heard``: its events, then VoiceTurnDone. ``text`` replaces the transcript
        as the question (push-to-talk keeps what was typed before the press in front of it)."""
        from assistant.session import Turn

        turn = Turn(heard.text if text is None else text, list(attachments), self.model,
                    from_speech=True, will_be_heard=self.will_be_heard)
        marks = TurnMarks(sent=self._clock())
        chunker = SentenceChunker()
        if self.speaker is not None:
            self.speaker.begin()
        end: Event | None = None
        try:
            for event in self.send(turn, self.confirm):
                if isinstance(event, TextDelta) and marks.first_token is None:
                    marks.first_token = self._clock()
                if isinstance(event, (AnswerDone, TurnFailed)):
                    end = event
                self._speak(chunker, event)
                yield event
        finally:
            marks.done = self._clock()
        marks.first_audio = self._first_audio()
        yield VoiceTurnDone.record(heard, end, marks, self.session_id)

    def _speak(self, chunker: SentenceChunker, event: Event) -> None:
        """Sentence by sentence as the answer streams; a barge-in (speaker.stop) drops the rest."""
        if self.speaker is None:
            return
        if isinstance(event, TextDelta):
            sentences = chunker.feed(event.text)
        elif isinstance(event, AnswerDone):
            sentences = chunker.flush()
        else:
            return
        for sentence in sentences:
            self.speaker.say(sentence)

    def _first_audio(self) -> float | None:
        """When this answer's first sound went out; waits briefly for a sentence still being
        synthesised, not for one that will never play (interrupted, failed, nothing to say)."""
        speaker = self.speaker
        if speaker is None:
            return None
        deadline = time.monotonic() + FIRST_AUDIO_WAIT_S
        while speaker.first_audio_at is None and speaker.speaking and not speaker.interrupted:
            if time.monotonic() > deadline:
                break
            time.sleep(0.01)
        return speaker.first_audio_at
