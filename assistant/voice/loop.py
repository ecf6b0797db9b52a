"""VoiceLoop: every final transcript becomes a turn of a Session; the answer streams back.

Yields the engine's voice events, the session's events for each turn, and one
``VoiceTurnDone`` per turn with its stage timings (speech end -> transcript -> first token ->
answer done [-> first audio]). A UI only renders what comes out.

Listening never pauses: the engine runs on its own thread and the turn on another, so the
person can talk while an answer is written or read out. Speaking again stops the playback at
once (barge-in; the rest of that answer stays on screen but is not read), and what they say
becomes the next turn once the current one is done: nothing said is dropped.
"""

from __future__ import annotations

import collections
import queue
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from assistant.events import AnswerDone, Event, TextDelta, TurnFailed
from assistant.session import Turn
from assistant.voice.events import (
    ConfirmationAsked,
    FinalTranscript,
    SpeechStarted,
    VoiceEvent,
    VoiceTurnDone,
)
from assistant.voice.speak import SentenceChunker

FIRST_AUDIO_WAIT_S = 10.0
"""After an answer, how long its VoiceTurnDone may wait for the first sound (to time it)."""
CONFIRM_WAIT_S = 30.0
"""How long a privileged call waits for a spoken yes before it counts as refused."""
_YES = frozenset({"yes", "yeah", "yep", "yup", "sure", "ok", "okay", "allow", "confirm", "confirmed"})
_NO = frozenset({"no", "nope", "not", "don", "cancel", "stop", "deny", "never"})


