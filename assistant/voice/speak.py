"""Spoken answers, sentence by sentence, while the answer is still streaming.

    speaker = Speaker(EspeakSynth(), SoundDevicePlayer())
    speaker.begin()                     # a new answer
    for sentence in chunker.feed(delta): speaker.say(sentence)
    speaker.stop()                      # barge-in: silent now, the rest of this answer dropped

Synthesis and playback run on one background thread, so the voice loop keeps listening (and
the model keeps writing) while the answer is read out. Speaking starts with the first
sentence, not after the whole answer: a local model may take tens of seconds to finish.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from typing import Any

from assistant.tools.errors import ToolError

# A sentence ends at . ! ? : ; before a space, and every line is its own unit (headings, list
# items, table rows): reading starts as soon as the first one is complete.
_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\n")
_FENCE = "```"
_CODE_SPOKEN = "The code is shown on screen."


class SentenceChunker:
    """Markdown answer deltas in, speakable sentences out; fenced code is not read aloud."""

    def __init__(self) -> None:
        self._buffer = ""
        self._in_code = False
        self._said_code = False

    def feed(self, delta: str) -> list[str]:
        self._buffer += delta
        return self._drain(final=False)

    def flush(self) -> list[str]:
        out = self._drain(final=True)
        self._buffer, self._in_code, self._said_code = "", False, False
        return out

    def _drain(self, final: bool) -> list[str]:
        out: list[str] = []
        while self._buffer:
            if self._in_code:
                end = self._buffer.find(_FENCE)
                if end < 0:
                    if final:
                        self._buffer = ""
                    break
                self._buffer = self._buffer[end + len(_FENCE) :]
                self._in_code = False
                continue
            fence = self._buffer.find(_FENCE)
            match = _SENTENCE_END.search(self._buffer)
            if fence >= 0 and (match is None or fence <= match.start()):
                out += _speakable(self._buffer[:fence])
                self._buffer = self._buffer[fence + len(_FENCE) :]
                self._in_code = True
                if not self._said_code:
                    out.append(_CODE_SPOKEN)
                    self._said_code = True
                continue
            if match is None:
                if final:
                    out += _speakable(self._buffer)
                    self._buffer = ""
                break
            out += _speakable(self._buffer[: match.start()])
            self._buffer = self._buffer[match.end() :]
        return out


def _speakable(text: str) -> list[str]:
    """Markdown marks out, words kept: links keep their text, inline code its content."""
    text = re.sub(r"\s*\[E\d+(?:\s*,\s*E\d+)*\]", "", text)  # evidence citations are for the eye
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s*(?:#+|[-*+]|\d+[.)])\s+", "", text, flags=re.MULTILINE)
    text = re.sub(r"[*_`#>|]+", "", text)
    text = " ".join(text.split())
    return [text] if re.search(r"\w", text) else []


class Speaker:
    """Reads sentences aloud in order; see the module docstring."""

    def __init__(self, synth: Any, player: Any, clock: Any = time.monotonic) -> None:
        self.synth = synth
        self.player = player
        self._clock = clock
        self._queue: queue.SimpleQueue[tuple[int, str] | None] = queue.SimpleQueue()
        self._answer = 0  # which answer queued sentences belong to; stop() abandons the current one
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._pending = 0
        self._lock = threading.Lock()
        self.first_audio_at: float | None = None
        """Monotonic time the current answer's first sound went out (None: not yet, or muted)."""
        self.errors: list[str] = []
        self._thread = threading.Thread(target=self._run, name="speaker", daemon=True)
        self._thread.start()

    @property
    def speaking(self) -> bool:
        return not self._idle.is_set()

    @property
    def interrupted(self) -> bool:
        """stop() was called during the current answer: the rest of it is not said."""
        return self._stop.is_set()

    def begin(self) -> None:
        """A new answer: forget an interruption of the previous one."""
        with self._lock:
            self._answer += 1
            self._stop.clear()
            self.first_audio_at = None

    def say(self, sentence: str) -> None:
        with self._lock:
            if self.interrupted:
                return
            self._pending += 1
            self._idle.clear()
            self._queue.put((self._answer, sentence))

    def stop(self) -> None:
        """Barge-in: silence within one playback block and drop what is queued for this answer."""
        with self._lock:
            self._answer += 1
            self._stop.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Until everything queued has been said (or dropped)."""
        return self._idle.wait(timeout)

    def close(self, finish: bool = False) -> None:
        """Stop the thread; ``finish`` lets the queued sentences be said first."""
        if finish:
            self.wait()
        else:
            self.stop()
        self._queue.put(None)
        self._thread.join(timeout=5)
        self.player.close()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            answer, sentence = item
            try:
                if answer == self._answer:
                    self._say(answer, sentence)
            except ToolError as exc:  # one unsayable sentence must not end the conversation
                self.errors.append(str(exc))
            finally:
                with self._lock:
                    self._pending -= 1
                    if self._pending == 0:
                        self._idle.set()

    def _say(self, answer: int, sentence: str) -> None:
        audio, rate = self.synth.synthesize(sentence)
        if self._stop.is_set() or answer != self._answer:  # interrupted while synthesising
            return

        def started() -> None:
            if self.first_audio_at is None:
                self.first_audio_at = self._clock()

        self.player.play(audio, rate, self._stop, started)
