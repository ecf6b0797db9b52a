"""Clock arithmetic in a plain question is worked out exactly, without the model."""

from __future__ import annotations

import pytest
from _scripted_app import app_with

from assistant.clock_math import clock_answer
from assistant.events import AnswerDone
from assistant.models.scripted import ScriptedChatModel
from assistant.session import Turn


@pytest.mark.parametrize(("question", "answer"), [
    ("My flight leaves at 9:40 pm and the trip is 7 hours 35 minutes. What time do I land?",
     "9:40 pm + 7 h 35 min = **5:15 am** the next day."),
    ("the movie starts at 7:45pm and is 2 hours 20 minutes long, what time does it end?",
     "7:45 pm + 2 h 20 min = **10:05 pm**."),
    ("If I start baking at 11:30 am and it takes an hour and a half, when will it be done?",
     "11:30 am + 1 h 30 min = **1:00 pm**."),
    ("the bus comes at 8:05 am and the ride is half an hour, what time do i get to school?",
     "8:05 am + 30 min = **8:35 am**."),
    ("What time will it be 90 minutes after 23:10?", "23:10 + 1 h 30 min = **00:40** the next day."),
    ("I need to be at work by 9:00 and the commute takes 45 minutes. What time should I leave?",
     "09:00 - 45 min = **08:15**."),
    ("I want 8 hours of sleep and my alarm is at 6:30 am. What time should I go to bed?",
     "6:30 am - 8 h = **10:30 pm** the day before."),
    ("I went to sleep at 11 pm and slept 8 hours. What time did I wake up?", "11:00 pm + 8 h = **7:00 am** the next day."),
])
def test_a_clock_time_moved_by_a_duration(question, answer):
    assert clock_answer(question) == answer


@pytest.mark.parametrize("question", [
    "my meeting is from 2pm to 4pm, how long is it?",  # two clock times: not a sum of this kind
    "what time is it in Tokyo when it's 3pm in London?",  # time zones: no duration
    "What is 17 plus 25?",
    "How many minutes are in 7 hours?",  # no clock time
    "The train leaves at 25:70, what time do I arrive after 2 hours?",  # not a time of day
])
def test_anything_else_is_left_to_the_model(question):
    assert clock_answer(question) == ""


def test_the_worked_answer_needs_no_model():
    chat = ScriptedChatModel(["It lands at 17:15 pm."])
    app = app_with(chat)
    done = list(app.session().send(Turn("My flight leaves at 9:40 pm and takes 7 hours 35 minutes. What time do I land?")))
    last = done[-1]
    assert isinstance(last, AnswerDone) and chat.received == [] and last.tool_calls == []
    assert last.text == "9:40 pm + 7 h 35 min = **5:15 am** the next day."
    assert "answered by exact clock arithmetic" in last.notes
