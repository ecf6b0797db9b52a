"""The TUI and CLI calls share one data dir at the same time: nothing lost, nothing corrupt."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.store import ConversationStore
from tests.test_tui import make_app, ready, send, wait_until

pytestmark = [pytest.mark.anyio, pytest.mark.slow]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.timeout(180)
async def test_tui_turns_and_cli_calls_at_once(tmp_path: Path, isolated_env: Path) -> None:
    script = tmp_path / "cli.json"
    script.write_text(json.dumps(["CLI answer " + "word " * 30]))
    answer = "TUI answer " + " ".join(f"w{i}" for i in range(60))
    # ~3.6 s of streaming per turn: longer than a fresh `assistant ask`, which must overlap it.
    app, _ = make_app([answer, answer, answer], delay=0.06)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    cli_runs = 4
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        procs: list[subprocess.Popen[str]] = []
        running_during_turn = 0
        for turn in range(3):
            await send(pilot, app, f"tui question {turn}", wait=False)
            # CLI calls start while the TUI is streaming and writing its turn.
            assert app.busy
            while len(procs) < min(cli_runs, (turn + 1) * 2):
                procs.append(subprocess.Popen(
                    [sys.executable, "-m", "assistant", "--home", str(isolated_env), "ask",
                     f"cli question {len(procs)}", "--model", f"scripted:{script}", "--json"],
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env))
            await pilot.pause(0.3)  # a CLI call takes ~0.7 s on a quiet machine, a TUI turn ~3.6 s
            if app.busy:
                running_during_turn += sum(p.poll() is None for p in procs)
            await wait_until(pilot, lambda: not app.busy, timeout=60, what="TUI turn end")
        results = [p.communicate(timeout=120) for p in procs]
        assert running_during_turn > 0  # the CLI processes really ran alongside TUI turns
        assert [p.returncode for p in procs] == [0] * cli_runs, [err[-500:] for _, err in results]
        tui_session = app.controller.session_id

    store = ConversationStore(isolated_env)
    try:
        tui_turns = store.turns(tui_session)
        assert [(t.role, t.status) for t in tui_turns] == [("user", "complete"), ("assistant", "complete")] * 3
        assert [t.content for t in tui_turns if t.role == "user"] == [f"tui question {i}" for i in range(3)]
        assert all(t.content == answer for t in tui_turns if t.role == "assistant")
        cli_sessions = {json.loads(out)["session_id"] for out, _ in results}
        assert len(cli_sessions) == cli_runs and tui_session not in cli_sessions
        for sid in cli_sessions:
            turns = store.turns(sid)
            assert [t.role for t in turns] == ["user", "assistant"] and turns[1].content.startswith("CLI answer")
        assert len(store.list_sessions()) == cli_runs + 1
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        store.close()
    conn = sqlite3.connect(isolated_env / "conversations.sqlite3")
    assert conn.execute("SELECT COUNT(*) FROM turns").fetchone()[0] == 6 + 2 * cli_runs
    conn.close()
