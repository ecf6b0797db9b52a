"""A reply that only declines ("I'm sorry, but I can't assist with that request.") about what the
tools read from the user's own file is asked again; without any evidence it stands."""

from __future__ import annotations

from pathlib import Path

import pytest
from _scripted_app import app_with

from assistant.answer_checks import is_refusal
from assistant.events import AnswerDone, TextDelta
from assistant.models.scripted import ScriptedChatModel
from assistant.session import Turn
from tests.test_agent_logic import make_session

DATA = Path(__file__).parent / "data"
REFUSAL = "I'm sorry, but I can't assist with that request."


@pytest.mark.parametrize(("reply", "refusal"), [
    (REFUSAL, True),
    ("I can\u2019t help with that.", True),
    ("Sorry, I cannot provide that information.", True),
    ("I can't find a Carlsberg box in these photos; the closest match is IMG_7203.jpg.", False),
    ("I'm sorry to hear that. The error means the list was empty.", False),
])
def test_a_refusal_is_a_short_reply_that_only_declines(reply: str, refusal: bool) -> None:
    assert is_refusal(reply) is refusal


def test_a_refusal_after_the_tools_read_a_file_is_asked_again_and_never_shown() -> None:
    chat = ScriptedChatModel([REFUSAL, "The list passed to the average was empty."])
    events = list(app_with(chat).session().send(Turn("What went wrong here?", [DATA / "traceback.png"])))
    done = events[-1]
    assert isinstance(done, AnswerDone) and len(chat.received) == 2
    streamed = "".join(e.text for e in events if isinstance(e, TextDelta))
    assert REFUSAL not in streamed and REFUSAL not in done.text
    assert "The list passed to the average was empty." in done.text and done.replaced == REFUSAL
    assert any("declined what the tools had read" in n for n in done.notes)


def test_a_refusal_with_no_evidence_stands() -> None:
    chat = ScriptedChatModel([REFUSAL, "should not be asked"])
    session, _ = make_session(chat, tools="auto")
    done = list(session.send(Turn("Tell me my neighbour's bank PIN.")))[-1]
    assert isinstance(done, AnswerDone) and done.text == REFUSAL and len(chat.received) == 1
