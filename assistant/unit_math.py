""""How many litres are in 2 US gallons?" worked out exactly, from a table of units.

The 1.5B gave 3.785 for 2 US gallons (one gallon's worth). A plain question that names one
quantity ("2 US gallons", "65 mph", "180 cm") and asks for it in another unit of the same kind
("how many litres", "in km/h", "to Fahrenheit", "in feet and inches") is answered from the
conversion factors alone; a question with more than one number, units of different kinds or
no clear target goes to the model as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import prompts


@dataclass(frozen=True)
class Unit:
    name: str
    """As shown in the answer."""
    kind: str
    factor: float
    """This unit in the kind's base unit (m, kg, l, m/s, s; temperatures are special)."""


def _units() -> dict[str, Unit]:
    table: list[tuple[str, str, float, str]] = [
        # name shown, kind, factor, spellings (regex alternatives, longest first)
        ("mm", "length", 0.001, r"millimet(?:er|re)s?|mm"),
        ("cm", "length", 0.01, r"centimet(?:er|re)s?|cm"),
        ("m", "length", 1.0, r"met(?:er|re)s?|m"),
        ("km", "length", 1000.0, r"kilomet(?:er|re)s?|kms?"),
        ("inches", "length", 0.0254, r"inch(?:es)?|in\.|\""),
        ("feet", "length", 0.3048, r"feet|foot|ft"),
        ("yards", "length", 0.9144, r"yards?|yds?"),
        ("miles", "length", 1609.344, r"miles?|mi"),
        ("mg", "mass", 1e-6, r"milligrams?|mg"),
        ("grams", "mass", 0.001, r"grams?|grammes?|g"),
        ("kg", "mass", 1.0, r"kilograms?|kilos?|kgs?"),
        ("ounces", "mass", 0.028349523125, r"ounces?|oz"),
        ("pounds", "mass", 0.45359237, r"pounds?|lbs?"),
        ("stone", "mass", 6.35029318, r"stones?|st"),
        ("ml", "volume", 0.001, r"millilit(?:er|re)s?|ml"),
        ("litres", "volume", 1.0, r"lit(?:er|re)s?|l"),
        ("US gallons", "volume", 3.785411784, r"(?:us\s+)?gallons?|gal"),
        ("imperial gallons", "volume", 4.54609, r"(?:imperial|uk|british)\s+gallons?"),
        ("US cups", "volume", 0.2365882365, r"cups?"),
        ("US fluid ounces", "volume", 0.0295735295625, r"(?:us\s+)?fluid\s+ounces?|fl\.?\s*oz"),
        ("US pints", "volume", 0.473176473, r"(?:us\s+)?pints?"),
        ("km/h", "speed", 1 / 3.6, r"km/h|kmh|kph|kilomet(?:er|re)s?\s+(?:per|an|a)\s+hour"),
        ("mph", "speed", 0.44704, r"mph|miles?\s+(?:per|an|a)\s+hour"),
        ("m/s", "speed", 1.0, r"m/s|met(?:er|re)s?\s+per\s+second"),
        ("knots", "speed", 0.514444, r"knots?"),
        ("seconds", "time", 1.0, r"seconds?|secs?"),
        ("minutes", "time", 60.0, r"minutes?|mins?"),
        ("hours", "time", 3600.0, r"hours?|hrs?"),
        ("days", "time", 86400.0, r"days?"),
        ("weeks", "time", 604800.0, r"weeks?"),
        ("°C", "temperature", 1.0, r"(?:degrees?\s+)?(?:celsius|centigrade)|°\s*c|c"),
        ("°F", "temperature", 1.0, r"(?:degrees?\s+)?fahrenheit|°\s*f|f"),
        ("K", "temperature", 1.0, r"kelvins?"),
    ]
    return {spelling: Unit(name, kind, factor) for name, kind, factor, spelling in table}


