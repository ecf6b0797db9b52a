"""Text embeddings shared by memory and the image index (offline MiniLM, or OpenAI's API).

    vectors = MiniLMEmbedder().embed(["a sentence"])

Names load from their modules on first use (see assistant.tools.lazy_exports).
"""

from __future__ import annotations

from typing import Any

from assistant.tools.lazy_exports import load

EXPORTS = {
    "Embedder": "embedders",
    "MiniLMEmbedder": "embedders",
    "OpenAIEmbedder": "embedders",
    "chroma_function": "embedders",
    "EmbedderFunction": "chroma_function",
}
__all__ = sorted(EXPORTS)


def __getattr__(name: str) -> Any:
    return load(__name__, EXPORTS, name)
