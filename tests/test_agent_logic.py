"""Agent logic with the scripted model: what reaches the model, which tools ran, what is stored."""

from __future__ import annotations

import httpx
import openai
from _scripted_app import StaticModels
from langchain_core.messages import HumanMessage, SystemMessage, ToolMessage

from assistant.agent_tools import agent_tool
from assistant.events import AnswerDone, TextDelta, ToolFinished, ToolStarted, TurnFailed
from assistant.models.registry import ModelHandle
from assistant.models.scripted import ScriptedChatModel
from assistant.models.text_tools import TextToolCallingModel
from assistant.session import Session, Turn
from assistant.settings import load_settings
from assistant.store import ConversationStore
from assistant.tools.errors import ToolInputError


def make_session(chat, tool_factory=None, native_tools=True, home=None, tools="always"):
    """These tests drive the tool loop itself, so every tool is offered on every turn unless a
    test asks for the planner (``tools="auto"``, the default for users)."""
    settings = load_settings()
    settings.agent = settings.agent.model_copy(update={"tools": tools})
    store = ConversationStore(settings.home)
    handle = ModelHandle("scripted:test", chat, "scripted", can_see=False, native_tools=native_tools)
    return Session(settings, store, StaticModels(handle), tools=tool_factory), store


def run(session, text, **kw):
    return list(session.send(Turn(text, **kw)))


def test_multi_step_tool_use_reaches_model_as_evidence(tmp_path):
    (tmp_path / "allowed").mkdir()
    (tmp_path / "allowed" / "notes.txt").write_text("hello")
    chat = ScriptedChatModel([
        {"tool_calls": [{"name": "list_files", "args": {}}]},
        {"tool_calls": [{"name": "current_time", "args": {}}]},
        "You have one file, notes.txt [E1], and it is Friday [E2].",
    ])
    session, store = make_session(chat)
    session.access.allow_root(tmp_path / "allowed")
    events = run(session, "Which files can you read, and what day is it?")

    started = [e.name for e in events if isinstance(e, ToolStarted)]
    finished = [e for e in events if isinstance(e, ToolFinished)]
    assert started == ["list_files", "current_time"]
    assert [f.evidence_id for f in finished] == ["E1", "E2"] and all(f.ok for f in finished)
    # The second model call saw the first tool's result as a delimited, untrusted evidence block.
    second_request = chat.received[1]
    tool_msgs = [m for m in second_request if isinstance(m, ToolMessage)]
    assert '<evidence id="E1" source="list_files" trust="untrusted">' in tool_msgs[0].content
    assert "notes.txt" in tool_msgs[0].content
    assert isinstance(second_request[0], SystemMessage) and "untrusted" in second_request[0].content
    done = events[-1]
    assert isinstance(done, AnswerDone) and done.text.startswith("You have one file")
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == done.text
    turns = store.turns(session.id)
    assert [t.role for t in turns] == ["user", "assistant"]
    assert [c.name for c in turns[1].tool_calls] == ["list_files", "current_time"]


def test_malformed_text_tool_call_is_corrected_on_retry():
    inner = ScriptedChatModel([
        '{"name": "current_time", "arguments": {"type": "object", "properties": {}}}',  # schema echoed
        '```json\n{"name": "current_time", "arguments": {}}\n```',
        "It is Friday.",
    ])
    chat = TextToolCallingModel(inner=inner, max_repairs=2)
    session, _ = make_session(chat, native_tools=False)
    events = run(session, "What day is it?")
    assert [e.name for e in events if isinstance(e, ToolFinished) and e.ok] == ["current_time"]
    repair_request = inner.received[1]
    assert "could not be used" in repair_request[-1].content and "repeat the schema" in repair_request[-1].content
    # The tool result reached the text-only model as a user message holding the evidence block.
    final_request = inner.received[2]
    assert isinstance(final_request[-1], HumanMessage) and '<evidence id="E1"' in final_request[-1].content
    assert "name \"current_time\"" in final_request[0].content  # tool list rendered into the system prompt
    assert isinstance(events[-1], AnswerDone) and events[-1].text == "It is Friday."
    # The broken JSON never streamed to the user as answer text.
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == "It is Friday."


def test_a_call_after_prose_never_streams_as_answer_text():
    inner = ScriptedChatModel([
        'Let me check the clock. {"name": "current_time", "arguments": {}}',
        "It is Friday.",
    ])
    chat = TextToolCallingModel(inner=inner, max_repairs=2)
    session, _ = make_session(chat, native_tools=False)
    events = run(session, "What day is it?")
    assert [e.name for e in events if isinstance(e, ToolFinished) and e.ok] == ["current_time"]
    streamed = "".join(e.text for e in events if isinstance(e, TextDelta))
    assert "current_time" not in streamed and "{" not in streamed
    # The narrated step ("Let me check ...") is held back as a plan; the answer is shown.
    assert streamed == "It is Friday."
    assert isinstance(events[-1], AnswerDone) and events[-1].text == "It is Friday."


