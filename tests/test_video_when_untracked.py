""""When does he raise his hand?" about a video: nothing here can find that, and the answer says
so with the picture's cuts instead of a guessed time (assistant/video_when_untracked.py).

The committed clip tests/data/error_at_8s.mp4: red 0-4 s, green 4-8 s, blue with "ERROR" 8-12 s.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _scripted_app import app_with

from assistant.events import AnswerDone
from assistant.models.scripted import ScriptedChatModel
from assistant.session import Turn

CLIP = Path(__file__).parent / "data" / "error_at_8s.mp4"


def ask(question: str) -> tuple[AnswerDone, ScriptedChatModel]:
    chat = ScriptedChatModel(["The model's answer."])
    done = list(app_with(chat).session().send(Turn(question, [CLIP])))[-1]
    assert isinstance(done, AnswerDone)
    return done, chat


@pytest.mark.parametrize("question", ["At what point does he raise his hand?",
                                      "When does the purple minion first show up in this clip?"])
def test_an_event_no_tool_finds_is_not_guessed(question: str) -> None:
    done, chat = ask(question)
    assert not chat.received  # no model: it answered with the first person's time before
    assert done.text.startswith("I can't tell that from error_at_8s.mp4")
    assert "The picture cuts at 4.0 s, 8.0 s;" in done.text


@pytest.mark.parametrize("question", ["When does the error screen come up?",  # its word is on screen
                                      "When was this video recorded?"])  # about the file
def test_questions_the_readings_may_answer_go_to_the_model(question: str) -> None:
    done, chat = ask(question)
    assert chat.received and "The model's answer." in done.text
