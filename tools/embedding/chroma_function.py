"""The chromadb adapter for our embedders; kept apart so ``assistant.tools.embedding.embedders`` needs no chromadb."""

from __future__ import annotations

from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings


class EmbedderFunction(EmbeddingFunction[Documents]):
    """Wraps any ``assistant.tools.embedding.embedders.Embedder``; chromadb never picks a model by itself."""

    def __init__(self, embedder: Any) -> None:
        self.embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        return [np.asarray(v, dtype=np.float32) for v in self.embedder.embed(list(input))]

    @staticmethod
    def name() -> str:
        # Not registered with chromadb on purpose: the store always passes the function in, so
        # chromadb must never rebuild (and maybe download) one from a stored config.
        return "assistant-memory-embedder"

    def get_config(self) -> dict[str, Any]:
        return {"model_id": self.embedder.model_id}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> EmbedderFunction:
        # chromadb calls this to probe the function (is_legacy), so it must not fail; an embedder
        # chromadb rebuilt by itself is refused at first use instead.
        return EmbedderFunction(_Unbuilt(str(config.get("model_id", "unknown"))))

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine"]


class _Unbuilt:
    def __init__(self, model_id: str) -> None:
        self.model_id = model_id

    def embed(self, texts: list[str]) -> list[list[float]]:
        from assistant.tools.errors import EngineUnavailable

        raise EngineUnavailable(
            f"no embedder given for {self.model_id}; pass one to MemoryStore(embedder=...)"
        )
