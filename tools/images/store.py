"""The image index's vectors in chromadb: CLIP image vectors and OCR-text vectors, keyed by sha256.

Two collections, both with precomputed embeddings (no chromadb embedding function, so chromadb
never picks or downloads a model). Each records the model that made its vectors; opening it with
another model is a clear error, never a mix of two vector spaces.

The chromadb client is injected: ``PersistentClient`` (embedded, the default), ``HttpClient``
against ``chroma run`` (client/server), or ``EphemeralClient`` in tests.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.tools.chroma_client import open_chroma as open_shared
from assistant.tools.errors import ToolInputError

OCR_COLLECTION = "images_ocr_text"
CLIP_COLLECTION = "images_clip"


def open_chroma(path: Path | str | None = None, host: str | None = None, port: int = 8000) -> Any:
    """An embedded client on ``path``, or an HTTP client for a `chroma run` server at ``host``."""
    return open_shared(path, host, port, what="the image index", host_setting="image_search.chroma_host")


class ImageVectors:
    """The two vector collections of one image index."""

    def __init__(self, client: Any, text_model_id: str, clip_model_id: str | None, prefix: str = "") -> None:
        self.client = client
        self.text_model_id = text_model_id
        self.clip_model_id = clip_model_id
        self._ocr_name = f"{prefix}{OCR_COLLECTION}"
        self._clip_name = f"{prefix}{CLIP_COLLECTION}"
        self._ocr: Any = None
        self._clip: Any = None

    def _open(self, name: str, model_id: str, what: str, fix: str) -> Any:
        col = self.client.get_or_create_collection(
            name,
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedder": model_id},
        )
        built_with = (col.metadata or {}).get("embedder")
        if built_with and built_with != model_id:
            raise ToolInputError(
                f"the image index's {what} vectors were made with {built_with}, not {model_id}; {fix}"
                " (`assistant index --rebuild DIR` starts over)"
            )
        return col

    @property
    def ocr(self) -> Any:
        if self._ocr is None:
            self._ocr = self._open(self._ocr_name, self.text_model_id, "OCR-text", "use that text embedder")
        return self._ocr

    @property
    def clip(self) -> Any:
        if self.clip_model_id is None:
            raise ToolInputError("no CLIP model is configured; set image_search.clip_model")
        if self._clip is None:
            self._clip = self._open(
                self._clip_name,
                self.clip_model_id,
                "CLIP",
                "set image_search.clip_model back to that checkpoint",
            )
        return self._clip

    def stored_clip_model(self) -> str | None:
        """The CLIP model an existing index was built with (None: no CLIP vectors yet)."""
        if self._clip_name not in self._names():
            return None
        col = self.client.get_collection(self._clip_name, embedding_function=None)
        if col.count() == 0:
            return None
        return (col.metadata or {}).get("embedder")

    def _names(self) -> set[str]:
        # chromadb 1.x lists Collection objects, 0.6 listed names: accept both.
        return {getattr(c, "name", c) for c in self.client.list_collections()}

    def reset(self) -> None:
        present = self._names()
        for name in (self._ocr_name, self._clip_name):
            if name in present:
                self.client.delete_collection(name)
        self._ocr = self._clip = None

    # -- writes ----------------------------------------------------------------------------

    def put_ocr(self, shas: Sequence[str], vectors: Sequence[Sequence[float]], texts: Sequence[str]) -> None:
        if shas:
            self.ocr.upsert(ids=list(shas), embeddings=[list(v) for v in vectors], documents=list(texts))

    def put_clip(self, shas: Sequence[str], vectors: Any) -> None:
        if len(shas):
            self.clip.upsert(ids=list(shas), embeddings=[list(map(float, v)) for v in vectors])

    def delete(self, shas: Sequence[str]) -> None:
        if not shas:
            return
        self.ocr.delete(ids=list(shas))
        if self.clip_model_id is not None or self.stored_clip_model() is not None:
            col = self._clip or self.client.get_or_create_collection(self._clip_name, embedding_function=None)
            col.delete(ids=list(shas))

    # -- reads -----------------------------------------------------------------------------

    def query_ocr(self, vector: Sequence[float], n: int) -> list[tuple[str, float, str]]:
        """(sha, cosine similarity, OCR text) nearest first."""
        return _query(self.ocr, vector, n, with_docs=True)

    def query_clip(self, vector: Sequence[float], n: int) -> list[tuple[str, float, str]]:
        return _query(self.clip, vector, n, with_docs=False)

    def keyword(self, terms: Sequence[str], limit: int) -> list[tuple[str, str]]:
        """(sha, OCR text) of documents containing any term, case-insensitive."""
        if not terms:
            return []
        clauses = [{"$regex": "(?i)" + re.escape(t)} for t in terms]
        where = clauses[0] if len(clauses) == 1 else {"$or": clauses}
        got = self.ocr.get(where_document=where, include=["documents"], limit=limit)
        return list(zip(got["ids"], got["documents"] or [], strict=False))

    def ocr_texts(self, shas: Sequence[str]) -> dict[str, str]:
        if not shas:
            return {}
        got = self.ocr.get(ids=list(shas), include=["documents"])
        return dict(zip(got["ids"], got["documents"] or [], strict=False))

    def clip_vectors(self, shas: Sequence[str]) -> dict[str, list[float]]:
        if not shas:
            return {}
        got = self.clip.get(ids=list(shas), include=["embeddings"])
        embeddings = got["embeddings"] if got["embeddings"] is not None else []
        return {sha: list(map(float, v)) for sha, v in zip(got["ids"], embeddings, strict=False)}

    def count(self) -> dict[str, int]:
        counts = {"ocr_text": self.ocr.count()}
        if self.clip_model_id is not None:
            counts["clip"] = self.clip.count()
        return counts


def _query(col: Any, vector: Sequence[float], n: int, with_docs: bool) -> list[tuple[str, float, str]]:
    total = col.count()
    if total == 0 or n <= 0:
        return []
    include = ["distances", "documents"] if with_docs else ["distances"]
    got = col.query(query_embeddings=[list(map(float, vector))], n_results=min(n, total), include=include)
    ids, dists = got["ids"][0], got["distances"][0]
    docs = got["documents"][0] if with_docs and got.get("documents") else [""] * len(ids)
    # chromadb's cosine distance is 1 - cosine similarity.
    return [(i, 1.0 - float(d), doc or "") for i, d, doc in zip(ids, dists, docs, strict=False)]


__all__ = ["CLIP_COLLECTION", "OCR_COLLECTION", "ImageVectors", "open_chroma"]