class VoiceLoop:
    def __init__(
        self,
        engine: Any,
        session: Any,
        model: str | None = None,
        speaker: Any = None,
        clock: Callable[[], float] = time.monotonic,
        confirm_by_voice: bool = False,
    ) -> None:
        """``confirm_by_voice``: someone is listening (a microphone), so a privileged call the
        user's words do not back waits for a spoken yes (assistant/provenance.py); False (an audio
        file) refuses it, as ``ask`` does."""
        self.engine = engine
        self.session = session
        self.model = model
        self.speaker = speaker
        self._clock = clock
        self._inbox: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._confirm = self._ask_aloud if confirm_by_voice else None
        self._reply: queue.Queue[str] | None = None
        """Set while a turn waits for a yes/no: the next transcript goes there, not to a new turn."""
        self._heard_all = False

    def run(self) -> Iterator[VoiceEvent | Event]:
        threading.Thread(target=self._listen, name="voice-listen", daemon=True).start()
        waiting: collections.deque[FinalTranscript] = collections.deque()
        turn: _TurnState | None = None
        listening = True
        finished_normally = False
        try:
            while listening or turn is not None or waiting:
                if turn is None and waiting:
                    turn = self._start_turn(waiting.popleft())
                kind, item = self._inbox.get()
                if kind == "voice":
                    if isinstance(item, SpeechStarted) and self.speaker is not None:
                        self.speaker.stop()  # barge-in
                    yield item
                    if isinstance(item, FinalTranscript):
                        reply = self._reply
                        if reply is not None:
                            reply.put(item.text)
                        else:
                            waiting.append(item)
                elif kind == "session" and turn is not None:
                    self._speak_delta(turn, item)
                    yield item
                elif kind == "ask":
                    if self.speaker is not None:
                        self.speaker.say(item.question)
                    yield item
                elif kind == "turn_done" and turn is not None:
                    yield self._turn_done(turn)
                    turn = None
                elif kind == "listen_done":
                    listening = False
                    self._heard_all = True
                    if self._reply is not None:
                        self._reply.put("")  # nothing more will be heard: no yes is coming
                elif kind == "crash":
                    raise item
            finished_normally = True
        finally:
            if turn is not None:
                self.session.cancel()
            self.engine.close()
            if self.speaker is not None:
                # At the end of an input file the last answer is read to the end; on Ctrl+C not.
                self.speaker.close(finish=finished_normally)

    # -- threads ---------------------------------------------------------------------------------
    def _listen(self) -> None:
        try:
            for event in self.engine.events():
                self._inbox.put(("voice", event))
        except BaseException as exc:  # noqa: BLE001 - re-raised on the consumer's thread
            self._inbox.put(("crash", exc))
        finally:
            self._inbox.put(("listen_done", None))

    def _start_turn(self, heard: FinalTranscript) -> _TurnState:
        state = _TurnState(heard, self._clock())
        if self.speaker is not None:
            self.speaker.begin()
        threading.Thread(target=self._answer, args=(state,), name="voice-turn", daemon=True).start()
        return state

    def _answer(self, state: _TurnState) -> None:
        try:
            for event in self.session.send(Turn(state.heard.text, model=self.model, spoken=True), self._confirm):
                if isinstance(event, TextDelta) and state.first_token is None:
                    state.first_token = self._clock()
                if isinstance(event, (AnswerDone, TurnFailed)):
                    state.end = event
                self._inbox.put(("session", event))
        except BaseException as exc:  # noqa: BLE001 - Session.send reports failures itself; a bug is re-raised
            self._inbox.put(("crash", exc))
        finally:
            state.done = self._clock()
            self._inbox.put(("turn_done", None))

    def _ask_aloud(self, action: Any) -> bool:
        """On the turn's thread: say the question, wait for the next transcript, yes or no."""
        from assistant.provenance import words

        reply: queue.Queue[str] = queue.Queue()
        self._reply = reply
        try:
            if self._heard_all:
                return False
            self._inbox.put(("ask", ConfirmationAsked(f"{action.question()} Say yes or no.")))
            try:
                said = set(words(reply.get(timeout=CONFIRM_WAIT_S)))
            except queue.Empty:
                return False
            return bool(said & _YES) and not said & _NO
        finally:
            self._reply = None

    # -- on the consumer's thread --------------------------------------------------------------
    def _speak_delta(self, state: _TurnState, event: Event) -> None:
        if self.speaker is None:
            return
        if isinstance(event, TextDelta):
            sentences = state.chunker.feed(event.text)
        elif isinstance(event, AnswerDone):
            sentences = state.chunker.flush()
        else:
            return
        for sentence in sentences:
            self.speaker.say(sentence)

    def _turn_done(self, state: _TurnState) -> VoiceTurnDone:
        heard, end, sent = state.heard, state.end, state.sent
        done = state.done if state.done is not None else self._clock()
        timings = {
            "speech_end_to_transcript": heard.after_speech_s,
            "turn_end_to_transcript": heard.after_turn_end_s,
            "transcript_to_answer": round(done - sent, 3),
            "speech_end_to_answer": round(heard.after_speech_s + done - sent, 3),
        }
        if state.first_token is not None:
            timings["transcript_to_first_token"] = round(state.first_token - sent, 3)
        first_audio = self._first_audio()
        if first_audio is not None:
            timings["transcript_to_first_audio"] = round(first_audio - sent, 3)
            # Negative when reading aloud began before the answer was complete.
            timings["answer_to_first_audio"] = round(first_audio - done, 3)
        if isinstance(end, AnswerDone):
            return VoiceTurnDone(heard.text, end.text, True, end.session_id, end.turn_id, end.model, timings=timings)
        failed = end if isinstance(end, TurnFailed) else None
        return VoiceTurnDone(
            heard.text,
            failed.partial_text if failed else "",
            False,
            failed.session_id if failed else self.session.id,
            failed.turn_id if failed else 0,
            error=failed.error if failed else "the turn ended without an answer",
            timings=timings,
        )

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


class _TurnState:
    def __init__(self, heard: FinalTranscript, sent: float) -> None:
        self.heard = heard
        self.sent = sent
        self.first_token: float | None = None
        self.end: Event | None = None
        self.done: float | None = None
        self.chunker = SentenceChunker()
