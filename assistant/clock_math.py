""""My flight leaves at 9:40 pm and takes 7 hours 35 minutes: what time do I land?" worked out exactly.

The 1.5B added the hours and minutes right and then wrote "17:15 pm": clock arithmetic crosses
noon, midnight and the am/pm switch, which a small model slips on and a few lines of code do not.
A plain question with exactly one clock time, one or more durations and "what time ..." is
answered from the arithmetic alone, and so is one with two clock times that asks how long or how
many hours ("clocked in at 8:45, out at 17:15, 30 min unpaid lunch"); anything less clear-cut goes
to the model as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import prompts
from assistant.number_words import NUMBER_WORDS

_ASKS_TIME = re.compile(r"\bwhat time\b|\bwhen (will|do|does|should|would|am|are|is) (i|we|it|they|he|she)\b"
                        r"|\bat what time\b", re.IGNORECASE)
_CLOCK = re.compile(r"(?<![\d:.,])(\d{1,2})(?::(\d{2}))?\s*(a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])"
                    r"|(?<![\d:.,])(\d{1,2}):(\d{2})(?![\d:])|\b(noon|midday|midnight)\b", re.IGNORECASE)
_HOURS = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
                    r"(\s+and\s+a\s+half)?\s*-?\s*(?:hours?|hrs?|h)(?![a-z])(\s+and\s+a\s+half)?", re.IGNORECASE)
_MINUTES = re.compile(r"(?<![\d.,])(\d+)\s*-?\s*(minutes?|mins?|m)(?![a-z])", re.IGNORECASE)
_HALF_HOUR = re.compile(r"\bhalf an hour\b", re.IGNORECASE)
_BACKWARDS = re.compile(r"\b(before|earlier|ago)\b|\bin time\b|\bby\s+\d|\bwhat time (should|do|must|would|did) "
                        r"(i|we) (leave|start|set off|head out|go to (bed|sleep)|fall asleep)\b"
                        r"|\bwhat time (should|must|do) (i|we) (wake|get up)\b", re.IGNORECASE)
_ASKS_SPAN = re.compile(r"\bhow (many|much) (hours?|minutes?|time)\b|\bhow long\b|\btotal (hours|time)\b"
                        r"|\bhours? (did|do|have|will|would) (i|we|you|they|he|she)\b", re.IGNORECASE)
_DURATION = r"(?:\d+(?:\.\d+)?\s*-?\s*(?:hours?|hrs?|h|minutes?|mins?|m)|an?\s+hour|half\s+an\s+hour)(?![a-z])"
# A break said with its length: "a 30 min unpaid lunch", "an hour lunch break", "minus 45 minutes".
_TAKEN_OFF = re.compile(rf"{_DURATION}\s+(?:[\w-]+\s+){{0,2}}(?:break|lunch|pause)\b"
                        rf"|\b(?:break|lunch|pause)\s+(?:of\s+)?{_DURATION}"
                        rf"|\b(?:minus|less|subtract(?:ing)?|excluding|not\s+counting|take\s+off)\s+(?:an?\s+|the\s+)?{_DURATION}",
                        re.IGNORECASE)
_BREAK_WORD = re.compile(r"\b(break|breaks|lunch|pause)\b", re.IGNORECASE)
# Two times that are not one span of one day: time zones, other days, a question about something else.
_NOT_A_SPAN = re.compile(r"\b([A-Z][SD]T|UTC|GMT|CET|CEST|BST|IST|JST|AEST|AEDT)\b|(?i:\btime\s*zones?\b|\blocal time\b"
                         r"|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|yesterday)\b"
                         r"|\bhow long (does|do|did|will|would|should|must|can)\s+(it|i|we|you|they|he|she)\s+"
                         r"(take|wait|need|have|leave|stay)\b|\bhow long (to|until|till|before|after)\b"
                         r"|(?<!un)\bpaid\b|\b(two|three|four|2|3|4)\s+(\d+\s*-?\s*(min|minute)s?\s+)?breaks\b)")
# What joins the two ends of a span: "from 9 to 5", "between 9 and 5", "9-5", "in at 8:45 and out at 17:15".
_JOINED = re.compile(r"^\s*(?:-|–|to|till|until|til|and|through|thru)\s*$"
                     r"|\b(out|finish\w*|end\w*|left|leave|stop\w*|home|done|off)\b", re.IGNORECASE)
DAY = 24 * 60


@dataclass(frozen=True)
class ClockSum:
    start: int
    """Minutes after midnight."""
    minutes: int
    """Signed: negative when counting back."""
    twelve_hour: bool

    @property
    def end(self) -> int:
        return self.start + self.minutes

    def answer(self) -> str:
        days = self.end // DAY
        return prompts.render("turns", "clock_answer", start=_clock(self.start, self.twelve_hour), sign="-" if self.minutes < 0 else "+",
                              span=_span(abs(self.minutes)), end=_clock(self.end, self.twelve_hour), days=days).strip()



def _clock(minutes: int, twelve_hour: bool) -> str:
    """Minutes after midnight as the question wrote its times: "17:15" or "5:15 pm"."""
    hour, minute = divmod(minutes % DAY, 60)
    if not twelve_hour:
        return f"{hour:02d}:{minute:02d}"
    half = "am" if hour < 12 else "pm"
    return f"{(hour % 12) or 12}:{minute:02d} {half}"


def _span(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return " ".join(p for p in (f"{hours} h" if hours else "", f"{rest} min" if rest else "") if p)


def _clock_minutes(match: re.Match[str]) -> tuple[int, bool] | None:
    hour, minute, half, hour24, minute24, word = match.groups()
    if word:
        return (12 * 60 if word.lower() in ("noon", "midday") else 0), True
    if half:
        h, m = int(hour), int(minute or 0)
        if not 1 <= h <= 12 or m > 59:
            return None
        return (h % 12 + (12 if half.lower().startswith("p") else 0)) * 60 + m, True
    h, m = int(hour24), int(minute24)
    return ((h * 60 + m), False) if h <= 23 and m <= 59 else None


def _duration(text: str) -> int:
    """Minutes in "7 hours 35 minutes", "an hour and a half", "half an hour", "90 mins"."""
    total = 30.0 * len(_HALF_HOUR.findall(text))
    text = _HALF_HOUR.sub(" ", text)  # or its "an hour" would count too
    for amount, half_before, half_after in _HOURS.findall(text):
        hours = float(NUMBER_WORDS[amount.lower()] if amount.isalpha() else amount)
        total += 60 * (hours + (0.5 if half_before or half_after else 0))
    total += sum(int(amount) for amount, _unit in _MINUTES.findall(text))
    return round(total)


def clock_sum(question: str) -> ClockSum | None:
    """The clock time the question gives, moved by its durations; None unless that is clearly what
    it asks (one clock time, a duration, "what time ...")."""
    if not _ASKS_TIME.search(question):
        return None
    clocks = list(_CLOCK.finditer(question))
    if len(clocks) != 1:
        return None
    start = _clock_minutes(clocks[0])
    rest = question[:clocks[0].start()] + " " + question[clocks[0].end():]
    minutes = _duration(rest)
    if start is None or minutes <= 0:
        return None
    return ClockSum(start[0], -minutes if _BACKWARDS.search(question) else minutes, start[1])


@dataclass(frozen=True)
class ClockSpan:
    """The time between two clock times, less any break the question takes off."""

    start: int
    end: int
    """Minutes after midnight; past DAY when the span runs over midnight."""
    taken_off: int
    twelve_hour: bool

    def answer(self) -> str:
        worked = self.end - self.start - self.taken_off
        return prompts.render("turns", "clock_span_answer", start=_clock(self.start, self.twelve_hour),
                              end=_clock(self.end, self.twelve_hour),
                              span=_span(self.end - self.start), off=_span(self.taken_off) if self.taken_off else "",
                              worked=_span(worked) or "0 min", hours=_hours(worked),
                              overnight=self.end >= DAY).strip()


def _hours(minutes: int) -> str:
    """"8 hours", "7.5 hours", "1 hour": the span as a timesheet writes it."""
    shown = f"{minutes / 60:.2f}".rstrip("0").rstrip(".")
    return f"{shown} hour" + ("" if shown == "1" else "s")


def clock_span(question: str) -> ClockSpan | None:
    """The span between the question's two clock times ("in at 8:45, out at 17:15"), less a break it
    names ("with a 30 min unpaid lunch"); None unless it asks how long or how many hours. A later
    time that reads earlier runs past noon ("9:30 to 1:15") or midnight ("10 pm to 6 am")."""
    if not _ASKS_SPAN.search(question) or _NOT_A_SPAN.search(question):
        return None
    clocks = list(_CLOCK.finditer(question))
    if len(clocks) != 2:
        return None
    first, second = _clock_minutes(clocks[0]), _clock_minutes(clocks[1])
    if first is None or second is None:
        return None
    rest = question[:clocks[0].start()] + " " + question[clocks[0].end():clocks[1].start()] + " " + question[clocks[1].end():]
    if not _JOINED.search(question[clocks[0].end():clocks[1].start()]):
        return None  # "open 9am-9pm ... pill at 2pm": two times, but not the two ends of one span
    off = _duration(rest)
    if (off and not _TAKEN_OFF.search(rest)) or (not off and _BREAK_WORD.search(rest)):
        return None  # a duration that is no break, or a break whose length is not in figures: the model's
    start, end = first[0], second[0]
    if end == start:
        return None
    if end < start and not (first[1] or second[1]) and start < 13 * 60 and end < 13 * 60 and end + 12 * 60 > start:
        end += 12 * 60  # "9:30 to 1:15": read as 24-hour it would run overnight; the afternoon is meant
    elif end < start:
        end += DAY
    if off >= end - start:
        return None
    return ClockSpan(start, end, off, first[1] or second[1])


def clock_answer(question: str) -> str:
    """The worked-out answer, or "" when the question is not clock arithmetic."""
    worked = clock_sum(question) or clock_span(question)
    return worked.answer() if worked else ""


__all__ = ["ClockSpan", "ClockSum", "clock_answer", "clock_span", "clock_sum"]
