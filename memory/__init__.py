"""Long-term memory: facts, preferences and images the user wants kept across sessions.

Nothing heavy loads on import: chromadb, onnxruntime and the embedding model load on first use.
This package never imports ``assistant`` (it works from a plain script).
"""

from assistant.memory.extract import extract_facts
from assistant.memory.recall import evidence_block, fit_budget
from assistant.memory.store import MemoryStore, open_client
from assistant.memory.types import AddResult, Memory, MemoryHit
from assistant.tools.embedding.embedders import MiniLMEmbedder, OpenAIEmbedder, chroma_function

__all__ = [
    "AddResult",
    "Memory",
    "MemoryHit",
    "MemoryStore",
    "MiniLMEmbedder",
    "OpenAIEmbedder",
    "chroma_function",
    "evidence_block",
    "extract_facts",
    "fit_budget",
    "open_client",
]
