"""An API key never leaks: debug logs of a failing call, stored turns, exports, memory, a 401's
error line; and the data dir, its files and folders are user-only."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from assistant.cli import main
from tests.stub_openai import StubOpenAI

KEY = "sk-proj-LEAKCHECK0123456789abcdefXYZ"
TAIL = "LEAKCHECK0123456789"  # any piece of the key is a leak, not only the whole


@pytest.fixture
def stub():
    server = StubOpenAI()
    yield server
    server.close()


def _leaks(text: str) -> bool:
    return KEY in text or TAIL in text


@pytest.mark.real_model  # the real openai backend against the local stub
@pytest.mark.timeout(120)
def test_key_never_leaks_from_a_failing_debug_run_the_store_or_exports(stub, monkeypatch, capsys, isolated_env):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", stub.url)
    monkeypatch.setenv("ASSISTANT_OPENAI__MAX_RETRIES", "1")
    # A 500, retried, then a 401: the debug log shows requests, retries and the final error.
    stub.behaviours = [("status", (500, {"retry-after": "0"})), ("status", (401, {}))]
    rc = main(["--debug", "ask", f"is my key {KEY} safe?", "--model", "openai:gpt-4o"])
    out, err = capsys.readouterr()
    assert rc == 1
    assert stub.requests and stub.requests[0]["auth"] == f"Bearer {KEY}"  # it really was sent
    assert "DEBUG" in err  # the debug log ran, so the check below means something
    assert not _leaks(out) and not _leaks(err), [ln for ln in err.splitlines() if TAIL in ln][:3]
    error_lines = [ln for ln in err.splitlines() if ln.startswith("error: ")]
    assert len(error_lines) == 1 and "401" in error_lines[0]

    # The stored turns, search, export and JSON output.
    rc = main(["history", "list"])
    listing = capsys.readouterr().out
    assert rc == 0 and not _leaks(listing)
    from assistant.store import ConversationStore

    store = ConversationStore(isolated_env)
    session = store.list_sessions()[0]
    assert not _leaks(repr(store.turns(session.id))) and not _leaks(session.title)
    assert not store.search(TAIL)
    for argv in (["history", "export", session.id], ["history", "show", session.id]):
        assert main(argv) == 0
        assert not _leaks(capsys.readouterr().out)
    raw = (isolated_env / "conversations.sqlite3").read_bytes()
    wal = isolated_env / "conversations.sqlite3-wal"
    raw += wal.read_bytes() if wal.exists() else b""
    assert TAIL.encode() not in raw  # not even in freed pages or the WAL
    store.close()


def test_memory_refuses_a_key(capsys):
    rc = main(["memory", "add", f"my key is {KEY}"])
    out, err = capsys.readouterr()
    # The refusal is the command's one-line result (stdout), with exit 1.
    assert rc == 1 and out.startswith("rejected:") and len((out + err).strip().splitlines()) == 1
    assert not _leaks(out) and not _leaks(err)
    rc = main(["memory", "list", "--json"])
    listed = capsys.readouterr().out
    assert rc == 0 and not _leaks(listed)


def _private(path: Path) -> list[str]:
    """Everything under path that group or others can read, write or enter."""
    bad = []
    for p in [path, *path.rglob("*")]:
        if p.is_symlink():
            continue
        mode = stat.S_IMODE(p.stat().st_mode)
        if p.is_dir() and p == path and mode & 0o077:
            bad.append(f"{p} {oct(mode)}")
        elif p.is_file() and p.suffix in ("", ".sqlite3", ".sqlite3-wal", ".sqlite3-shm", ".sqlite3-journal") \
                and "conversations" in p.name and mode & 0o077:
            bad.append(f"{p} {oct(mode)}")
    return bad


def test_data_dir_and_database_are_user_only(tmp_path, capsys, isolated_env):
    script = tmp_path / "s.json"
    script.write_text(json.dumps(["Fine."]))
    img = tmp_path / "shot.png"
    from PIL import Image

    Image.new("RGB", (40, 30), "white").save(img)
    old = os.umask(0o022)  # a usual umask: the app must not rely on a strict one
    try:
        assert main(["ask", "hi", "--model", f"scripted:{script}", "--image", str(img)]) == 0
    finally:
        os.umask(old)
    capsys.readouterr()
    assert stat.S_IMODE(isolated_env.stat().st_mode) == 0o700
    db = isolated_env / "conversations.sqlite3"
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert not _private(isolated_env)
    # The data dir is 0700, so nothing inside is reachable by others whatever its own mode.
    # No config file is written by the app (settings are read only).
    assert not list((tmp_path / "config").rglob("*")) if (tmp_path / "config").exists() else True
