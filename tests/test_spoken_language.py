"""A recording in a language the question names goes to the multilingual Whisper model, in that
language or translated to English when the user asks what it means. Real Whisper base on the
committed Spanish recording; only the chat model is scripted."""

from __future__ import annotations

import pytest
from _scripted_app import app_with
from _speech_helpers import SPANISH

from assistant.events import AnswerDone
from assistant.models.scripted import ScriptedChatModel
from assistant.session import Turn
from assistant.spoken_language import named_language, wants_english


@pytest.mark.parametrize(("question", "code", "english"), [
    ("I don't speak Spanish - what is she saying in this recording?", "es", True),
    ("Transcribe this French voicemail.", "fr", False),
    ("Translate this German clip", "de", True),
    ("What is said in this recording?", None, False),
    ("Is this an English lesson?", None, False),
])
def test_the_language_a_question_names_and_whether_it_wants_english(question, code, english):
    assert named_language(question) == code and wants_english(question) == english


@pytest.mark.slow
def test_a_named_language_is_read_by_the_multilingual_model_and_translated_when_asked():
    chat = ScriptedChatModel(["She says it is hot and they are going to the beach [E1]."])
    app = app_with(chat)
    done = list(app.session().send(Turn("I don't speak Spanish - what is she saying?", [SPANISH])))[-1]
    assert isinstance(done, AnswerDone)
    (call,) = done.tool_calls
    assert call["name"] == "transcribe" and call["arguments"]["language"] == "es" and call["arguments"]["translate"]
    heard = call["result"]["text"].lower()
    assert "beach" in heard and ("hot" in heard or "heat" in heard) and "playa" not in heard
    words = list(app.session().send(Turn("Transcribe this Spanish recording.", [SPANISH])))[-1]
    assert "playa" in words.text.lower() and "calor" in words.text.lower() and chat.received[1:] == []
