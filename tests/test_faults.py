"""Two more server faults against the real local stub: an empty stream and a 500 that persists."""

from __future__ import annotations

import pytest

from assistant.events import AnswerDone, TurnFailed
from assistant.session import Turn
from tests.stub_openai import app_with_stub

pytestmark = pytest.mark.real_model  # the real openai backend, against the stub


def app_for(stub, monkeypatch, **openai):
    return app_with_stub(stub, monkeypatch, "sk-test-FAULTSFAULTS1234", **openai)


@pytest.mark.timeout(60)
def test_empty_stream_is_a_clear_failure_and_the_session_goes_on(stub, monkeypatch):
    stub.behaviours = [("empty", None)]
    app = app_for(stub, monkeypatch, max_retries=0)
    session = app.session()
    end = list(session.send(Turn("hi")))[-1]
    assert isinstance(end, TurnFailed) and "empty answer" in end.error and "\n" not in end.error
    assert app.store.turns(session.id)[-1].status == "failed"
    stub.behaviours = [("text", "Back again.")]
    again = list(session.send(Turn("still there?")))[-1]
    assert isinstance(again, AnswerDone) and again.text == "Back again."
    assert [t.role for t in app.store.turns(session.id)] == ["user", "assistant"] * 2


@pytest.mark.timeout(60)
def test_persistent_500_gives_up_after_bounded_retries(stub, monkeypatch):
    stub.default = ("status", (500, {"retry-after": "0"}))
    app = app_for(stub, monkeypatch, max_retries=2)
    session = app.session()
    failed = list(session.send(Turn("hi")))[-1]
    assert isinstance(failed, TurnFailed)
    assert len(stub.requests) == 2 + 1  # the first try and max_retries retries, no more
    assert failed.error and "\n" not in failed.error and "500" in failed.error and "sk-test" not in failed.error
    stored = app.store.turns(session.id)
    assert [(t.role, t.status) for t in stored] == [("user", "complete"), ("assistant", "failed")]
    # The server recovers: the same session answers, with the failed turn kept in history.
    stub.default = ("text", "Recovered.")
    done = list(session.send(Turn("again")))[-1]
    assert isinstance(done, AnswerDone) and done.text == "Recovered."


@pytest.mark.timeout(60)
def test_drop_mid_stream_keeps_partial_marked_failed(stub, monkeypatch):
    stub.behaviours = [("drop_mid_stream", "Half of the answer arrives")]
    app = app_for(stub, monkeypatch, max_retries=0)
    session = app.session()
    failed = list(session.send(Turn("hi")))[-1]
    assert isinstance(failed, TurnFailed) and failed.partial_text.startswith("Half of")
    assert not failed.interrupted  # a dropped connection is a failure, not a user cancel
    stored = app.store.turns(session.id)[-1]
    assert stored.status == "failed" and stored.content.startswith("Half of") and "\n" not in (stored.error or "")
