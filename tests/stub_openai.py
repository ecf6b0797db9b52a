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
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                stub.requests.append({"path": self.path, "body": body,
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
