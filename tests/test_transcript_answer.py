""""Transcribe this" is answered with the transcript itself; a question about the words still
goes to the model. Real Whisper on a committed recording; only the chat model is scripted."""

from __future__ import annotations

from pathlib import Path

import pytest
from _scripted_app import app_with

from assistant.events import AnswerDone
from assistant.models.scripted import ScriptedChatModel
from assistant.session import Turn
from assistant.transcript_answer import asks_for_words

TRAIN = Path(__file__).parent / "data" / "speech_train.wav"  # "The train to the city leaves from the second platform."


@pytest.mark.parametrize("question", ["Transcribe this recording.", "transcribe this", "What is said in this clip?",
                                      "What does the speaker say?", "Please transcribe my voice note",
                                      "Write down what is said, please.", "What are the words of this song?"])
def test_questions_for_the_words_themselves(question):
    assert asks_for_words(question)


@pytest.mark.parametrize("question", ["What was said about the cat?", "What does he say in this recording about dogs?",
                                      "What is the speaker talking about?", "Which platform does the train leave from?",
                                      "Summarise this recording."])
def test_questions_about_the_words(question):
    assert not asks_for_words(question)


@pytest.mark.slow
def test_transcribe_this_answers_with_the_transcript_and_a_question_about_it_goes_to_the_model():
    chat = ScriptedChatModel(["From the second platform [E1]."])
    app = app_with(chat)
    done = list(app.session().send(Turn("What is said in this clip?", [TRAIN])))[-1]
    assert isinstance(done, AnswerDone) and chat.received == []
    assert done.text.startswith("**Transcript of speech_train.wav**")
    assert "> the train to the city leaves from the second platform." in done.text.lower()
    about = list(app.session().send(Turn("Which platform does the train leave from?", [TRAIN])))[-1]
    assert isinstance(about, AnswerDone) and len(chat.received) == 1 and "second platform" in about.text


@pytest.mark.parametrize(("question", "run"), [
    ("According to this reading, what might never die?", 3),
    ("What did the speaker say?", 0),  # only small words: points at no sentence
    ("Which platform does the train leave from?", 2),
])
def test_the_words_a_question_shares_in_a_row_with_a_sentence(question, run):
    from assistant.passage_lead import shared_run

    heard = ("From fairest creatures we desire increase, that thereby beauty's rose might never die. "
             "The speaker said the train to the city leaves from the second platform.")
    assert shared_run(question, heard) == run


@pytest.mark.slow
def test_a_question_that_repeats_the_recordings_words_is_answered_after_the_sentence_quoted():
    chat = ScriptedChatModel(["The evidence does not say."])
    app = app_with(chat)
    done = list(app.session().send(Turn("Where does the train to the city leave from?", [TRAIN])))[-1]
    assert isinstance(done, AnswerDone) and len(chat.received) == 1
    assert done.text.lower().startswith('**speech_train.wav says:** "the train to the city leaves from the second platform."')
    assert done.text.endswith("The evidence does not say.")
    told = chat.received[0][-1].content
    assert 'answer from it: "the train to the city leaves from the second platform."' in str(told).lower()
