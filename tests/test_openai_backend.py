"""The OpenAI-compatible backend against a real local HTTP server: request shapes and faults."""

from __future__ import annotations

import pytest
from PIL import Image

from assistant.app import make_app
from assistant.events import AnswerDone, TextDelta, TurnFailed
from assistant.session import Turn
from assistant.settings import load_settings
from tests.stub_openai import app_with_stub

pytestmark = pytest.mark.real_model  # these use the real openai backend, against the stub


def app_for(stub, monkeypatch, **openai):
    return app_with_stub(stub, monkeypatch, **openai)


def test_streams_text_and_sends_image_parts_with_detail(stub, monkeypatch, tmp_path):
    img = tmp_path / "shot.png"
    Image.new("RGB", (3000, 1500), "white").save(img)
    stub.behaviours = [("text", "It is a blank white screenshot.")]
    app = app_for(stub, monkeypatch, image_detail="high")
    # The question asks for the time too, so the planner offers tools (natively, to this backend).
    events = list(app.session().send(Turn("What is on this screen, and what time is it?", [img])))
    assert isinstance(events[-1], AnswerDone) and events[-1].text == "It is a blank white screenshot."
    assert len([e for e in events if isinstance(e, TextDelta)]) >= 5  # streamed word by word
    body = stub.requests[0]["body"]
    assert body["model"] == "gpt-4o" and body["stream"] is True
    assert stub.requests[0]["auth"] == "Bearer sk-test-SECRETSECRET1234"
    user = body["messages"][-1]
    image_parts = [p for p in user["content"] if p["type"] == "image_url"]
    assert len(image_parts) == 1 and image_parts[0]["image_url"]["detail"] == "high"
    assert image_parts[0]["image_url"]["url"].startswith("data:image/png;base64,")
    # Tools are sent natively to OpenAI models.
    assert {t["function"]["name"] for t in body["tools"]} == {"current_time"}
    # The key never reaches the store.
    turns = app.store.turns(events[-1].session_id)
    assert "sk-test" not in repr(turns)


def test_low_detail_is_configurable(stub, monkeypatch, tmp_path):
    img = tmp_path / "a.jpg"
    Image.new("RGB", (100, 80), "red").save(img)
    stub.behaviours = [("text", "Red.")]
    app = app_for(stub, monkeypatch, image_detail="low")
    list(app.session().send(Turn("colour?", [img])))
    parts = stub.requests[0]["body"]["messages"][-1]["content"]
    assert [p["image_url"]["detail"] for p in parts if p["type"] == "image_url"] == ["low"]


def test_retries_429_with_retry_after_then_answers(stub, monkeypatch):
    stub.behaviours = [("status", (429, {"retry-after": "0"})), ("status", (503, {})), ("text", "Fine now.")]
    app = app_for(stub, monkeypatch, max_retries=3)
    done = list(app.session().send(Turn("hi")))[-1]
    assert isinstance(done, AnswerDone) and done.text == "Fine now."
    assert len(stub.requests) == 3


def test_wrong_api_key_is_one_clear_line(stub, monkeypatch):
    stub.behaviours = [("status", (401, {}))]
    app = app_for(stub, monkeypatch)
    failed = list(app.session().send(Turn("hi")))[-1]
    assert isinstance(failed, TurnFailed)
    assert failed.error.startswith("openai") and "rejected the API key (401)" in failed.error
    assert "sk-test" not in failed.error


def test_unreachable_server(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("ASSISTANT_OPENAI__MAX_RETRIES", "0")
    app = make_app(load_settings(model="openai:gpt-4o"))
    failed = list(app.session().send(Turn("hi")))[-1]
    assert isinstance(failed, TurnFailed) and "cannot reach" in failed.error


def test_timeout_on_a_hanging_server(stub, monkeypatch):
    stub.behaviours = [("hang", 3.0)]
    app = app_for(stub, monkeypatch, timeout=0.5, max_retries=0)
    failed = list(app.session().send(Turn("hi")))[-1]
    assert isinstance(failed, TurnFailed) and "did not answer in time" in failed.error


def test_connection_drop_mid_stream_keeps_partial_answer(stub, monkeypatch):
    stub.behaviours = [("drop_mid_stream", "The first words arrive and then")]
    app = app_for(stub, monkeypatch, max_retries=0)
    session = app.session()
    failed = list(session.send(Turn("hi")))[-1]
    assert isinstance(failed, TurnFailed) and failed.partial_text.startswith("The first words")
    stored = app.store.turns(session.id)[-1]
    assert stored.status == "failed" and stored.content.startswith("The first words")
    stub.behaviours = [("text", "Recovered.")]
    assert list(session.send(Turn("again")))[-1].text == "Recovered."


def test_malformed_stream_is_a_clear_error(stub, monkeypatch):
    stub.behaviours = [("malformed", None)]
    app = app_for(stub, monkeypatch, max_retries=0)
    failed = list(app.session().send(Turn("hi")))[-1]
    assert isinstance(failed, TurnFailed) and "\n" not in failed.error


def test_no_key_and_no_server_says_what_to_set():
    app = make_app(load_settings(model="openai:gpt-4o"))
    failed = list(app.session().send(Turn("hi")))[-1]
    assert isinstance(failed, TurnFailed) and "OPENAI_API_KEY" in failed.error
