"""Issue 16, item 15: each answer is linked to its question, so parallel `ask` calls on one
session (five questions stored, then five answers) are shown and exported in pairs; old rows are
linked by migration 3; an empty question stores nothing."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant import migrations
from assistant.cli import main
from assistant.store import ConversationStore

REPO = Path(__file__).resolve().parent.parent


def exported_pairs(markdown: str) -> list[tuple[str, str]]:
    """(heading, text) for each turn of an exported session, in order."""
    sections = re.split(r"^## ", markdown, flags=re.M)[1:]
    return [(s.split("\n", 1)[0], s.split("\n", 1)[1].strip()) for s in sections]


@pytest.mark.real_model  # the real openai backend, against the stub server
@pytest.mark.timeout(240)
def test_five_parallel_asks_on_one_session_export_as_their_own_pairs(stub, isolated_env: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    # The stub answers only once all five questions have arrived, the first asked last: every
    # question is stored before any answer, and the answers are stored in reverse order.
    stub.default = ("echo", (5, 0.4))
    store = ConversationStore(isolated_env)
    sid = store.create_session()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "OPENAI_"))}
    env.update(ASSISTANT_HOME=str(isolated_env), OPENAI_BASE_URL=stub.url, OPENAI_API_KEY="sk-test-" + "p" * 20,
               XDG_CONFIG_HOME=str(isolated_env / "config"), ASSISTANT_MEMORY__ENABLED="false")
    questions = [f"Question {i}: what is {i} times {i + 10}?" for i in range(5)]
    procs = []
    for q in questions:
        procs.append(subprocess.Popen([sys.executable, "-m", "assistant", "ask", q, "--session", sid,
                                       "--model", "openai:gpt-4o"], cwd=REPO, env=env, text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE))
        time.sleep(0.1)
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
    rows = store.conn.execute("SELECT id, role FROM turns WHERE session_id = ? ORDER BY id", (sid,)).fetchall()
    assert [r["role"] for r in rows] == ["user"] * 5 + ["assistant"] * 5  # stored interleaved
    store.close()

    assert main(["history", "export", sid]) == 0
    pairs = exported_pairs(capsys.readouterr().out)
    assert len(pairs) == 10
    asked = []
    for (q_head, q_text), (a_head, a_text) in zip(pairs[::2], pairs[1::2]):
        assert q_head.startswith("You") and a_head.startswith("Assistant"), (q_head, a_head)
        assert a_text == f"Answer to: {q_text}"
        asked.append(q_text)
    assert sorted(asked) == sorted(questions)

    assert main(["history", "show", sid, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    by_id = {t["id"]: t for t in shown}
    for t in shown:
        if t["role"] == "assistant":
            assert t["content"] == "Answer to: " + by_id[t["reply_to"]]["content"]
    assert main(["history", "show", sid]) == 0
    assert [text for _, text in exported_pairs(capsys.readouterr().out)] == [text for _, text in pairs]


def _version_2_database(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(home / "conversations.sqlite3", isolation_level=None)
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:2])
    assert migrations.migrate(conn) == 2
    monkeypatch.undo()
    rows = {
        "seq": ["user", "assistant", "user", "assistant"],
        "cut": ["user", "user", "assistant", "user", "assistant"],  # the first question was interrupted
        "par": ["user", "user", "assistant", "assistant"],  # two parallel asks, before the link
    }
    for sid in rows:
        conn.execute("INSERT INTO sessions VALUES (?, '', '', 0, 0)", (sid,))
    # Interleave the sessions' rows too, as concurrent writers would.
    for i in range(5):
        for sid, roles in rows.items():
            if i < len(roles):
                conn.execute("INSERT INTO turns (session_id, role, content, created_at) VALUES (?, ?, ?, 0)",
                             (sid, roles[i], f"{sid}-{i}"))
    conn.close()


def test_migration_links_old_answers_as_a_one_at_a_time_conversation(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "old-home"
    _version_2_database(home, monkeypatch)
    store = ConversationStore(home)
    try:
        assert store.schema_version == migrations.MIGRATIONS[-1][0]

        def paired(sid: str) -> list[tuple[str, str | None]]:
            turns = store.turns(sid)
            content = {t.id: t.content for t in turns}
            return [(t.content, content.get(t.reply_to)) for t in turns]

        assert paired("seq") == [("seq-0", None), ("seq-1", "seq-0"), ("seq-2", None), ("seq-3", "seq-2")]
        # The unanswered question does not shift the answers after it.
        assert paired("cut") == [("cut-0", None), ("cut-1", None), ("cut-2", "cut-1"), ("cut-3", None),
                                 ("cut-4", "cut-3")]
        # Nothing says which parallel answer was whose: linked innermost first, as brackets match.
        assert paired("par") == [("par-0", None), ("par-3", "par-0"), ("par-1", None), ("par-2", "par-1")]
        sid = store.create_session()
        q = store.add_user_turn(sid, "new")
        a = store.add_assistant_turn(sid, "answer", model="m", reply_to=q)
        assert [(t.id, t.reply_to) for t in store.turns(sid)] == [(q, None), (a, q)]
    finally:
        store.close()


@pytest.mark.parametrize("question", ["", "   ", "\n\t "])
def test_an_empty_question_is_one_line_and_stores_nothing(question: str, isolated_env: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", question, "--model", "scripted:/nonexistent.json"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.strip().splitlines() == [
        "error: the question is empty: type a question, or attach a file to ask about"]
    store = ConversationStore(isolated_env)
    try:
        assert store.list_sessions() == []
        sid = store.create_session()
    finally:
        store.close()
    assert main(["ask", question, "--session", sid]) == 1
    assert "the question is empty" in capsys.readouterr().err
    store = ConversationStore(isolated_env)
    try:
        assert store.turns(sid) == [] and len(store.list_sessions()) == 1
    finally:
        store.close()
