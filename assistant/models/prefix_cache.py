"""Process a system prompt once per model, and reuse it across turns and processes.

On two cores llama.cpp processes a prompt at ~60 tokens/s, so a 1,200-token system prompt with
its tool block costs ~18 s before the first answer token. Within one process llama.cpp's server
already reuses the longest common token prefix of the previous request (``cache_prompt``). Across
processes (each `assistant ask` is one), this saves the slot's KV cache after the system prompt
to ``<home>/cache/slots/`` and restores it in the next process (llama.cpp's slot save/restore:
a 10 MB file for ~370 tokens restores in a few milliseconds).

A cache file is named by a hash of everything its tokens depend on: the model file's identity,
the runtime's version, the context size and the system text itself. A changed prompt or model
gets a new name, so a stale cache is never used; llama.cpp also compares the restored tokens
with each new prompt and reuses only the part that matches.

Nothing here may fail a turn: a server without slot support, a corrupt or unwritable file just
means the prefix is processed as usual.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from pathlib import Path

import httpx

log = logging.getLogger(__name__)

MAX_FILES = 24
"""Cache files kept (least recently used go first); a 1,200-token prefix is ~35 MB on the 1.5B."""


class PrefixCache:
    def __init__(self, server_root: str, slot_dir: Path, model_identity: str) -> None:
        self.server_root = server_root.rstrip("/")
        self.slot_dir = slot_dir
        self.model_identity = model_identity
        self._lock = threading.Lock()  # a warm-up thread and a turn may prime at once
        self._loaded: str | None = None
        """Key of the prefix the server's slot starts with now, as far as this process knows."""
        self.last_outcome = ""
        """warm (already in the slot), restored (from a file), saved (processed and stored), off."""

    def key(self, system_text: str) -> str:
        return hashlib.sha256(f"{self.model_identity}\0{system_text}".encode()).hexdigest()[:40]

    def prime(self, system_text: str) -> str:
        """Make the server's slot start with ``system_text`` processed; returns the outcome."""
        key = self.key(system_text)
        with self._lock:
            if key == self._loaded:
                self.last_outcome = "warm"
                return self.last_outcome
            try:
                self.last_outcome = self._restore(key) or self._process_and_save(key, system_text)
                self._loaded = key
            except (httpx.HTTPError, OSError, ValueError) as exc:
                log.debug("prefix cache off for this turn: %s", exc)
                self._loaded = None
                self.last_outcome = "off"
            return self.last_outcome

    def forget(self) -> None:
        """The slot now holds something else (a request that did not go through ``prime``)."""
        self._loaded = None

    def _restore(self, key: str) -> str:
        path = self.slot_dir / f"{key}.bin"
        if not path.is_file():
            return ""
        reply = httpx.post(f"{self.server_root}/slots/0?action=restore", json={"filename": path.name}, timeout=60)
        if reply.status_code != 200:
            log.debug("slot restore refused (%s); processing the prefix again", reply.status_code)
            path.unlink(missing_ok=True)  # unreadable by this runtime: make a fresh one
            return ""
        os.utime(path)  # recently used: kept by the pruning below
        return "restored"

    def _process_and_save(self, key: str, system_text: str) -> str:
        # A one-token request with only the system message fills the slot with the prefix that
        # every turn using this system prompt starts with.
        reply = httpx.post(f"{self.server_root}/v1/chat/completions", timeout=600, json={
            "messages": [{"role": "system", "content": system_text}], "max_tokens": 1, "temperature": 0,
            "cache_prompt": True})
        reply.raise_for_status()
        self.slot_dir.mkdir(parents=True, exist_ok=True)
        # Saved under a temporary name and renamed: a parallel process never restores a half file.
        partial = f"{key}.{os.getpid()}.part"
        saved = httpx.post(f"{self.server_root}/slots/0?action=save", json={"filename": partial}, timeout=60)
        saved.raise_for_status()
        os.replace(self.slot_dir / partial, self.slot_dir / f"{key}.bin")
        self._prune()
        return "saved"

    def _prune(self) -> None:
        files = sorted(self.slot_dir.glob("*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[MAX_FILES:]:
            old.unlink(missing_ok=True)


def model_identity(gguf: Path, sha256: str | None, n_ctx: int) -> str:
    """What a cached prefix depends on besides its text: the weights, the runtime, the context."""
    try:
        from importlib.metadata import version

        runtime = version("xllamacpp")
    except Exception:  # noqa: BLE001 - an unknown version only means a separate cache
        runtime = "unknown"
    if sha256 is None:
        stat = gguf.stat()
        sha256 = f"{gguf.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
    return f"{sha256}|xllamacpp {runtime}|n_ctx {n_ctx}"
