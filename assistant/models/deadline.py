"""A total deadline for one model call (``agent.model_call_deadline``).

``openai.timeout`` bounds each read: a server that sends a token and then an SSE comment every
few seconds never trips it, and the call would hang for ever. ``CallDeadline`` bounds the whole
call. For HTTP backends (OpenAI-compatible servers and the embedded llama.cpp server, which is
reached the same way) the client's hooks clamp every phase's timeout to the time left and hand
the connection's socket to the deadline; when it expires, a timer shuts the socket down, so a
read blocked on a silent or trickling server returns at once. Closing the connection also makes
llama.cpp stop generating. Local transformers models check ``CallDeadline.expired`` between
tokens (llava_chat.py).

The deadline of the call running on this thread is found through a thread-local: a call's HTTP
requests run on the thread that iterates its stream.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

from assistant.errors import BackendError

SETTING = "agent.model_call_deadline"

_current = threading.local()


class ModelDeadlineExceeded(BackendError):
    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the model call took longer than {SETTING} ({seconds:g} s) and was stopped: try again, "
            f"or raise {SETTING} in the config ([agent] model_call_deadline, or "
            "ASSISTANT_AGENT__MODEL_CALL_DEADLINE)"
        )
        self.seconds = seconds


class CallDeadline:
    """``with CallDeadline(seconds):`` around one model call, on the thread that runs it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._outer: CallDeadline | None = None

    def __enter__(self) -> CallDeadline:
        self._outer = getattr(_current, "deadline", None)
        _current.deadline = self
        self._timer.start()
        return self

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        self._timer.cancel()
        _current.deadline = self._outer
        with self._lock:
            self._sockets.clear()
        if isinstance(exc, Exception) and not isinstance(exc, ModelDeadlineExceeded) and self.expired:
            # The timer shut the connection down: whatever the client made of that, it is the
            # deadline, said once with the setting's name.
            raise self.error() from None

    def left(self) -> float:
        return self.ends - time.monotonic()

    def error(self) -> ModelDeadlineExceeded:
        return ModelDeadlineExceeded(self.seconds)

    def watch(self, sock: socket.socket) -> None:
        """Shut this connection down when the deadline passes (now, if it already has)."""
        with self._lock:
            if not self.expired:
                self._sockets.append(sock)
                return
        _shutdown(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)  # wakes a recv() blocked on another thread; close() does not
    except OSError:
        pass  # already closed


def current_deadline() -> CallDeadline | None:
    return getattr(_current, "deadline", None)


def _clamp_timeouts(request: Any) -> None:
    """Request hook: no phase (connect, waiting for headers, each read) may outlast the deadline."""
    deadline = current_deadline()
    if deadline is None:
        return
    left = deadline.left()
    if left <= 0:
        # Not an HTTP error: the client would retry it. This ends the call here.
        raise deadline.error()
    timeouts = dict(request.extensions.get("timeout") or {})
    for phase in ("connect", "read", "write", "pool"):
        value = timeouts.get(phase)
        timeouts[phase] = left if value is None else min(value, left)
    request.extensions["timeout"] = timeouts


def _watch_connection(response: Any) -> None:
    """Response hook (headers are in, the body is still to be read): hand its socket over."""
    deadline = current_deadline()
    stream = response.extensions.get("network_stream")
    if deadline is None or stream is None:
        return
    sock = stream.get_extra_info("socket")
    if sock is not None:
        deadline.watch(sock)


def deadline_http_client() -> Any:
    """The OpenAI SDK's default HTTP client with the deadline hooks."""
    import openai

    return openai.DefaultHttpxClient(event_hooks={"request": [_clamp_timeouts], "response": [_watch_connection]})


__all__ = ["CallDeadline", "ModelDeadlineExceeded", "SETTING", "current_deadline", "deadline_http_client"]
