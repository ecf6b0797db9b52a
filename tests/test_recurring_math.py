"""A regular amount over a stated time (assistant/recurring_math.py), worked out without the model."""

from __future__ import annotations

import pytest
from _scripted_app import app_with

from assistant.events import AnswerDone
from assistant.models.scripted import ScriptedChatModel
from assistant.recurring_math import recurring_answer
from assistant.session import Turn


@pytest.mark.parametrize(("question", "total"), [
    ("If I put away $250 every month, how much will I have saved after two and a half years?", "30 × $250 = **$7,500**"),
    ("I save £20 a week. How much will I have after a year?", "52 × £20 = **£1,040**"),
    ("if I spend $4.50 on coffee every day, how much is that in a year?", "365 × $4.50 = **$1,642.50**"),
    ("I pay 1,200 euros monthly rent, how much do I pay in 18 months?", "18 × 1,200 euros = **21,600 euros**"),
    ("If I save 50 dollars per fortnight for a year how much do i have in total?", "26 × 50 dollars = **1,300 dollars**"),
    ("how much do I spend if it's €12 a week for 10 weeks?", "10 × €12 = **€120**"),
    ("how much is 5 dollars a day for 2 weeks", "14 × 5 dollars = **70 dollars**"),
])
def test_amount_times_periods(question: str, total: str) -> None:
    answer = recurring_answer(question)
    assert total in answer and "no interest" in answer


@pytest.mark.parametrize("question", [
    "how much will $250 a month grow to in 5 years at 6% interest?",  # needs a rate's assumptions: the model's
    "I save $100 a week, how much after 3 months?",  # weeks in a month: no whole count
    "how much is $5 a day for half a year?",  # 182.5 days is no count of payments
    "what is 17 plus 25?",
    "I pay $30 a month for my phone and $10 a month for music; how much in a year?",  # two amounts
    "my rent is $900 a month",  # asks nothing
    "I earn $20 an hour and work 40 hours a week, how much in a year?",  # an hourly rate and another number
    "2 coffees a day at $4 each, how much in a week?",
    "$10 a month per person for 4 people, how much in a year?",
    "How much do I need to save each month to have $6,000 in 2 years?",  # asked the other way round
    "$2k a month for 3 years, how much in total?",  # a multiplier this does not read
])
def test_anything_else_is_left_to_the_model(question: str) -> None:
    assert recurring_answer(question) == ""


def test_the_worked_answer_needs_no_model() -> None:
    chat = ScriptedChatModel(["You will have about $314.14 with interest."])
    app = app_with(chat)
    done = list(app.session().send(Turn("If I put away $250 every month, how much will I have after two and a half years?")))
    last = done[-1]
    assert isinstance(last, AnswerDone) and chat.received == [] and last.tool_calls == []
    assert last.text == "$250 every month for 2.5 years is 30 × $250 = **$7,500** (no interest or fees counted)."
    assert "answered by exact arithmetic (a regular amount over a stated time)" in last.notes
