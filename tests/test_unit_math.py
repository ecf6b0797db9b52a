"""Unit conversions in a plain question are worked out exactly, without the model."""

from __future__ import annotations

import pytest
from _scripted_app import app_with

from assistant.events import AnswerDone
from assistant.models.scripted import ScriptedChatModel
from assistant.session import Turn
from assistant.unit_math import unit_answer


@pytest.mark.parametrize(("question", "answer"), [
    ("how many litres are in 2 US gallons?", "2 US gallons = **7.57 litres** (1 US gallon = 3.7854 litres)."),
    ("Convert 100 degrees Fahrenheit to Celsius.", "100 °F = **37.8 °C**."),
    ("recipe says 250 g of butter, how many ounces is that?",
     "250 grams = **8.82 ounces** (1 gram = 0.0353 ounces)."),
    ("the speed limit says 65 mph. what's that in km/h?", "65 mph = **104.6 km/h** (1 mph = 1.6093 km/h)."),
    ("how tall is 180 cm in feet and inches?", "180 cm = **5 feet 10.9 inches**."),
    ("How many seconds are in 2 hours?", "2 hours = **7,200 seconds** (1 hour = 3,600 seconds)."),
    ("how many inches is 1 foot?", "1 foot = **12 inches**."),
    ("whats 5 miles in km?", "5 miles = **8.05 km** (1 mile = 1.6093 km)."),
])
def test_one_quantity_in_another_unit(question, answer):
    assert unit_answer(question) == answer


@pytest.mark.parametrize("question", [
    "I ran 5 km in 25 minutes, what's my pace?",  # two quantities: not a conversion
    "how many people live in 3 cities?",  # not a unit
    "how many ounces in a cup?",  # no amount given
    "how many kg is 5 miles?",  # kinds that do not convert
    "What is 17 times 23?",
])
def test_anything_else_is_left_to_the_model(question):
    assert unit_answer(question) == ""


def test_the_conversion_needs_no_model():
    chat = ScriptedChatModel(["2 US gallons is 3.785 litres."])
    app = app_with(chat)
    last = list(app.session().send(Turn("how many litres are in 2 US gallons?")))[-1]
    assert isinstance(last, AnswerDone) and chat.received == [] and last.tool_calls == []
    assert last.text.startswith("2 US gallons = **7.57 litres**") and "answered by exact unit conversion" in last.notes
