"""One background thread that runs transcription jobs, newest pending job first.

Whisper on a CPU takes a few hundred milliseconds per utterance. Partial and speculative jobs
are only useful while fresh: a job still waiting when a newer one arrives is dropped (marked
``dropped``), never queued behind it, so the worker never falls further behind the speaker.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

JobKind = Literal["load", "partial", "speculative", "final"]


@dataclass(eq=False)
class Job:
    kind: JobKind
    fn: Callable[[], Any]
    utterance: int = 0
    start_frame: int = 0
    end_frame: int = 0
    """Stream frames [start_frame, end_frame) this job's audio covers."""
    result: Any = None
    error: BaseException | None = None
    dropped: bool = False
    finished_at: float | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def wait(self, timeout: float | None = None) -> bool:
        return self.done.wait(timeout)


class TranscriptionWorker:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._cond = threading.Condition()
        self._pending: Job | None = None
        self._running: Job | None = None
        self._finished: list[Job] = []
        self._closed = False
        self._thread: threading.Thread | None = None

    @property
    def busy(self) -> bool:
        with self._cond:
            return self._pending is not None or self._running is not None

    def submit(self, job: Job) -> Job:
        with self._cond:
            if self._closed:
                raise RuntimeError("transcription worker is closed")
            if self._pending is not None:
                self._pending.dropped = True
                self._pending.done.set()
            self._pending = job
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="voice-transcriber", daemon=True)
                self._thread.start()
            self._cond.notify()
        return job

    def take_finished(self) -> list[Job]:
        """Jobs completed since the last call, oldest first (for partial-transcript events)."""
        with self._cond:
            done, self._finished = self._finished, []
        return done

    def close(self, wait_s: float = 10.0) -> None:
        """Drop the pending job and let the running one finish (up to ``wait_s``): a Whisper call
        still running while the interpreter exits aborts the process from C++."""
        with self._cond:
            self._closed = True
            if self._pending is not None:
                self._pending.dropped = True
                self._pending.done.set()
                self._pending = None
            self._cond.notify()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(wait_s)

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._pending is None and not self._closed:
                    self._cond.wait()
                if self._pending is None:
                    return
                job, self._pending = self._pending, None
                self._running = job
            try:
                job.result = job.fn()
            except BaseException as exc:  # noqa: BLE001 - handed to the engine, which reports it
                job.error = exc
            job.finished_at = self._clock()
            with self._cond:
                self._running = None
                self._finished.append(job)
            job.done.set()
