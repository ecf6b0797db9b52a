"""The embedded llama.cpp server's child process: it reports a bad model file in one line and
never outlives the app, however the app ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.errors import ModelUnavailable
from assistant.models.embedded import EmbeddedServer
from assistant.models.gguf import ensure_gguf

SMALL = "qwen2.5-coder-0.5b"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z"))


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return False


def test_a_corrupt_gguf_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF" + os.urandom(4096))
    started = time.monotonic()
    with pytest.raises(ModelUnavailable, match=r"llama\.cpp could not load broken\.gguf"):
        EmbeddedServer(bad, n_ctx=512, threads=1)
    assert time.monotonic() - started < 30


def test_a_child_that_dies_while_loading_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash before the child can answer (here: an interpreter that cannot run the module) is
    reported with its exit status and the last line it wrote to stderr, not a hang."""
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\necho 'Fatal: cannot map the model' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(fake))
    with pytest.raises(ModelUnavailable, match=r"ended while loading \(exit 3: Fatal: cannot map the model\)"):
        EmbeddedServer(model, n_ctx=512, threads=1)


@pytest.mark.real_model
def test_closing_stops_the_child(shared_models_dir: Path) -> None:
    server = EmbeddedServer(ensure_gguf(shared_models_dir, SMALL), n_ctx=512, threads=1)
    assert server.base_url.startswith("http://127.0.0.1:")
    assert server.load_seconds > 0
    pid = server.pid
    assert _alive(pid)
    server.close()
    assert _gone_within(pid, 5)


@pytest.mark.real_model
def test_the_child_dies_with_a_killed_app(shared_models_dir: Path, tmp_path: Path) -> None:
    """kill -9 leaves no chance to clean up: the child notices its closed standard input."""
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from assistant.models.embedded import EmbeddedServer\n"
        f"server = EmbeddedServer(Path({str(ensure_gguf(shared_models_dir, SMALL))!r}), n_ctx=512, threads=1)\n"
        "print(server.pid, flush=True)\n"
        "time.sleep(600)\n"
    )
    app = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert app.stdout is not None
        child = int(app.stdout.readline())
        assert _alive(child)
        app.send_signal(signal.SIGKILL)
        app.wait(timeout=10)
        assert _gone_within(child, 5)
    finally:
        app.kill()
