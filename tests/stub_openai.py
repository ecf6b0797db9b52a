"""A real local HTTP server that speaks just enough of the OpenAI chat API, or misbehaves.

Each test queues behaviours; the server records every request body so tests can assert the
exact shape that reached the wire (image parts, tools, model name).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def sse_chunks(text: str, model: str = "stub") -> list[bytes]:
    out = []
    for i, word in enumerate(text.split(" ")):
        piece = word if i == 0 else " " + word
        out.append(json.dumps({"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": model,
                               "choices": [{"index": 0, "delta": {"role": "assistant", "content": piece},
                                            "finish_reason": None}]}).encode())
    out.append(json.dumps({"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": model,
                           "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}).encode())
    return out


class StubOpenAI:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.behaviours: list[tuple[str, Any]] = []
        self.default: tuple[str, Any] = ("text", "ok")
        """What the server does once the queue is empty (a 500 that persists past the retries)."""
        self.disconnected_at: float | None = None
        """When a keep-alive stream found its client gone (time.monotonic())."""
        self._arrivals = threading.Condition()
        self._arrived = 0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                self.body = body
                stub.requests.append({"path": self.path, "body": body, "at": time.monotonic(),
                                      "auth": self.headers.get("authorization", "")})
                kind, arg = stub.behaviours.pop(0) if stub.behaviours else stub.default
                getattr(stub, f"_{kind}")(self, arg)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _send_json(self, h: BaseHTTPRequestHandler, status: int, payload: Any, headers: dict[str, str] = {}) -> None:
        data = json.dumps(payload).encode()
        h.send_response(status)
        h.send_header("content-type", "application/json")
        h.send_header("content-length", str(len(data)))
        for k, v in headers.items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(data)

    def _text(self, h: BaseHTTPRequestHandler, text: str) -> None:
        h.send_response(200)
        h.send_header("content-type", "text/event-stream")
        h.end_headers()
        for chunk in sse_chunks(text):
            h.wfile.write(b"data: " + chunk + b"\n\n")
            h.wfile.flush()
        h.wfile.write(b"data: [DONE]\n\n")

    def _status(self, h: BaseHTTPRequestHandler, spec: tuple[int, dict[str, str]]) -> None:
        status, headers = spec
        self._send_json(h, status, {"error": {"message": f"stub error {status}", "type": "stub"}}, headers)

    def _hang(self, h: BaseHTTPRequestHandler, seconds: float) -> None:
        time.sleep(seconds)

    def _drop_mid_stream(self, h: BaseHTTPRequestHandler, text: str) -> None:
        h.send_response(200)
        h.send_header("content-type", "text/event-stream")
        h.end_headers()
        for chunk in sse_chunks(text)[:-1]:
            h.wfile.write(b"data: " + chunk + b"\n\n")
        h.wfile.flush()
        h.connection.shutdown(2)

    def _malformed(self, h: BaseHTTPRequestHandler, _: Any) -> None:
        h.send_response(200)
        h.send_header("content-type", "text/event-stream")
        h.end_headers()
        h.wfile.write(b"data: {not json at all\n\n")

    def _keepalive(self, h: BaseHTTPRequestHandler, spec: tuple[float, bool]) -> None:
        """One token, then an SSE comment every ``interval`` s and nothing else, until the client
        goes away (recorded in ``disconnected_at``). ``chunked``: HTTP/1.1 chunked encoding, as
        llama.cpp and vLLM send; else HTTP/1.0, the body ending when the connection closes."""
        interval, chunked = spec
        if chunked:
            h.protocol_version = "HTTP/1.1"
        h.send_response(200)
        h.send_header("content-type", "text/event-stream")
        if chunked:
            h.send_header("transfer-encoding", "chunked")
        h.end_headers()

        def send(data: bytes) -> None:
            h.wfile.write(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
            h.wfile.flush()

        first = sse_chunks("Thinking")[0]
        ended = time.monotonic() + 120
        try:
            send(b"data: " + first + b"\n\n")
            while time.monotonic() < ended:
                time.sleep(interval)
                send(b": keep-alive\n\n")
        except OSError:
            self.disconnected_at = time.monotonic()
        h.close_connection = True

    def _echo(self, h: BaseHTTPRequestHandler, spec: tuple[int, float]) -> None:
        """Answer "Answer to: <the last user message>", but only once ``wait_for`` requests have
        arrived, the first to arrive last (``step`` s apart): parallel callers then all store their
        question before any answer, and the answers come back in the reverse order."""
        wait_for, step = spec
        with self._arrivals:
            index = self._arrived
            self._arrived += 1
            self._arrivals.notify_all()
            self._arrivals.wait_for(lambda: self._arrived >= wait_for, timeout=60)
        time.sleep((wait_for - 1 - index) * step)
        question = [m for m in h.body["messages"] if m["role"] == "user"][-1]["content"]
        if isinstance(question, list):
            question = " ".join(p.get("text", "") for p in question if isinstance(p, dict))
        self._text(h, f"Answer to: {question}")

    def _empty(self, h: BaseHTTPRequestHandler, _: Any) -> None:
        """200 and a stream that holds nothing but the end marker."""
        h.send_response(200)
        h.send_header("content-type", "text/event-stream")
        h.end_headers()
        h.wfile.write(b"data: [DONE]\n\n")


def app_with_stub(stub: StubOpenAI, monkeypatch: Any, key: str = "sk-test-SECRETSECRET1234", **openai: Any) -> Any:
    """An app whose default model is the OpenAI backend pointed at the stub."""
    from assistant.app import make_app
    from assistant.settings import load_settings

    monkeypatch.setenv("OPENAI_BASE_URL", stub.url)
    monkeypatch.setenv("OPENAI_API_KEY", key)
    for name, value in openai.items():
        monkeypatch.setenv(f"ASSISTANT_OPENAI__{name.upper()}", str(value))
    return make_app(load_settings(model="openai:gpt-4o"))
