"""Spoken answers through espeak-ng (offline), only when it is installed. Never required.

Playback runs as a child process so listening goes on while it speaks; ``stop()`` ends it
(the voice loop calls it when the person starts speaking again: barge-in).
"""

from __future__ import annotations

import shutil
import subprocess
import time

from tools.errors import EngineUnavailable


class EspeakSpeaker:
    def __init__(self, voice: str = "en", words_per_minute: int = 175, binary: str | None = None) -> None:
        found = binary or shutil.which("espeak-ng")
        if not found:
            raise EngineUnavailable("--speak needs espeak-ng: apt-get install espeak-ng (or drop --speak)")
        self.binary = found
        self.voice = voice
        self.words_per_minute = words_per_minute
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def speaking(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def speak(self, text: str) -> float:
        """Start saying ``text``; returns the monotonic time playback was started."""
        self.stop()
        # Text goes through stdin: no argv length limit, and a leading "-" is not an option.
        self._proc = subprocess.Popen(
            [self.binary, "-v", self.voice, "-s", str(self.words_per_minute)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started = time.monotonic()
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(text.encode("utf-8"))
            self._proc.stdin.close()
        except BrokenPipeError:  # espeak-ng exited at once (e.g. no audio device)
            pass
        return started

    def stop(self) -> None:
        if self.speaking:
            assert self._proc is not None
            self._proc.terminate()
            try:
                self._proc.wait(timeout=1)
            except subprocess.TimeoutExpired:
                self._proc.kill()
        self._proc = None

    def close(self) -> None:
        self.stop()
