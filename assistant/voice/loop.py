"""VoiceLoop: every final transcript becomes a turn of a Session; the answer streams back.

Yields the engine's voice events, the session's events for each turn, and one
``VoiceTurnDone`` per turn with its stage timings (speech end -> transcript -> first token ->
answer done [-> first audio]). A UI only renders what comes out. The turns themselves go
through the voice-turn service (turn.py), as the chat app's push-to-talk turns do.

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

from assistant.events import Event
from assistant.voice.events import (
    ConfirmationAsked,
    FinalTranscript,
    SpeechStarted,
    VoiceEvent,
)
from assistant.voice.turn import VoiceTurns

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
        self._inbox: queue.Queue[tuple[str, Any]] = queue.Queue()
        # Each heard utterance is a turn of the one voice-turn service (turn.py): marked as from
        # speech, read aloud when there is a speaker, timed in its VoiceTurnDone.
        self.turns = VoiceTurns(session.send, model=model, speaker=speaker, session_id=session.id, clock=clock,
                                confirm=self._ask_aloud if confirm_by_voice else None)
        self._reply: queue.Queue[str] | None = None
        """Set while a turn waits for a yes/no: the next transcript goes there, not to a new turn."""
        self._heard_all = False

    def run(self) -> Iterator[VoiceEvent | Event]:
        threading.Thread(target=self._listen, name="voice-listen", daemon=True).start()
        waiting: collections.deque[FinalTranscript] = collections.deque()
        answering = False
        listening = True
        finished_normally = False
        try:
            while listening or answering or waiting:
                if not answering and waiting:
                    answering = True
                    threading.Thread(target=self._answer, args=(waiting.popleft(),), name="voice-turn",
                                     daemon=True).start()
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
                elif kind == "turn":
                    yield item
                elif kind == "ask":
                    if self.speaker is not None:
                        self.speaker.say(item.question)
                    yield item
                elif kind == "turn_done":
                    answering = False
                elif kind == "listen_done":
                    listening = False
                    self._heard_all = True
                    if self._reply is not None:
                        self._reply.put("")  # nothing more will be heard: no yes is coming
                elif kind == "crash":
                    raise item
            finished_normally = True
        finally:
            if answering:
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

    def _answer(self, heard: FinalTranscript) -> None:
        """On the turn's thread: the session's events and the VoiceTurnDone, in order."""
        try:
            for event in self.turns.run(heard):
                self._inbox.put(("turn", event))
        except BaseException as exc:  # noqa: BLE001 - Session.send reports failures itself; a bug is re-raised
            self._inbox.put(("crash", exc))
        finally:
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