def test_repairs_are_bounded():
    inner = ScriptedChatModel(['{"name": "nope", "arguments": {}}'] * 3 + ["Hello."])
    chat = TextToolCallingModel(inner=inner, max_repairs=2)
    session, _ = make_session(chat, native_tools=False)
    events = run(session, "hi")
    # Three tries with the tool list, then one last call without it, which can only be text.
    assert len(inner.received) == 4 and "Tools:" not in inner.received[3][0].content
    assert isinstance(events[-1], AnswerDone) and events[-1].text == "Hello."
    assert not [e for e in events if isinstance(e, ToolStarted)]


def _failing_tools(ctx):
    def ocr(path: str):
        if path == "bad.png":
            raise ToolInputError("bad.png is not an image; give a PNG or JPEG")
        raise RuntimeError("engine crashed")

    return [agent_tool(ocr)]


def test_tool_errors_reach_the_model_and_the_turn_goes_on():
    chat = ScriptedChatModel([
        {"tool_calls": [{"name": "ocr", "args": {"path": "bad.png"}}]},
        {"tool_calls": [{"name": "ocr", "args": {"path": "other.png"}}]},
        "I could not read either image.",
    ])
    session, store = make_session(chat, tool_factory=_failing_tools)
    events = run(session, "read them")
    finished = [e for e in events if isinstance(e, ToolFinished)]
    assert [f.ok for f in finished] == [False, False]
    assert "not an image" in finished[0].summary and "RuntimeError: engine crashed" in finished[1].summary
    errors_seen = [m.content for m in chat.received[2] if isinstance(m, ToolMessage)]
    assert "Tool ocr failed: bad.png is not an image" in errors_seen[0]
    assert "engine crashed" in errors_seen[1]
    assert isinstance(events[-1], AnswerDone)


def test_invalid_tool_arguments_go_back_to_the_model():
    chat = ScriptedChatModel([
        {"tool_calls": [{"name": "ocr", "args": {"wrong": 1}}]},
        "Sorry.",
    ])
    session, _ = make_session(chat, tool_factory=_failing_tools)
    events = run(session, "read")
    finished = [e for e in events if isinstance(e, ToolFinished)]
    assert finished and not finished[0].ok and "path" in finished[0].summary
    assert isinstance(events[-1], AnswerDone)


def test_dead_backend_fails_the_turn_and_keeps_history():
    request = httpx.Request("POST", "http://127.0.0.1:9/v1/chat/completions")
    chat = ScriptedChatModel(["First answer.", openai.APIConnectionError(request=request), "Back again."])
    session, store = make_session(chat)
    assert isinstance(run(session, "one")[-1], AnswerDone)
    failed = run(session, "two")[-1]
    assert isinstance(failed, TurnFailed) and "cannot reach" in failed.error
    # Earlier turns intact; the failed turn is recorded as failed; the session goes on.
    turns = store.turns(session.id)
    assert [(t.role, t.status) for t in turns] == [("user", "complete"), ("assistant", "complete"),
                                                    ("user", "complete"), ("assistant", "failed")]
    assert isinstance(run(session, "three")[-1], AnswerDone)
    third_request = chat.received[-1]
    assert [m.content for m in third_request if isinstance(m, HumanMessage)] == ["one", "two", "three"]


def test_cancel_keeps_partial_answer_marked_interrupted():
    chat = ScriptedChatModel(["word " * 50], delay=0.01)
    session, store = make_session(chat)
    events = []
    for event in session.send(Turn("long please")):
        events.append(event)
        if sum(isinstance(e, TextDelta) for e in events) == 5:
            session.cancel()
    failed = events[-1]
    assert isinstance(failed, TurnFailed) and failed.interrupted
    assert failed.partial_text.startswith("word word")
    stored = store.turns(session.id)[-1]
    assert stored.status == "interrupted" and stored.content.startswith("word")


def test_missing_attachment_fails_before_anything_is_stored(tmp_path):
    chat = ScriptedChatModel(["never"])
    session, store = make_session(chat)
    fake = tmp_path / "shot.png"
    fake.write_text("this is not an image")
    for path, phrase in ((tmp_path / "nope.png", "does not exist"), (fake, "is not a image")):
        failed = run(session, "what is this", attachments=[path])[-1]
        assert isinstance(failed, TurnFailed) and phrase in failed.error.replace("not an image", "not a image")
    assert store.turns(session.id) == [] and chat.received == []


def test_text_only_model_gets_attachment_note_not_pixels(tmp_path):
    from PIL import Image

    img = tmp_path / "photo.png"
    Image.new("RGB", (40, 30), "red").save(img)
    chat = ScriptedChatModel(["I cannot see images."])
    session, store = make_session(chat)
    events = run(session, "describe the dog", attachments=[img])
    sent = chat.received[0][-1]
    assert isinstance(sent.content, str) and "photo.png" in sent.content and "call ocr" in sent.content
    assert "You cannot see images" in chat.received[0][0].content
    turn = store.turns(session.id)[0]
    assert turn.attachments[0].kind == "image" and turn.attachments[0].mime == "image/png"
    assert isinstance(events[-1], AnswerDone)


