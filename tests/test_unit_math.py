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
    # amounts written as people write them
    ("how many ml is 2 1/2 cups of milk?", "2 1/2 US cups = **591.5 ml** (1 US cup = 236.5882 ml)."),
    ("what's 2½ tsp in ml", "2½ teaspoons = **12.32 ml** (1 teaspoon = 4.9289 ml)."),
    ("how many feet in a mile?", "1 mile = **5,280 feet**."),
    ("how many tablespoons in a cup?", "1 US cup = **16 tablespoons**."),
    ("I'm 5 feet 10 inches, what's that in cm?", "5 feet 10 inches = **177.8 cm** (1 foot = 30.48 cm)."),
    ("convert 11 stone 4 pounds to kg", "11 stone 4 pounds = **71.67 kg** (1 stone = 6.3503 kg)."),
    # areas, pressures, food energy; a misspelt unit
    ("my flat is 850 sq ft, how many square meters is that?",
     "850 square feet = **78.97 m²** (1 square foot = 0.0929 m²)."),
    ("how many acres is 2 hectares?", "2 hectares = **4.94 acres** (1 hectare = 2.4711 acres)."),
    ("32 psi in bar?", "32 psi = **2.21 bar** (1 psi = 0.0689 bar)."),
    ("how many kJ is 250 kcal?", "250 kcal = **1,046 kJ** (1 kcal = 4.184 kJ)."),
    ("it's 28 degrees celcius, what's that in farenheit?", "28 °C = **82.4 °F**."),
    ("the manual says 2 bar but my gauge reads psi. what's 2 bar in psi?", "2 bar = **29.01 psi** (1 bar = 14.5038 psi)."),
    ("my jug is only in ml.. how many ml is 1 1/2 cups? (US cups)", "1 1/2 US cups = **354.9 ml** (1 US cup = 236.5882 ml)."),
    ("my monitor is 27 inch, whats that in cm?", "27 inches = **68.58 cm** (1 inch = 2.54 cm)."),
])
def test_one_quantity_in_another_unit(question, answer):
    assert unit_answer(question) == answer


@pytest.mark.parametrize("question", [
    "I ran 5 km in 25 minutes, what's my pace?",  # two quantities: not a conversion
    "how many people live in 3 cities?",  # not a unit
    "how many ounces in a cup?",  # no amount given
    "how many kg is 5 miles?",  # kinds that do not convert
    "What is 17 times 23?",
    "What time is 9 am in London?",  # "am" is not "a m(etre)"
    "how many days are in 12/25 weeks",  # a date-like ratio is not an amount
    "how many hours is 2 hours and 30 minutes in minutes",  # two targets
    "I weigh 80 kg and I'm 180 cm, what's my BMI in kg?",  # two quantities of different kinds
])
def test_anything_else_is_left_to_the_model(question):
    assert unit_answer(question) == ""


def test_the_conversion_needs_no_model():
    chat = ScriptedChatModel(["2 US gallons is 3.785 litres."])
    app = app_with(chat)
    last = list(app.session().send(Turn("how many litres are in 2 US gallons?")))[-1]
    assert isinstance(last, AnswerDone) and chat.received == [] and last.tool_calls == []
    assert last.text.startswith("2 US gallons = **7.57 litres**") and "answered by exact unit conversion" in last.notes
