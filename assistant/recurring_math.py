""""If I put away $250 every month, how much will I have after two and a half years?" worked out exactly.

The 1.5B answered it with an annuity formula and an interest rate nobody gave ($314.14). A sum paid
or saved at a regular interval over a stated time is one multiplication, once the periods are
counted: months in years, weeks in a year (52), days in a year (365), weeks in days. Questions that
mention interest, a rate or a percentage are left to the model (they need its assumptions said);
so are period pairs with no whole count (weeks in a month).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import prompts
from assistant.number_words import NUMBER_WORDS

_MONEY = re.compile(r"(?P<sym>[$£€])\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                    r"|(?P<num2>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?(?P<word>dollars?|bucks|euros?|pounds?|quid)\b",
                    re.IGNORECASE)
_PERIOD = r"day|week|fortnight|month|year"
_EVERY = re.compile(rf"\b(?:every|each|per|a|an|a single)\s+({_PERIOD})\b|\b(daily|weekly|fortnightly|monthly|yearly|annually)\b",
                    re.IGNORECASE)
_NUMBER = r"\d+(?:\.\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_SPAN = re.compile(rf"\b(?:after|for|in|over|within|during)\s+(?:the\s+next\s+|a\s+period\s+of\s+)?(?:(half)\s+a|({_NUMBER})"
                   rf"(\s+and\s+a\s+half)?)\s+({_PERIOD})s?\b(\s+and\s+a\s+half)?", re.IGNORECASE)
_ASKS = re.compile(r"\bhow much\b|\bwhat(?:'s| is| will| would)\b.*\b(total|saved|spent|paid|cost)\b|\bin total\b",
                   re.IGNORECASE)
_NOT_SIMPLE = re.compile(r"\binterest\b|%|\bpercent|\brate\b|\bcompound|\bapr\b|\breturns?\b|\binflation\b|\bgrow"
                         # a rate this does not count (per hour, per person, each), or the sum asked the other way
                         r"|\b(an|per|every|each|a)\s+(hour|person|head|item|unit|piece|kid|child)\b|\bhourly\b|\beach\b"
                         r"|\bto\s+(have|reach|get|hit|save\s+up|end\s+up\s+with)\b|\bgoal\b|\btarget\b",
                         re.IGNORECASE)
_MULTIPLIER = re.compile(r"\s?(k|m|bn|thousand|million|billion|grand)\b", re.IGNORECASE)
_OTHER_NUMBER = re.compile(r"\d|\b(" + "|".join(w for w in NUMBER_WORDS if len(w) > 2) + r"|couple|dozen|twice|half)\b",
                           re.IGNORECASE)
NEAR = 30
"""The interval must follow the amount within this many characters ("$4.50 on coffee every day")."""
_ADJECTIVE = {"daily": "day", "weekly": "week", "fortnightly": "fortnight", "monthly": "month", "yearly": "year",
              "annually": "year"}
# Periods of the second kind in one of the first: only counts that hold every time.
_PER = {("month", "year"): 12, ("week", "year"): 52, ("fortnight", "year"): 26, ("day", "year"): 365,
        ("day", "week"): 7, ("day", "fortnight"): 14, ("week", "fortnight"): 2}


@dataclass(frozen=True)
class RecurringSum:
    amount: float
    symbol: str
    """"$", "£", "€", or a word after the number ("euros")."""
    every: str
    periods: float
    span: str
    """The stated time as said back: "2.5 years"."""

    def answer(self) -> str:
        total = self.amount * self.periods
        return prompts.render("turns", "recurring_answer", each=self._money(self.amount), every=self.every,
                              periods=_number(self.periods), span=self.span, total=self._money(total)).strip()

    def _money(self, value: float) -> str:
        shown = f"{value:,.2f}".removesuffix(".00")
        return f"{self.symbol}{shown}" if len(self.symbol) == 1 else f"{shown} {self.symbol}"


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _count(number: str) -> float:
    return float(number) if number[0].isdigit() else float(NUMBER_WORDS[number.lower()])


def recurring_sum(question: str) -> RecurringSum | None:
    """The amount, its interval and the time; None unless exactly that is asked, with no interest."""
    if not _ASKS.search(question) or _NOT_SIMPLE.search(question):
        return None
    money, span = list(_MONEY.finditer(question)), list(_SPAN.finditer(question))
    if len(money) != 1 or len(span) != 1:
        return None
    m, s = money[0], span[0]
    # "for a year" is the time, not an interval: only an "every ..." outside it counts.
    every = [e for e in _EVERY.finditer(question) if e.end() <= s.start() or e.start() >= s.end()]
    if len(every) != 1:
        return None
    e = every[0]
    if _MULTIPLIER.match(question, m.end()):
        return None  # "$2k a month": an amount this does not read
    if not (0 <= e.start() - m.end() <= NEAR or (e[2] and 0 <= m.start() - e.end() <= 3)):
        return None  # the interval belongs to something else in the question
    rest = question[:m.start()] + question[m.end():s.start()] + question[s.end():]
    if _OTHER_NUMBER.search(_EVERY.sub(" ", rest)):
        return None  # "2 coffees a day at $4", "work 40 hours a week": more than one amount and one time
    amount = float((m["num"] or m["num2"]).replace(",", ""))
    symbol = m["sym"] or m["word"].lower()
    interval = (e[1] or _ADJECTIVE[e[2].lower()]).lower()
    half_a, number, and_half_before, unit, and_half_after = s.groups()
    length = 0.5 if half_a else _count(number) + (0.5 if and_half_before or and_half_after else 0)
    unit = unit.lower()
    if length <= 0:
        return None
    if unit == interval:
        periods = length
    elif (interval, unit) in _PER:
        periods = length * _PER[(interval, unit)]
    else:
        return None  # weeks in a month, months in days: no whole count to multiply by
    if periods != int(periods):
        return None  # half a year of days: 182.5 days is no count of payments
    span_text = f"{_number(length)} {unit}{'s' if length != 1 else ''}"
    return RecurringSum(amount, symbol, interval, periods, span_text)


def recurring_answer(question: str) -> str:
    """The worked-out answer, or "" when the question is not this kind of sum."""
    worked = recurring_sum(question)
    return worked.answer() if worked else ""


__all__ = ["RecurringSum", "recurring_answer", "recurring_sum"]
