"""The when-question parser and the noise-tolerant text match (plain text logic, no models)."""

from __future__ import annotations

import pytest

from assistant.tools.text_match import contains, find_words, tokens
from assistant.tools.when.question import WhenQuery, when_question

POSITIVE = [
    ("When does the word HELLO first appear on screen?", "HELLO", "screen"),
    ("when does HELLO first appear?", "HELLO", "screen"),
    ("At what time is 'Deploy complete' shown?", "Deploy complete", "screen"),
    ("when does the word banana show up", "banana", "screen"),
    ("When is banana said?", "banana", "speech"),
    ("at what second does he say 'milk'?", "milk", "speech"),
    ('When is the phrase "quick brown fox" mentioned?', "quick brown fox", "speech"),
    ("when do I hear the word remember", "remember", "speech"),
    ("when can I see 'ERROR' in the video?", "ERROR", "screen"),
    ("What time does Traceback pop up on the screen?", "Traceback", "screen"),
    ("At which point is kubernetes mentioned in the audio?", "kubernetes", "speech"),
    ("when does the speaker first mention Python?", "Python", "speech"),
    ("When does \u201cWelcome back\u201d appear in the video for the first time?", "Welcome back", "screen"),
    ("how far into the video does 'Chapter 2' appear?", "Chapter 2", "screen"),
    ("when is ERROR displayed on the screen?", "ERROR", "screen"),
    ("When does SUBSCRIBE come up?", "SUBSCRIBE", "either"),
    ("at what time in the video does the title Summary appear?", "Summary", "screen"),
    ("When was milk said?", "milk", "speech"),
    ("when  does   HELLO appear on screen ?", "HELLO", "screen"),
    # a marker word followed by what the text is about: the word after is what OCR looks for
    ("At what time does the caption about rodents first show up in this trailer?", "rodents", "screen"),
    ("When does a title mentioning Paris appear in the film?", "Paris", "screen"),
    ("when is the text saying 'game over' shown in the movie?", "game over", "screen"),
    # a quoted text with its marker after it
    ("When does the 'Big Buck Bunny' title show up in this trailer?", "Big Buck Bunny", "screen"),
    ('When is the "GAME OVER" message shown?', "GAME OVER", "screen"),
]

NEGATIVE = [
    "When was Python created?",
    "when did World War II end?",
    "when should I use async in Python?",
    "what does HELLO mean?",
    "when does the store open?",
    "when does the error appear?",  # a description, not a text: quote it to search for it
    "When does a label for the dog appear?",  # a marker word, then a description
    "When does the caption with a dog appear?",
    "what is said in the video?",
    "how do I print hello world?",
    "when does it appear?",
    "when does the text disappear?",
    "when is the meeting?",
    "when did the speaker start talking?",
    "",
    "at what time does the train leave?",
    "when does HELLO appear for the last time?",  # only the first appearance is searched
    "when does a dog appear on screen?",
    "When is it said?",
    "why does HELLO appear?",
    "When does the red car appear and what colour is it?",
    "when does HELLO disappear?",
    "when do I see you again?",
    "When does the title show up?",  # a marker word alone names no text
]


@pytest.mark.parametrize(("question", "text", "source"), POSITIVE)
def test_when_questions_are_recognised(question: str, text: str, source: str) -> None:
    assert when_question(question) == WhenQuery(text, source)  # type: ignore[arg-type]


@pytest.mark.parametrize("question", NEGATIVE)
def test_other_questions_are_left_to_the_model(question: str) -> None:
    assert when_question(question) is None


def test_unsaid_source_defaults_by_file_kind() -> None:
    query = when_question("When does SUBSCRIBE come up?")
    assert query is not None
    assert query.resolved(has_video=True) == "screen"
    assert query.resolved(has_video=False) == "speech"
    said = when_question("when is banana said?")
    assert said is not None and said.resolved(has_video=True) == "speech"


def test_quoting_makes_a_description_searchable() -> None:
    assert when_question("when does 'the error' appear?") == WhenQuery("the error", "screen")


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Error: HELLO world!", "hello"),
        ("HELL0 there", "hello"),  # OCR read O as 0: one slip in a 5+ letter word
        ("Deploy\ncomplete.", "deploy complete"),  # a line break is whitespace
        ("DEPLOYCOMPLETE", "deploy complete"),  # OCR ran the words together
        ("don't panic", "don't"),
        ("Made with\nM&viePy", "Made with MoviePy"),  # a letter read as a symbol inside a word
    ],
)
def test_contains_forgives_ocr_noise(text: str, phrase: str) -> None:
    assert contains(text, phrase)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("car", "cat"),  # short words must match exactly
        ("start the engine", "art"),  # no match inside a word
        ("deployed", "deploy complete"),
        ("", "hello"),
        ("hello", "  ...  "),  # nothing to look for
        ("HELLO", "hello world"),
        ("c&t", "cat"),  # a symbol for a letter is still an edit: short words stay exact
    ],
)
def test_contains_is_not_too_lenient(text: str, phrase: str) -> None:
    assert not contains(text, phrase)


def test_find_words_returns_the_raw_word_span() -> None:
    words = [" Please", " remember", " to", " buy", " milk,", " e-mail", " me."]
    assert find_words(words, "buy milk") == (3, 4)
    assert find_words(words, "Remembr") == (1, 1)
    assert find_words(words, "e-mail me") == (5, 6)
    assert find_words(words, "bread") is None
    assert tokens("Hello, WORLD!") == ["hello", "world"]


def test_an_unquoted_object_to_be_seen_goes_to_the_vision_tools_a_marked_one_to_ocr():
    from assistant.object_words import text_when_question
    from assistant.tools.sight.presence_question import PresenceQuestion
    from assistant.turn_input import readers_for
    from assistant.turn_plan import plan_turn

    question = "When do people first appear in the video?"
    assert when_question(question) == WhenQuery("people", "screen") and not when_question(question).quoted
    assert text_when_question(question) is None and readers_for("video", question) == ["video_frames"]
    assert plan_turn(question, True, has_image=False, has_video=True).presence == PresenceQuestion("first_seen", "people")
    marked = "When does the word people appear?"
    assert text_when_question(marked) == WhenQuery("people", "screen") and text_when_question(marked).quoted
    assert readers_for("video", marked) == ["find_when", "video_frames"]
    assert text_when_question("When does he say dog?") == WhenQuery("dog", "speech")  # heard, not seen


def test_a_when_question_may_be_the_last_clause_of_a_longer_one() -> None:
    query = when_question("I want to cut the credits. Who made it, and at what time does 'THE END' come up?")
    assert query == WhenQuery("THE END", "either") and query is not None and query.part
    whole = when_question("When does the word HELLO first appear on screen?")
    assert whole is not None and not whole.part
    assert when_question("Who made this video and when was it released?") is None
