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


@pytest.mark.parametrize(("question", "answer"), [
    ("clocked in at 8:45 and out at 17:15 today, with a 30 min unpaid lunch. how many hours did i work?",
     "From 08:45 to 17:15 is 8 h 30 min; less the 30 min break, that is **8 h** (8 hours)."),
    ("I work from 9am to 5:30pm with an hour lunch break, how many hours is that?",
     "From 9:00 am to 5:30 pm is 8 h 30 min; less the 1 h break, that is **7 h 30 min** (7.5 hours)."),
    ("how long is it from 10 pm to 6:15 am?",
     "From 10:00 pm to 6:15 am (the next day) is 8 h 15 min: **8 h 15 min** (8.25 hours)."),
    ("my shift is 9:30 to 1:15, how long is that?", "From 09:30 to 13:15 is 3 h 45 min: **3 h 45 min** (3.75 hours)."),
    ("my meeting is from 2pm to 4pm, how long is it?", "From 2:00 pm to 4:00 pm is 2 h: **2 h** (2 hours)."),
    ("the call is 12:30 to 1:15, how long is it?", "From 12:30 to 13:15 is 45 min: **45 min** (0.75 hours)."),
    ("how long from 9:00 to 17:00 minus 45 minutes?",
     "From 09:00 to 17:00 is 8 h; less the 45 min break, that is **7 h 15 min** (7.25 hours)."),
    ("night shift 22:00 to 06:30, how many hours?",
     "From 22:00 to 06:30 (the next day) is 8 h 30 min: **8 h 30 min** (8.5 hours)."),
])
def test_span_between_two_clock_times(question: str, answer: str) -> None:
    assert clock_answer(question) == answer


@pytest.mark.parametrize("question", [
    "how long from 14:00 to 14:00?",  # no span to speak of
    "how long is the meeting from 3pm to 4pm if we start 10 minutes late?",  # a duration that is no break
    "I start at 9:00 and finish at 17:00",  # asks nothing
    "how long from 9:00 to 10:00 with a 2 hour break?",  # the break is longer than the span
    "9am to 5pm with a half hour lunch, how many hours?",  # a break whose length is not in figures
    "9am to 5pm with two 15 minute breaks, how many hours?",  # more than one break
    "9am to 5pm with a 30 min paid break, how many hours?",  # a paid break is worked time
    "I get off at 5pm, plus a 30 minute commute, I start at 9am, how long is my day?",  # a commute is no break
    "10:00 am EST to 1:30 pm PST, how long is the flight?",  # time zones
    "9am Monday to 5pm Tuesday, how many hours?",  # two days
    "the shop is open 9am-9pm, how long does it take to drive there?",  # asks something else
    "pill at 8am and 2pm, how long should I wait between doses?",
])
def test_not_a_plain_span(question: str) -> None:
    assert clock_answer(question) == ""
