""""How many litres are in 2 US gallons?" worked out exactly, from a table of units.

The 1.5B gave 3.785 for 2 US gallons (one gallon's worth). A plain question that names one
quantity ("2 US gallons", "65 mph", "180 cm") and asks for it in another unit of the same kind
("how many litres", "in km/h", "to Fahrenheit", "in feet and inches") is answered from the
conversion factors alone. The amount may be a fraction ("2 1/2 cups", "¾ tsp"), "a"/"an" ("how
many feet in a mile?") or two units of one kind side by side ("5 feet 10 inches"). A question
with other numbers, units of different kinds or no clear target goes to the model as before.
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
        ("cm²", "area", 1e-4, r"square\s+centimet(?:er|re)s?|sq\.?\s*cm|cm²"),
        ("m²", "area", 1.0, r"square\s+met(?:er|re)s?|sq\.?\s*m|sqm|m²"),
        ("km²", "area", 1e6, r"square\s+kilomet(?:er|re)s?|sq\.?\s*km|km²"),
        ("square inches", "area", 0.00064516, r"square\s+inch(?:es)?|sq\.?\s*in|in²"),
        ("square feet", "area", 0.09290304, r"square\s+(?:feet|foot)|sq\.?\s*(?:ft|feet|foot)|sqft|ft²"),
        ("square yards", "area", 0.83612736, r"square\s+yards?|sq\.?\s*yds?|yd²"),
        ("square miles", "area", 2589988.110336, r"square\s+miles?|sq\.?\s*mi(?:les?)?|mi²"),
        ("acres", "area", 4046.8564224, r"acres?"),
        ("hectares", "area", 10000.0, r"hectares?|ha"),
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
        ("tablespoons", "volume", 0.01478676478125, r"tablespoons?|tbsps?|tbs"),
        ("teaspoons", "volume", 0.00492892159375, r"teaspoons?|tsps?"),
        ("km/h", "speed", 1 / 3.6, r"km/h|kmh|kph|kilomet(?:er|re)s?\s+(?:per|an|a)\s+hour"),
        ("mph", "speed", 0.44704, r"mph|miles?\s+(?:per|an|a)\s+hour"),
        ("m/s", "speed", 1.0, r"m/s|met(?:er|re)s?\s+per\s+second"),
        ("knots", "speed", 0.514444, r"knots?"),
        ("seconds", "time", 1.0, r"seconds?|secs?"),
        ("minutes", "time", 60.0, r"minutes?|mins?"),
        ("hours", "time", 3600.0, r"hours?|hrs?"),
        ("days", "time", 86400.0, r"days?"),
        ("weeks", "time", 604800.0, r"weeks?"),
        ("psi", "pressure", 6894.757293168, r"psi"),
        ("bar", "pressure", 100000.0, r"bars?"),
        ("kPa", "pressure", 1000.0, r"kilopascals?|kpa"),
        ("atm", "pressure", 101325.0, r"atmospheres?|atm"),
        ("kcal", "energy", 4184.0, r"kilocalories?|kcals?|(?:food\s+)?calories"),
        ("kJ", "energy", 1000.0, r"kilojoules?|kj"),
        ("°C", "temperature", 1.0, r"(?:degrees?\s+)?(?:celsius|celcius|centigrade)|°\s*c|c"),
        ("°F", "temperature", 1.0, r"(?:degrees?\s+)?(?:fahrenheit|farenheit|fahrenheight|farenheight)|°\s*f|f"),
        ("K", "temperature", 1.0, r"kelvins?"),
    ]
    return {spelling: Unit(name, kind, factor) for name, kind, factor, spelling in table}


UNITS = _units()
_SPELLINGS = "|".join(sorted(UNITS, key=len, reverse=True))
_UNIT = rf"(?:{_SPELLINGS})"
_FRACTIONS = {"½": 1 / 2, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 1 / 4, "¾": 3 / 4, "⅛": 1 / 8}
_VULGAR = "[" + "".join(_FRACTIONS) + "]"
# "2 1/2", "2½", "3/4", "½", "1,200", "3.5": each one amount.
_AMOUNT = rf"\d+\s+\d+/\d+|\d+\s*{_VULGAR}|{_VULGAR}|\d+/\d+|\d+(?:[.,]\d+)?|\d{{1,3}}(?:,\d{{3}})+"
_AMOUNTS = re.compile(rf"(?<![\w.,/])(?:{_AMOUNT})(?![\d/])")
# The amount is a figure, or "a"/"an"/"one" before a unit ("how many feet in a mile?").
_QUANTITY = re.compile(rf"(?<![\w.,/])(?:({_AMOUNT})\s*|(an?|one)\s+)(?:degrees?\s+)?({_UNIT})(?![\w/])",
                       re.IGNORECASE)
# "5 feet 10 inches", "11 stone 4 pounds", "2 hours and 30 minutes": one quantity in two units.
_JOINED = re.compile(r"\s*(?:,|and)?\s*", re.IGNORECASE)
_TARGET = re.compile(rf"\b(?:how many|in|into|to|as)\s+({_UNIT}(?:\s+and\s+{_UNIT})?)(?![\w/])", re.IGNORECASE)
_ASKS = re.compile(r"\bhow many\b|\bconvert\b|\bwhat(?:'s|s| is)\b.*\b(?:in|to)\b|\bhow (?:much|tall|far|long|heavy|fast|hot|cold)\b"
                   r".*\bin\b|\bin\s+\S+\s*\?\s*$", re.IGNORECASE)


def _unit(spelled: str) -> Unit | None:
    text = " ".join(spelled.lower().split())
    return next((u for s, u in UNITS.items() if re.fullmatch(s, text, re.IGNORECASE)), None)


@dataclass(frozen=True)
class Conversion:
    amount: float
    source: Unit
    targets: tuple[Unit, ...]
    shown: str = ""
    """The quantity as asked ("2 1/2 US cups", "5 feet 10 inches"); by default amount and unit."""

    def answer(self) -> str:
        quantity = self.shown or f"{_show(self.amount)} {_named(self.source.name, self.amount)}"
        return prompts.render("turns", "unit_answer", quantity=quantity, result=self._result(),
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
    if name.endswith("feet"):
        return name[:-4] + "foot"
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
    if not _ASKS.search(question):
        return None
    # The same quantity said twice ("they should be at 32 psi ... what's 32 psi in bar?") is one.
    quantities = list({(q.group(1) or q.group(2).lower(), _unit(q.group(3))): q
                       for q in _QUANTITY.finditer(question) if _unit(q.group(3))}.values())
    numbers = len(set(_AMOUNTS.findall(question)))
    if len(quantities) == 2 and numbers == 2:
        joined = _joined(question, *quantities)
        if joined is None:
            return None
        amount, source, shown, span = joined
    elif len(quantities) == 1 and numbers == (1 if quantities[0].group(1) else 0):
        figure, word, spelled = quantities[0].groups()
        number = figure or word
        unit, value = _unit(spelled), _amount(number)
        if unit is None or value is None:
            return None
        source, amount, span = unit, value, quantities[0].span()
        shown = f"{_shown_amount(number)} {_named(unit.name, value)}"
    else:
        return None
    rest = question[:span[0]] + " " + question[span[1]:]
    # The same target asked twice ("only in ml.. how many ml is that?") is one.
    targets = list({tuple(map(_unit, re.split(r"\s+and\s+", t.group(1), flags=re.IGNORECASE))): t.group(1)
                    for t in _TARGET.finditer(rest)}.values())
    if len(targets) != 1:
        return None
    wanted = tuple(u for u in (_unit(p) for p in re.split(r"\s+and\s+", targets[0], flags=re.IGNORECASE)) if u)
    if not wanted or any(u.kind != source.kind or u == source for u in wanted) or len(wanted) > 2:
        return None
    if len(wanted) == 2 and (source.kind == "temperature" or wanted[0].factor <= wanted[1].factor):
        return None
    return Conversion(amount, source, wanted, shown)


def _joined(question: str, first: re.Match, second: re.Match) -> tuple[float, Unit, str, tuple[int, int]] | None:
    """Two quantities side by side in a bigger and a smaller unit of one kind, as one amount in the
    bigger unit ("5 feet 10 inches" = 5.83 feet); None for anything else ("5 km in 25 minutes")."""
    big, small = _unit(first.group(3)), _unit(second.group(3))
    a, b = _amount(first.group(1) or first.group(2)), _amount(second.group(1) or second.group(2))
    if None in (big, small, a, b) or not _JOINED.fullmatch(question[first.end():second.start()]):
        return None
    assert big is not None and small is not None and a is not None and b is not None
    if big.kind != small.kind or big.kind == "temperature" or big.factor <= small.factor:
        return None
    shown = f"{_shown_amount(first.group(1) or first.group(2))} {_named(big.name, a)} " \
            f"{_shown_amount(second.group(1) or second.group(2))} " \
            f"{_named(small.name, b)}"
    return a + b * small.factor / big.factor, big, shown, (first.start(), second.end())


def _amount(number: str) -> float | None:
    """"2 1/2" -> 2.5, "¾" -> 0.75, "1,200" -> 1200, "3,5" -> 3.5, "a" -> 1; None for "12/25"."""
    text = number.strip().lower()
    if text in ("a", "an", "one"):
        return 1.0
    whole, _, fraction = text.rpartition(" ") if "/" in text else ("", "", text)
    if fraction and fraction[-1] in _FRACTIONS:
        whole, fraction = fraction[:-1], fraction[-1]
        return float(whole or 0) + _FRACTIONS[fraction]
    if "/" in fraction:
        top, bottom = (int(n) for n in fraction.split("/"))
        if bottom not in (2, 3, 4, 8, 16) or top >= bottom:
            return None  # a date or a ratio, not an amount
        return float(whole or 0) + top / bottom
    if re.fullmatch(r"\d{1,3}(,\d{3})+", text):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


def _shown_amount(number: str) -> str:
    """The amount as the user wrote it ("2 1/2"), words as a figure ("a" -> "1")."""
    return "1" if number.strip().lower() in ("a", "an", "one") else " ".join(number.split())


def unit_answer(question: str) -> str:
    """The worked-out conversion, or "" when the question is not one."""
    found = conversion(question)
    return found.answer() if found else ""


__all__ = ["Conversion", "UNITS", "conversion", "unit_answer"]
