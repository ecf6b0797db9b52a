"""Long-term memory on chromadb: add (with dedupe and refusals), search, recall, forget.

The chromadb client is injected: an embedded ``PersistentClient`` (SQLite on disk, the default),
an ``HttpClient`` against ``chroma run`` when several processes or machines share memory, or an
``EphemeralClient`` in tests. The embedding function is always ours and explicit; chromadb's
default one downloads a model on first use.
"""

from __future__ import annotations

import builtins  # MemoryStore.list shadows the type inside the class
import hashlib
import json
import re
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self, cast

from assistant.memory.admission import MAX_CHARS, rejection_reason
from assistant.memory.extract import extract_facts, guess_kind, skeleton, subject_key
from assistant.memory.recall import fit_budget
from assistant.memory.types import KINDS, AddResult, Kind, Memory, MemoryHit
from assistant.tools.chroma_client import open_chroma
from assistant.tools.embedding.embedders import Embedder, MiniLMEmbedder, chroma_function
from assistant.tools.errors import EngineUnavailable, ToolInputError

# Thresholds measured with MiniLM on short facts: "uses Python 3.11" vs "3.12" is 0.93,
# "I prefer tabs" vs "I prefer tabs over spaces" 0.84, unrelated facts 0.3-0.6. A short forget
# query scores lower than a full sentence: "my dog" vs "My dog is called Rex" is 0.46, while
# "my cat" vs it is 0.39 and "my dog" vs "I live in Berlin" 0.14.
DUPLICATE_SIMILARITY = 0.9
FORGET_SIMILARITY = 0.45
# MiniLM scores a broad question low against the facts it is about ("what do you know about my
# project setup" vs "My project uses Python 3.11" is 0.25); unrelated facts mostly score < 0.15.
SEARCH_MAX_DISTANCE = 0.8
RECALL_MAX_DISTANCE = 0.8
CLOSE_RECALL_MAX_DISTANCE = 0.55
"""For a question that only speaks in the first person ("when do I put the recycling out?"): a
note this close is about it (measured with the int8 MiniLM: 0.20-0.42 for the note that answers,
0.69 for "how do I read a file in Python" against "My project uses Python 3.12")."""
MAX_IMAGE_OCR_CHARS = 4000


def open_client(path: Path | str | None = None, host: str | None = None, port: int = 8000) -> Any:
    """An embedded client on ``path``, or an HTTP client when ``host`` is given."""
    return open_chroma(path, host, port, what="memory", host_setting="memory.chroma_host")


@contextmanager
def _store_errors(where: Path | str | None) -> Iterator[None]:
    """A corrupt, unreadable or locked store becomes one ToolError line, so callers (the chat) can go on.

    chromadb reports a garbage SQLite file as InternalError("file is not a database"), a locked
    one as sqlite3.OperationalError, a directory without permission as PermissionError.
    """
    try:
        yield
    except (ToolInputError, EngineUnavailable):
        raise
    except Exception as exc:
        from chromadb.errors import ChromaError

        if not isinstance(exc, ChromaError | sqlite3.Error | OSError):
            raise
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]
        raise ToolInputError(
            f"memory store at {where} cannot be used ({reason}); check its permissions, or move the folder"
            " aside to start an empty memory"
        ) from None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().rstrip(".!").lower())


