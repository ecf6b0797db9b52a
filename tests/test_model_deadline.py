"""Issue 16, item 9: a total deadline per model call (agent.model_call_deadline).

A real local server sends one token and then SSE keep-alive comments: each read succeeds, so the
per-read openai.timeout never fires. The call must end at the deadline with one line that names
the setting, the turn stored as failed, and the session going on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.app import make_app
from assistant.events import AnswerDone, TurnFailed
from assistant.session import Turn
from assistant.settings import load_settings
from assistant.store import ConversationStore

pytestmark = pytest.mark.real_model  # the real openai backend, against the stub server

REPO = Path(__file__).resolve().parent.parent


def ask_process(stub_url: str, home: Path, deadline: float, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "OPENAI_"))}
    env.update(ASSISTANT_HOME=str(home), OPENAI_BASE_URL=stub_url, OPENAI_API_KEY="sk-test-" + "x" * 20,
               ASSISTANT_AGENT__MODEL_CALL_DEADLINE=str(deadline), XDG_CONFIG_HOME=str(home / "config"),
               ASSISTANT_MEMORY__ENABLED="false")
    return subprocess.run([sys.executable, "-m", "assistant", *argv], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.timeout(150)
def test_ask_ends_at_the_deadline_with_one_line(stub, tmp_path: Path) -> None:
    deadline = 3.0
    stub.behaviours = [("keepalive", (2.0, True))]  # one token, then a comment every 2 s
    started = time.monotonic()
    done = ask_process(stub.url, tmp_path / "home", deadline, "ask", "Tell me a story.", "--model", "openai:gpt-4o")
    ended = time.monotonic()
    asked = stub.requests[0]["at"]
    assert done.returncode == 1
    # From the request reaching the server to the process gone: the deadline, plus the few
    # tenths of a second the process needs to store the turn and exit.
    assert ended - asked < deadline + 2.0, (ended - asked, ended - started)
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    assert errors[-1].startswith("error: the model call took longer than agent.model_call_deadline (3 s)")
    assert "Traceback" not in done.stderr and len([e for e in errors if e.startswith("error:")]) == 1
    assert done.stdout.startswith("Thinking")  # what had streamed is kept on screen
    store = ConversationStore(tmp_path / "home")
    (session,) = store.list_sessions()
    question, answer = store.turns(session.id)
    assert answer.status == "failed" and answer.content == "Thinking" and "model_call_deadline" in answer.error
    assert answer.reply_to == question.id


@pytest.mark.parametrize("chunked", [True, False], ids=["chunked", "close-delimited"])
@pytest.mark.timeout(60)
def test_the_session_goes_on_and_the_connection_is_closed(stub, monkeypatch: pytest.MonkeyPatch,
                                                          chunked: bool) -> None:
    stub.behaviours = [("keepalive", (0.2, chunked)), ("text", "Fine now.")]
    monkeypatch.setenv("OPENAI_BASE_URL", stub.url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-" + "y" * 20)
    app = make_app(load_settings(model="openai:gpt-4o", agent={"model_call_deadline": 1.5}))
    try:
        session = app.session()
        first = list(session.send(Turn("Tell me a story.")))[-1]
        assert isinstance(first, TurnFailed) and "agent.model_call_deadline (1.5 s)" in first.error
        assert first.partial_text == "Thinking"
        asked = stub.requests[0]["at"]
        # The server sees its client go away at the deadline (its next keep-alive fails).
        wait_until = time.monotonic() + 5
        while stub.disconnected_at is None and time.monotonic() < wait_until:
            time.sleep(0.05)
        assert stub.disconnected_at is not None and stub.disconnected_at - asked < 1.5 + 1.0
        second = list(session.send(Turn("And now?")))[-1]
        assert isinstance(second, AnswerDone) and second.text == "Fine now."
        turns = app.store.turns(session.id)
        assert [(t.role, t.status) for t in turns] == [("user", "complete"), ("assistant", "failed"),
                                                       ("user", "complete"), ("assistant", "complete")]
    finally:
        app.close()


@pytest.mark.timeout(60)
def test_no_retry_starts_after_the_deadline(stub, monkeypatch: pytest.MonkeyPatch) -> None:
    """A server that never sends headers: the wait is cut at the deadline, not at openai.timeout
    (60 s) times the retries."""
    stub.behaviours = [("hang", 30)] * 4
    monkeypatch.setenv("OPENAI_BASE_URL", stub.url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-" + "z" * 20)
    app = make_app(load_settings(model="openai:gpt-4o", agent={"model_call_deadline": 1.0}))
    try:
        started = time.monotonic()
        done = list(app.session().send(Turn("hello")))[-1]
        assert isinstance(done, TurnFailed) and "agent.model_call_deadline" in done.error
        assert time.monotonic() - started < 1.0 + 2.5  # a first retry's back-off at most
    finally:
        app.close()


def test_local_vision_generation_stops_at_the_deadline(tmp_path_factory: pytest.TempPathFactory) -> None:
    from langchain_core.messages import HumanMessage

    from assistant.models.deadline import ModelDeadlineExceeded
    from assistant.models.registry import ModelFactory
    from assistant.models.tiny_vision import build_tiny_llava

    tiny = build_tiny_llava(tmp_path_factory.mktemp("ckpt") / "tiny-llava")
    settings = load_settings(vision={"temperature": 0, "max_new_tokens": 20000}, agent={"model_call_deadline": 0.5})
    runtime_chat = ModelFactory(settings).resolve(f"llava:{tiny}").chat.inner
    runtime = runtime_chat.runtime
    runtime.model.generation_config.eos_token_id = None  # random weights may say </s> early otherwise
    started = time.monotonic()
    with pytest.raises(ModelDeadlineExceeded, match=r"agent\.model_call_deadline \(0\.5 s\)"):
        list(runtime_chat.stream([HumanMessage("Talk for ever.")]))
    assert time.monotonic() - started < 0.5 + 1.5
    assert 0 < runtime.last_new_tokens < 20000
    assert runtime.submit(lambda: "idle").result(timeout=5) == "idle"  # the generation thread is free


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_embedded_generation_stops_at_the_deadline(shared_models_dir: Path) -> None:
    """The embedded llama.cpp server is reached over HTTP too: the deadline shuts the connection
    and llama.cpp stops generating (its slot is idle at once), not after max_tokens."""
    import urllib.request

    settings = load_settings(model="embedded:qwen2.5-coder-0.5b", agent={"model_call_deadline": 12},
                             embedded={"max_tokens": 3000, "prefix_cache": False, "temperature": 0},
                             memory={"enabled": False})
    app = make_app(settings)
    try:
        app.models.resolve()  # loaded first: the deadline is measured on the call alone
        (server,) = app.models._servers.values()
        session = app.session()
        started = time.monotonic()
        done = list(session.send(Turn("Write a very long story about a lighthouse keeper, at least 2000 words.")))[-1]
        elapsed = time.monotonic() - started
        assert isinstance(done, TurnFailed) and "agent.model_call_deadline (12 s)" in done.error, done
        assert elapsed < 12 + 2.0
        stopped = time.monotonic() + 30
        while time.monotonic() < stopped:
            slots = json.loads(urllib.request.urlopen(server.root_url + "/slots", timeout=10).read())
            if not any(slot.get("is_processing") for slot in slots):
                break
            time.sleep(0.05)
        # Generating all 3000 tokens takes minutes on this CPU; llama.cpp notices the closed
        # connection within a couple of seconds.
        assert not any(slot.get("is_processing") for slot in slots), slots
        assert time.monotonic() - started < 12 + 6
        assert done.partial_text.strip()  # it was generating when it was stopped
        assert app.store.turns(session.id)[-1].status == "failed"
    finally:
        app.close()
