"""The conversation store: resume, search (tool outputs too), export, migrations, crash safety."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from assistant.export import session_markdown
from assistant.migrations import MIGRATIONS
from assistant.store import ConversationStore, StoredAttachment, StoredToolCall


def test_turns_tool_calls_attachments_and_export(tmp_path):
    store = ConversationStore(tmp_path / "h")
    sid = store.create_session()
    img = tmp_path / "err.png"
    img.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    blob = store.add_blob(img, "ab" * 32, "image/png")
    blob_again = store.add_blob(img, "ab" * 32, "image/png")
    assert blob == blob_again and blob.read_bytes() == img.read_bytes()  # stored once by hash
    store.add_user_turn(sid, "what is this error?", [StoredAttachment("ab" * 32, "err.png", "image", "image/png", img)])
    call = StoredToolCall("c1", "ocr", {"path": str(img)}, "3 lines", "ZeroDivisionError: division by zero", True, 0.4, "E1")
    store.add_assistant_turn(sid, "A division by zero [E1].", model="embedded:x", tool_calls=[call])
    turns = store.turns(sid)
    assert turns[0].attachments[0].name == "err.png" and turns[1].tool_calls[0].args == {"path": str(img)}
    assert store.get_session(sid).title == "what is this error?"
    md = session_markdown(store, sid)
    assert "# what is this error?" in md and "tool `ocr`" in md and "A division by zero [E1]." in md
    # Full-text search finds tool output, not only chat text.
    hits = store.search("ZeroDivisionError")
    assert hits and hits[0].source == "tool:ocr" and hits[0].session_id == sid
    assert store.search('weird "query -with: syntax') == []


def test_secrets_are_redacted_before_storage(tmp_path):
    store = ConversationStore(tmp_path / "h")
    sid = store.create_session()
    store.add_user_turn(sid, "my key is sk-proj-ABCDEFGHIJKLMNOP1234 ok")
    assert "sk-proj" not in store.turns(sid)[0].content and "[REDACTED]" in store.turns(sid)[0].content
    assert not store.search("ABCDEFGHIJKLMNOP1234")


def test_files_are_user_only(tmp_path):
    store = ConversationStore(tmp_path / "h")
    assert oct(store.path.stat().st_mode & 0o777) == "0o600"
    assert oct((tmp_path / "h").stat().st_mode & 0o777) == "0o700"


def test_schema_version_recorded_and_migration_idempotent(tmp_path):
    ConversationStore(tmp_path / "h").close()
    store = ConversationStore(tmp_path / "h")
    assert store.schema_version == MIGRATIONS[-1][0]
    rows = store.conn.execute("SELECT version FROM schema_version").fetchall()
    assert [r[0] for r in rows] == [m[0] for m in MIGRATIONS]
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_answer_notes_and_replaced_words_are_kept_and_old_answers_read_empty(tmp_path, monkeypatch):
    """Migration 5: what an answer showed under it (notes, the words a check replaced) is stored,
    redacted like the rest; answers stored before it read as none."""
    from assistant import migrations

    conn = sqlite3.connect(tmp_path / "old.sqlite3", isolation_level=None)
    with monkeypatch.context() as before_5:
        before_5.setattr(migrations, "MIGRATIONS", MIGRATIONS[:4])
        assert migrations.migrate(conn) == 4
    conn.execute("INSERT INTO sessions VALUES ('s1', '', '', 0, 0)")
    conn.execute("INSERT INTO turns (session_id, role, content, created_at) VALUES ('s1', 'assistant', 'old', 0)")
    conn.close()
    home = tmp_path / "h"
    home.mkdir()
    (tmp_path / "old.sqlite3").rename(home / "conversations.sqlite3")
    store = ConversationStore(home)
    (old_answer,) = store.turns("s1")
    assert old_answer.notes == [] and old_answer.replaced == ""

    sid = store.create_session()
    turn_id = store.add_assistant_turn(sid, "Fixed.", model="m", notes=["refused remember(x): not your words"],
                                       replaced="The key is sk-proj-ABCDEFGHIJKLMNOP1234")
    store.set_notes(turn_id, ["refused remember(x): not your words", "memory added: cat is Miso"])
    (answer,) = store.turns(sid)
    assert answer.notes == ["refused remember(x): not your words", "memory added: cat is Miso"]
    assert answer.replaced == "The key is [REDACTED]"


def test_resolve_prefix_and_unknown_session(tmp_path):
    import pytest

    from assistant.errors import StoreError

    store = ConversationStore(tmp_path / "h")
    sid = store.create_session()
    assert store.resolve_session(sid[:6]) == sid
    with pytest.raises(StoreError, match="no session"):
        store.resolve_session("zzzz")


WRITER = r"""
import sys, time
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from assistant.store import ConversationStore
store = ConversationStore(Path(sys.argv[1]))
sid = store.create_session()
print(sid, flush=True)
i = 0
while True:
    store.add_user_turn(sid, f"question {i}")
    store.add_assistant_turn(sid, f"answer {i} " + "x" * 5000, model="m")
    i += 1
"""


def test_sigkill_mid_write_leaves_earlier_turns_intact(tmp_path):
    home = tmp_path / "h"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(home), str(Path(__file__).parents[1])],
                            stdout=subprocess.PIPE, text=True)
    sid = proc.stdout.readline().strip()
    time.sleep(1.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = ConversationStore(home)
    turns = store.turns(sid)
    assert len(turns) > 10
    # Every committed pair is whole: turns alternate and the numbering has no gaps.
    users = [t.content for t in turns if t.role == "user"]
    assert users == [f"question {i}" for i in range(len(users))]
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.add_user_turn(sid, "resumed")  # the session goes on
    assert store.turns(sid)[-1].content == "resumed"


def test_two_processes_write_one_database(tmp_path):
    home = tmp_path / "h"
    ConversationStore(home).close()
    script = r"""
import sys
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from assistant.store import ConversationStore
s = ConversationStore(Path(sys.argv[1]))
sid = s.create_session(title=sys.argv[3])
for i in range(100):
    s.add_user_turn(sid, f"{sys.argv[3]} {i}")
"""
    procs = [subprocess.Popen([sys.executable, "-c", script, str(home), str(Path(__file__).parents[1]), name])
             for name in ("alpha", "beta")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    store = ConversationStore(home)
    for s in store.list_sessions():
        assert len(store.turns(s.id)) == 100
    assert sqlite3.connect(store.path).execute("SELECT COUNT(*) FROM turns").fetchone()[0] == 200
