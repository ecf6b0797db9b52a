"""The embedded offline default: llama.cpp in-process (xllamacpp) serving a packaged GGUF.

Why xllamacpp rather than llama-cpp-python: it installs as a prebuilt CPU wheel in seconds
(llama-cpp-python builds from source for ~10 minutes on two cores), it decodes as fast (~30
tok/s with the 0.5B model, docs/models.md, "Traps that cost time"), and it runs llama.cpp's own OpenAI-compatible server in
this process. So the embedded model goes through exactly the same client code as a remote
OpenAI-compatible server: one code path to test. Its server does not turn the small models'
text into ``tool_calls``; the text tool-call parser does that (``text_tools.py``).
"""

from __future__ import annotations

import logging
import os
import socket
import time
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
    """One llama.cpp server on 127.0.0.1 for one GGUF file; stops when closed or collected."""

    def __init__(self, gguf: Path, n_ctx: int = 8192, threads: int = 2, mmproj: Path | None = None,
                 slot_dir: Path | None = None) -> None:
        try:
            import xllamacpp
        except ImportError:
            raise ModelUnavailable(
                "the embedded runtime is not installed: pip install '.[embedded]' (xllamacpp)"
            ) from None
        if not gguf.is_file():
            raise ModelUnavailable(f"model file {gguf} does not exist; set embedded.gguf_path to a GGUF file")
        mmproj = mmproj.expanduser() if mmproj is not None else None
        params = build_params(gguf, n_ctx, threads, mmproj, slot_dir)
        self.sees_images = mmproj is not None
        started = time.perf_counter()
        try:
            self._server = xllamacpp.Server(params)
        except Exception as exc:  # the runtime raises plain RuntimeError on a bad file
            raise ModelUnavailable(f"llama.cpp could not load {gguf.name}: {exc}") from None
        self.load_seconds = time.perf_counter() - started
        self.root_url = self._server.listening_address.rstrip("/")
        self.base_url = self.root_url + "/v1"
        self.gguf = gguf
        log.debug("embedded server for %s up in %.2fs at %s", gguf.name, self.load_seconds, self.base_url)

    def close(self) -> None:
        self._server = None
