"""The embedded offline default: llama.cpp in-process (xllamacpp) serving a packaged GGUF.

Why xllamacpp rather than llama-cpp-python: it installs as a prebuilt CPU wheel in seconds
(llama-cpp-python builds from source for ~10 minutes on two cores), it decodes as fast (~30
tok/s with the 0.5B model, docs/models.md, "Traps that cost time"), and it runs llama.cpp's own OpenAI-compatible server in
this process. So the embedded model goes through exactly the same client code as a remote
OpenAI-compatible server: one code path to test. Its server does not turn the small models'
text into ``tool_calls``; the text tool-call parser does that (``text_tools.py``). The server
runs in a child process (``embedded_child.py`` says why).
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
import weakref
from pathlib import Path
from typing import Any

from assistant.errors import ModelUnavailable

log = logging.getLogger(__name__)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_params(gguf: Path, n_ctx: int = 8192, threads: int = 2, mmproj: Path | None = None,
                 slot_dir: Path | None = None) -> Any:
    """llama.cpp server parameters; ``mmproj`` adds a LLaVA-style projector so the model sees images;
    ``slot_dir`` lets the server save and restore processed prompts there (prefix_cache.py)."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(gguf)
    params.n_ctx = n_ctx
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.port = _free_port()
    params.use_jinja = True
    params.n_parallel = 1  # one conversation per process; all of n_ctx goes to it
    params.verbosity = -1  # the server otherwise logs a line per request to stderr
    params.warmup = False
    if slot_dir is not None:
        params.slot_save_path = str(slot_dir) + os.sep  # llama.cpp appends the file name as is
    if mmproj is not None:
        if not hasattr(params, "mmproj"):
            raise ModelUnavailable(
                "this xllamacpp has no multimodal projector support: pip install -U xllamacpp, "
                "or run the vision model through transformers (llava:PATH)"
            )
        if not mmproj.is_file():
            raise ModelUnavailable(
                f"multimodal projector {mmproj} does not exist; set embedded.mmproj_path to the mmproj GGUF "
                "published with the model"
            )
        params.mmproj.path = str(mmproj)
    return params


class EmbeddedServer:
    """One llama.cpp server on 127.0.0.1 for one GGUF file, in a child process (embedded_child.py);
    it stops when closed, when collected, or when this process dies."""

    def __init__(self, gguf: Path, n_ctx: int = 8192, threads: int = 2, mmproj: Path | None = None,
                 slot_dir: Path | None = None, wait: bool = True) -> None:
        """Start the child; with ``wait=False`` return at once and call ``wait_until_listening``
        later (a fresh `ask` imports its libraries meanwhile)."""
        if importlib.util.find_spec("xllamacpp") is None:
            raise ModelUnavailable(
                "the embedded runtime is not installed: pip install '.[embedded]' (xllamacpp)"
            )
        if not gguf.is_file():
            raise ModelUnavailable(f"model file {gguf} does not exist; set embedded.gguf_path to a GGUF file")
        mmproj = mmproj.expanduser() if mmproj is not None else None
        self.sees_images = mmproj is not None
        self.gguf = gguf
        self.root_url = self.base_url = ""
        self.load_seconds = 0.0
        args = {"gguf": str(gguf), "n_ctx": n_ctx, "threads": threads,
                "mmproj": str(mmproj) if mmproj else None, "slot_dir": str(slot_dir) if slot_dir else None}
        self._started = time.perf_counter()
        self._errors = tempfile.TemporaryFile()  # the child's stderr: its last line explains a crash
        self._child = subprocess.Popen(
            [sys.executable, "-m", "assistant.models.embedded_child", json.dumps(args)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors, text=True,
        )
        self._stop = weakref.finalize(self, _stop_child, self._child, self._errors)
        if wait:
            self.wait_until_listening()

    def wait_until_listening(self) -> None:
        """Block (without the GIL) until the child says it listens; raise ModelUnavailable if it
        could not load the model."""
        if self.root_url:
            return
        reply = self._child.stdout.readline() if self._child.stdout else ""
        message = json.loads(reply) if reply.strip() else {"error": self._crash()}
        if "error" in message:
            self.close()
            if message.get("kind") == "ModelUnavailable":
                raise ModelUnavailable(message["error"])
            raise ModelUnavailable(f"llama.cpp could not load {self.gguf.name}: {message['error']}")
        self.load_seconds = time.perf_counter() - self._started  # as the user waits: start to listening
        self.root_url = str(message["address"]).rstrip("/")
        self.base_url = self.root_url + "/v1"
        log.debug("embedded server for %s up in %.2fs at %s (llama.cpp load %.2fs)", self.gguf.name,
                  self.load_seconds, self.base_url, message["load_seconds"])

    def _crash(self) -> str:
        self._child.wait()
        self._errors.seek(0)
        lines = self._errors.read().decode(errors="replace").strip().splitlines()
        return f"its process ended while loading (exit {self._child.returncode}" + \
            (f": {lines[-1][:300]})" if lines else ")")

    @property
    def pid(self) -> int:
        """The child process that holds the model."""
        return self._child.pid

    def close(self) -> None:
        self._stop()


def _stop_child(child: subprocess.Popen, errors: Any) -> None:
    """Close the child's standard input (it exits at end of file); kill it if it lingers."""
    if child.stdin is not None:
        try:
            child.stdin.close()
        except OSError:
            pass
    try:
        child.wait(timeout=5)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
    if child.stdout is not None:
        child.stdout.close()
    errors.close()