class MemoryStore:
    """Facts, preferences and images the user wants remembered across sessions."""

    def __init__(
        self,
        client: Any = None,
        path: Path | str | None = None,
        embedder: Embedder | None = None,
        collection: str = "memories",
        *,
        host: str | None = None,
        port: int = 8000,
        duplicate_similarity: float = DUPLICATE_SIMILARITY,
        forget_similarity: float = FORGET_SIMILARITY,
        max_chars: int = MAX_CHARS,
    ) -> None:
        self._client = client
        self._path = Path(path) if path is not None else None
        self._host, self._port = host, port
        self.embedder: Embedder = embedder or MiniLMEmbedder()
        self.collection_name = collection
        self.duplicate_similarity = duplicate_similarity
        self.forget_similarity = forget_similarity
        self.max_chars = max_chars
        self._collection: Any = None
        self._owns_client = client is None

    def close(self) -> None:
        """Release the client this store opened (an injected client stays the caller's)."""
        if self._owns_client and self._client is not None and hasattr(self._client, "close"):
            self._client.close()
        self._client = None if self._owns_client else self._client
        self._collection = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -------------------------------------------------------------------------

    @property
    def collection(self) -> Any:
        if self._collection is None:
            with _store_errors(self._path or f"{self._host}:{self._port}"):
                if self._client is None:
                    self._client = open_client(self._path, self._host, self._port)
                col = self._client.get_or_create_collection(
                    self.collection_name,
                    embedding_function=chroma_function(self.embedder),
                    configuration={"hnsw": {"space": "cosine"}},
                    metadata={"embedder": self.embedder.model_id},
                )
            built_with = (col.metadata or {}).get("embedder")
            if built_with and built_with != self.embedder.model_id:
                raise EngineUnavailable(
                    f"memory collection {self.collection_name!r} was built with {built_with}, not"
                    f" {self.embedder.model_id}; use that embedder or another collection name"
                )
            self._collection = col
        return self._collection

    def _embed(self, text: str) -> list[float]:
        return self.embedder.embed([text])[0]

    @staticmethod
    def _to_memory(mem_id: str, document: str, md: dict[str, Any] | None) -> Memory:
        md = md or {}
        return Memory(
            id=mem_id,
            text=document or "",
            kind=md.get("kind", "fact"),
            created_at=md.get("created_at", ""),
            updated_at=md.get("updated_at", md.get("created_at", "")),
            source=md.get("source"),
            meta=json.loads(md.get("meta_json") or "{}"),
        )

    @staticmethod
    def _metadata(memory: Memory) -> dict[str, Any]:
        md: dict[str, Any] = {
            "kind": memory.kind,
            "created_at": memory.created_at,
            "updated_at": memory.updated_at,
            "meta_json": json.dumps(memory.meta, ensure_ascii=False),
        }
        if memory.source:
            md["source"] = memory.source
        if memory.meta.get("sha256"):
            md["sha256"] = memory.meta["sha256"]  # top level so images can be found by content
        return md

    def _write(self, memory: Memory, embedding: list[float], new: bool) -> None:
        write = self.collection.add if new else self.collection.update
        with _store_errors(self._path):
            write(
                ids=[memory.id],
                documents=[memory.text],
                embeddings=[embedding],
                metadatas=[self._metadata(memory)],
            )

    # -- reading --------------------------------------------------------------------------

    def count(self) -> int:
        col = self.collection
        with _store_errors(self._path):
            return int(col.count())

    def get(self, memory_id: str) -> Memory | None:
        got = self.collection.get(ids=[memory_id], include=["documents", "metadatas"])
        if not got["ids"]:
            return None
        return self._to_memory(got["ids"][0], got["documents"][0], got["metadatas"][0])

    def list(self, kind: str | None = None) -> list[Memory]:
        """All memories (of one kind), oldest first."""
        where = {"kind": self._check_kind(kind)} if kind else None
        got = self.collection.get(where=where, include=["documents", "metadatas"])
        items = [self._to_memory(i, d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])]
        return sorted(items, key=lambda m: m.created_at)

    def search(
        self,
        query: str,
        k: int = 5,
        max_distance: float | None = SEARCH_MAX_DISTANCE,
        kind: str | None = None,
    ) -> builtins.list[MemoryHit]:
        """Up to ``k`` memories nearest in meaning, best first; cosine distance <= max_distance."""
        if not query or not query.strip():
            raise ToolInputError("empty memory search query; say what to look for")
        if k < 1:
            raise ToolInputError(f"k must be at least 1, got {k}")
        total = self.count()
        if total == 0:
            return []
        where = {"kind": self._check_kind(kind)} if kind else None
        return self._query(self._embed(query), min(k, total), where, max_distance)

    def _query(
        self, embedding: builtins.list[float], n: int, where: dict[str, Any] | None, max_distance: float | None
    ) -> builtins.list[MemoryHit]:
        col = self.collection
        with _store_errors(self._path):
            res = col.query(
                query_embeddings=[embedding],
                n_results=n,
                where=where,
                include=["documents", "metadatas", "distances"],
            )
        hits = []
        for mem_id, doc, md, dist in zip(
            res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0]
        ):
            if max_distance is None or dist <= max_distance:
                hits.append(MemoryHit(self._to_memory(mem_id, doc, md), score=1.0 - float(dist)))
        return hits

    def recall(self, query: str, token_budget: int = 300, k: int = 20,
               max_distance: float = RECALL_MAX_DISTANCE) -> builtins.list[MemoryHit]:
        """Relevant memories for a prompt, most relevant first, within ~token_budget tokens."""
        if not query or not query.strip() or token_budget <= 0:
            return []
        return fit_budget(self.search(query, k=k, max_distance=max_distance), token_budget)

    # -- writing --------------------------------------------------------------------------

    def add(
        self, text: str, kind: str = "fact", meta: dict[str, Any] | None = None, source: str | None = None
    ) -> AddResult:
        """Store a fact; a near-identical or same-subject fact is updated instead of duplicated."""
        checked = self._check_kind(kind)
        text = (text or "").strip()
        reason = rejection_reason(text, self.max_chars)
        if reason:
            return AddResult(None, "rejected", reason)
        embedding = self._embed(text)
        match = self._find_same(text, checked, embedding)
        now = _now()
        if match is not None:
            old, why = match
            if why == "unchanged":
                return AddResult(old, "unchanged", "already remembered")
            merged = {**old.meta, **(meta or {})}
            updated = Memory(old.id, text, checked, old.created_at, now, source or old.source, merged)
            self._write(updated, embedding, new=False)
            return AddResult(updated, "updated", why, previous_text=old.text)
        memory = Memory(f"m-{uuid.uuid4().hex[:12]}", text, checked, now, now, source, dict(meta or {}))
        self._write(memory, embedding, new=True)
        return AddResult(memory, "added")

    def _find_same(self, text: str, kind: str, embedding: builtins.list[float]) -> tuple[Memory, str] | None:
        """The memory this text repeats or supersedes, and why; None when it is new."""
        total = self.count()
        if total == 0:
            return None
        key, shape = subject_key(text), skeleton(text)
        # Filtering here rather than with a chromadb `where`: with the filter an add took 96 ms at
        # 10k memories, without it 21 ms (bench/bench_memory.py, one run each on a busy 2-core box).
        for hit in self._query(embedding, min(8, total), None, None):
            # Facts and preferences overlap ("my name is Sam" / "call me Sam"); images stand apart.
            if (hit.memory.kind == "image") != (kind == "image"):
                continue
            other = hit.memory.text
            if _norm(other) == _norm(text):
                return hit.memory, "unchanged"
            if hit.score >= self.duplicate_similarity:
                return hit.memory, f"near-identical to an existing memory (similarity {hit.score:.2f})"
            if skeleton(other) == shape:
                return hit.memory, "same fact with a new number or version"
            if key is not None and subject_key(other) == key:
                return hit.memory, f"new value for '{key}'"
        return None

    def add_image(
        self,
        path: Path | str,
        ocr_text: str | None = None,
        caption: str | None = None,
        source: str | None = None,
    ) -> AddResult:
        """Remember an image file by content hash, searchable through its caption and OCR text."""
        file = Path(path).expanduser()
        if not file.is_file():
            raise ToolInputError(f"image {file} does not exist or is not a file; check the path")
        sha = hashlib.sha256(file.read_bytes()).hexdigest()
        ocr = (ocr_text or "").strip()
        label = caption.strip() if caption and caption.strip() else f"image {file.name}"
        text = f"{label}: {ocr}" if ocr else label
        if len(text) > self.max_chars:
            text = text[: self.max_chars - 3].rstrip() + "..."  # OCR of a page is long; the head is enough
        meta = {
            "path": str(file.resolve()),
            "sha256": sha,
            "ocr_text": ocr[:MAX_IMAGE_OCR_CHARS],
            "caption": caption or "",
        }
        reason = rejection_reason(text, self.max_chars)
        if reason:
            return AddResult(None, "rejected", f"image text {reason}")
        existing = self.collection.get(where={"sha256": sha}, include=["documents", "metadatas"])
        if existing["ids"]:
            old = self._to_memory(existing["ids"][0], existing["documents"][0], existing["metadatas"][0])
            if old.text == text and old.meta == meta:
                return AddResult(old, "unchanged", "image already remembered")
            updated = Memory(old.id, text, "image", old.created_at, _now(), source or old.source, meta)
            self._write(updated, self._embed(text), new=False)
            return AddResult(updated, "updated", "same image content", previous_text=old.text)
        now = _now()
        memory = Memory(f"m-{uuid.uuid4().hex[:12]}", text, "image", now, now, source, meta)
        self._write(memory, self._embed(text), new=True)
        return AddResult(memory, "added")

    def forget(self, id_or_query: str) -> builtins.list[Memory]:
        """Delete by id, or the best match for a query if it is similar enough; returns what went."""
        key = (id_or_query or "").strip()
        if not key:
            raise ToolInputError("say which memory to forget: an id from `assistant memory list` or a phrase")
        found = self.get(key)
        if found is None:
            hits = self.search(key, k=1, max_distance=None)
            if not hits or hits[0].score < self.forget_similarity:
                return []
            found = hits[0].memory
        self.collection.delete(ids=[found.id])
        return [found]

    def remember_from_turn(self, user_text: str, source: str | None = None) -> builtins.list[AddResult]:
        """Store the durable facts a user stated in one message (see ``assistant.memory.extract``)."""
        return [self.add(f, kind=guess_kind(f), source=source) for f in extract_facts(user_text)]

    @staticmethod
    def _check_kind(kind: str | None) -> Kind:
        if kind not in KINDS:
            raise ToolInputError(f"unknown memory kind {kind!r}; use one of {', '.join(KINDS)}")
        return cast(Kind, kind)


__all__ = ["DUPLICATE_SIMILARITY", "FORGET_SIMILARITY", "MemoryStore", "open_client"]