UNITS = _units()
_SPELLINGS = "|".join(sorted(UNITS, key=len, reverse=True))
_UNIT = rf"(?:{_SPELLINGS})"
_NUMBER = r"(?<![\w.,])(\d+(?:[.,]\d+)?|\d{1,3}(?:,\d{3})+)"
_QUANTITY = re.compile(rf"{_NUMBER}\s*(?:degrees?\s+)?({_UNIT})(?![\w/])", re.IGNORECASE)
_TARGET = re.compile(rf"\b(?:how many|in|into|to|as)\s+({_UNIT}(?:\s+and\s+{_UNIT})?)(?![\w/])", re.IGNORECASE)
_ASKS = re.compile(r"\bhow many\b|\bconvert\b|\bwhat(?:'s| is)\b.*\b(?:in|to)\b|\bhow (?:much|tall|far|long|heavy|fast|hot|cold)\b"
                   r".*\bin\b|\bin\s+\S+\s*\?\s*$", re.IGNORECASE)


def _unit(spelled: str) -> Unit | None:
    text = " ".join(spelled.lower().split())
    return next((u for s, u in UNITS.items() if re.fullmatch(s, text, re.IGNORECASE)), None)


@dataclass(frozen=True)
class Conversion:
    amount: float
    source: Unit
    targets: tuple[Unit, ...]

    def answer(self) -> str:
        return prompts.render("turns", "unit_answer", amount=_show(self.amount),
                              source=_named(self.source.name, self.amount), result=self._result(),
                              per=self._per()).strip()

    def _result(self) -> str:
        if len(self.targets) == 2:  # "in feet and inches"
            big, small = self.targets
            total = self.amount * self.source.factor
            whole = int(total // big.factor)
            rest = (total - whole * big.factor) / small.factor
            return f"{whole} {_named(big.name, whole)} {_show(rest, 1)} {_named(small.name, round(rest, 1))}"
        (target,) = self.targets
        if self.source.kind == "temperature":
            return f"{_show(_temperature(self.amount, self.source.name, target.name), 1)} {target.name}"
        value = self.amount * self.source.factor / target.factor
        return f"{_show(value)} {_named(target.name, float(_show(value).replace(',', '')))}"

    def _per(self) -> str:
        """One source unit in the target unit, the factor behind the answer."""
        if self.source.kind == "temperature" or len(self.targets) != 1 or self.amount == 1:
            return ""
        return f"1 {_named(self.source.name, 1)} = {_show(self.source.factor / self.targets[0].factor, 4)} " \
               f"{self.targets[0].name}"


def _named(name: str, amount: float) -> str:
    """"1 mile", "1 foot", "1 inch"; abbreviations ("km", "m/s", "°C") as they are."""
    if amount != 1 or "/" in name:
        return name
    if name == "feet":
        return "foot"
    return name if not name.endswith("s") else name[:-2] if name.endswith("ches") else name[:-1]


def _temperature(value: float, source: str, target: str) -> float:
    kelvin = {"°C": value + 273.15, "°F": (value - 32) * 5 / 9 + 273.15, "K": value}[source]
    return {"°C": kelvin - 273.15, "°F": (kelvin - 273.15) * 9 / 5 + 32, "K": kelvin}[target]


def _show(value: float, decimals: int | None = None) -> str:
    if decimals is None:
        decimals = 0 if value == int(value) else 1 if abs(value) >= 100 else 2 if abs(value) >= 1 else 3
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def conversion(question: str) -> Conversion | None:
    """The question's one quantity and the unit(s) it asks for; None unless that is clear."""
    if not _ASKS.search(question) or len(re.findall(r"\d+(?:[.,]\d+)*", question)) != 1:
        return None
    quantities = list(_QUANTITY.finditer(question))
    if len(quantities) != 1:
        return None
    number, spelled = quantities[0].groups()
    source = _unit(spelled)
    rest = question[:quantities[0].start()] + " " + question[quantities[0].end():]
    targets = [t.group(1) for t in _TARGET.finditer(rest)]
    if source is None or len(targets) != 1:
        return None
    wanted = tuple(u for u in (_unit(p) for p in re.split(r"\s+and\s+", targets[0], flags=re.IGNORECASE)) if u)
    if not wanted or any(u.kind != source.kind or u == source for u in wanted) or len(wanted) > 2:
        return None
    if len(wanted) == 2 and (source.kind == "temperature" or wanted[0].factor <= wanted[1].factor):
        return None
    amount = float(number.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", number) else number.replace(",", "."))
    return Conversion(amount, source, wanted)


def unit_answer(question: str) -> str:
    """The worked-out conversion, or "" when the question is not one."""
    found = conversion(question)
    return found.answer() if found else ""


__all__ = ["Conversion", "UNITS", "conversion", "unit_answer"]