def test_vision_model_gets_image_part_once_and_history_gets_a_note(tmp_path):
    from PIL import Image

    img = tmp_path / "shot.png"
    Image.new("RGB", (2000, 1000), "blue").save(img)
    chat = ScriptedChatModel(["A blue square.", "Still blue."])
    settings = load_settings()
    store = ConversationStore(settings.home)
    handle = ModelHandle("scripted:vision", chat, "scripted", can_see=True, native_tools=True, image_detail="high")
    session = Session(settings, store, StaticModels(handle))
    run(session, "what colour?", attachments=[img])
    parts = chat.received[0][-1].content
    image_parts = [p for p in parts if p["type"] == "image_url"]
    assert len(image_parts) == 1 and image_parts[0]["image_url"]["detail"] == "high"
    assert image_parts[0]["image_url"]["url"].startswith("data:image/png;base64,")
    run(session, "and now?")
    # The next turn does not resend the pixels: the earlier image is a text note.
    second = chat.received[1]
    assert all(isinstance(m.content, str) for m in second if isinstance(m, HumanMessage))
    assert "Earlier attachment: image shot.png" in second[1].content


def test_model_cannot_read_files_outside_allowed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")

    def read_tools(ctx):
        from assistant.tools.builtin import list_files

        def ocr(path: str):
            return list_files([ctx.access.check(path)])

        return [agent_tool(ocr)]

    chat = ScriptedChatModel([{"tool_calls": [{"name": "ocr", "args": {"path": str(secret)}}]}, "Refused."])
    session, _ = make_session(chat, tool_factory=read_tools)
    events = run(session, "read it")
    finished = [e for e in events if isinstance(e, ToolFinished)][0]
    assert not finished.ok and "not allowed" in finished.summary


def test_repeated_identical_call_is_refused_and_step_limit_is_a_clear_error():
    call = {"tool_calls": [{"name": "current_time", "args": {}}]}
    chat = ScriptedChatModel([call] * 20)
    session, store = make_session(chat)
    events = run(session, "loop forever")
    finished = [e for e in events if isinstance(e, ToolFinished)]
    assert finished[0].ok and not finished[1].ok and "repeated" in finished[1].summary
    assert "do not call it again" in [m for m in chat.received[2] if isinstance(m, ToolMessage)][-1].content.lower()
    failed = events[-1]
    assert isinstance(failed, TurnFailed) and "kept calling tools" in failed.error
    assert len(chat.received) == load_settings().agent.max_steps
    assert store.turns(session.id)[-1].status == "failed"


def test_cancel_stops_the_model_mid_stream_not_after_it():
    import threading
    import time as _time

    chat = ScriptedChatModel(["word " * 200], delay=0.02)  # 4 s of streaming if not interrupted
    session, store = make_session(chat)
    seen = []

    def consume():
        for event in session.send(Turn("long")):
            seen.append(event)

    worker = threading.Thread(target=consume)
    started = _time.perf_counter()
    worker.start()
    _time.sleep(0.3)
    session.cancel()
    worker.join(5)
    assert _time.perf_counter() - started < 1.5
    assert isinstance(seen[-1], TurnFailed) and seen[-1].interrupted
    assert store.turns(session.id)[-1].status == "interrupted"


def test_text_model_repeating_a_call_is_asked_for_the_answer_instead():
    call = '{"name": "current_time", "arguments": {}}'
    inner = ScriptedChatModel([call, call, "It is Friday."])
    chat = TextToolCallingModel(inner=inner, max_repairs=2)
    session, _ = make_session(chat, native_tools=False)
    events = run(session, "What day is it?")
    assert [e.name for e in events if isinstance(e, ToolFinished)] == ["current_time"]
    assert "already called current_time" in inner.received[2][-1].content
    assert isinstance(events[-1], AnswerDone) and events[-1].text == "It is Friday."


def test_text_model_inventing_arguments_cannot_disguise_a_repeat():
    # What the 0.5B really did: current_time again, with the last result pasted in as an argument.
    inner = ScriptedChatModel([
        '{"name": "current_time", "arguments": {"format": "yyyy"}}',
        '{"name": "current_time", "arguments": {"time": "Friday, 2026-11-27"}}',
        "It is 2026.",
    ])
    chat = TextToolCallingModel(inner=inner, max_repairs=2)
    session, _ = make_session(chat, native_tools=False)
    events = run(session, "What year is it?")
    assert [(e.name, e.args) for e in events if isinstance(e, ToolFinished)] == [("current_time", {})]
    assert "already called current_time" in inner.received[2][-1].content
    assert isinstance(events[-1], AnswerDone) and events[-1].text == "It is 2026."
