""""How long is this video?" is answered from the measured length, without the model; a question
about something else that takes time still goes to the model. Real video decoding and Whisper."""

from __future__ import annotations

from pathlib import Path

import pytest
from _scripted_app import app_with

from assistant.duration_answer import asks_length
from assistant.events import AnswerDone
from assistant.models.scripted import ScriptedChatModel
from assistant.session import Turn

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("question", ["What is the running time of this clip?", "How long is this video?",
                                      "how long is it?", "How many seconds long is this trailer?",
                                      "How long does this recording last?"])
def test_questions_for_the_length(question):
    assert asks_length(question)


@pytest.mark.parametrize("question", ["How long does the man talk?", "How long is the pause after the intro?",
                                      "How long is a marathon?", "What happens in this video?"])
def test_other_questions(question):
    assert not asks_length(question)


@pytest.mark.slow
def test_the_length_of_a_video_and_of_a_recording_is_measured_not_asked():
    from assistant.tools.video.frames import probe

    chat = ScriptedChatModel(["It is about a dozen seconds [E1]."])
    app = app_with(chat)
    video = DATA / "error_at_8s.mp4"
    done = list(app.session().send(Turn("What is the running time of this clip?", [video])))[-1]
    seconds = probe(video).duration
    assert isinstance(done, AnswerDone) and chat.received == []
    assert done.text.startswith(f"error_at_8s.mp4 is {seconds:.1f} s long")
    heard = list(app.session().send(Turn("How long is this recording?", [DATA / "speech_train.wav"])))[-1]
    assert heard.text.startswith("speech_train.wav is 3.") and chat.received == []
