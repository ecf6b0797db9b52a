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


def _heard(text: str, english: str = ""):  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    rec = SimpleNamespace(ok=True, name="transcribe", result=SimpleNamespace(text=text, english=english))
    return {Path("/audio/rec_1.ogg"): [(rec, None)]}


def test_a_question_whose_key_word_is_in_one_sentence_of_the_translation_gets_that_sentence_first():
    from assistant.passage_lead import find_passage

    spanish = ("Una parte importante del hónica es el menor, un candelabro con ocho velas y una chamache. "
               "Con la chamache se enciende una vela por cada noche.")
    english = ("An important part of Hanukkah is the menorah, a candelabrum with 8 candles and a servant candle. "
               "With it one candle is lit for each night.")
    passage = find_passage("how many candles does it say the candleholder has?", _heard(spanish, english))
    assert passage is not None
    assert passage.lead() == ('**rec_1.ogg says:** "Una parte importante del hónica es el menor, un candelabro con '
                              'ocho velas y una chamache." (machine translation: "An important part of Hanukkah is the '
                              'menorah, a candelabrum with 8 candles and a servant candle.")')


@pytest.mark.parametrize("question", [
    "what does the speaker say in this recording?",  # no key word at all
    "what time is the meeting?",  # the key word is in two sentences: no one sentence to quote
])
def test_no_single_sentence_holding_the_key_words_means_no_quote(question):
    from assistant.passage_lead import find_passage

    heard = "The meeting moved to Friday. Bring the slides to the meeting. Lunch is at noon."
    assert find_passage(question, _heard(heard)) is None


def test_an_english_recording_is_quoted_by_its_own_words():
    from assistant.passage_lead import find_passage

    passage = find_passage("what am I supposed to pick up on the way home?",
                           _heard("Hi, it's me. Please remember to buy milk and bread on the way home. See you."))
    assert passage is not None and not passage.heard
    assert passage.quote == "Please remember to buy milk and bread on the way home."


def test_a_why_question_quotes_what_was_said_before_the_thing_it_asks_about():
    from assistant.passage_lead import find_passage

    said = ("okay so quick update from the site we lost most of the morning because the crane was booked "
            "for another job so the concrete pour got pushed back to friday and the pour on the second floor "
            "got pushed back too and the inspector wants to come again next week for the pour which means "
            "the whole schedule slips by at least a week and the client is not happy about it at all")
    passage = find_passage("why did the concrete pour get pushed back?", _heard(said))
    assert passage is not None and "crane was booked" in passage.quote and "pour got pushed back" in passage.quote
    # Any other question is quoted around its words, as before.
    other = find_passage("what does the inspector want to do next week?", _heard(said))
    assert other is not None and "inspector wants to come again next week" in other.quote
    assert "crane" not in other.quote
