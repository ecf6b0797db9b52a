"""Sums the model worked out wrong, put right: "1200 + 96 = 1396" becomes "1200 + 96 = 1296".

A 1.5B model sets out a calculation step by step and then slips in one addition; every later
line repeats the wrong figure ("So, the total cost is $1396."). The arithmetic written before an
"=" is all the evidence needed: when it does not give the number after the "=", that number is
replaced, and so is every later mention of it in the answer.

Only plain arithmetic is checked: numbers (with $, €, £, thousands commas and a trailing % read
as hundredths) joined by + - × x * · / ÷ and brackets. Anything else before the "=" (a word, a
unit, a variable, a time such as 10:30) leaves the line alone, and so do text in code and a
running chain of steps ("27 * 60 + 30 = 1620 + 30 = 1650": 27 * 60 is 1620, then + 30). A stated
result counts as right when it is the true value rounded to the decimals it shows.

``SumCheck`` does the same to a stream: text flows through at once, except a number still being
written, so what streams is what is stored.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from fractions import Fraction

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_EXPRESSION_CHARS = re.compile(r"[\d.,$€£%()×x*·/÷+\-− \t]*$")  # on one line
_TOKEN = re.compile(rf"\s*(?:(?P<number>[$€£]?{_NUMBER}%?)|(?P<op>[+\-−×x*·/÷()]))")
_LABEL = re.compile(r"(?:step|part|line|item|question|no\.?|number|chapter|page|version|v|day|week|#)\s*$",
                    re.IGNORECASE)
_OPS = {"×": "*", "x": "*", "·": "*", "÷": "/", "−": "-"}
_HOLD = re.compile(r"(?:=\s*[$€£]?\s*[-−]?)?\d[\d,.]*%?[ \t]*(?:[+\-−×x*·/÷][ \t]*)?$|=\s*[$€£]?\s*[-−]?$")
"""A stream's tail that may still become (part of) a checked result: an "=", digits, or digits
and an operator that may start a chain."""
_CHAIN = re.compile(r"[ \t]*[+\-−×x*·/÷][ \t]*(?:[$€£]?\d|$)")
"""After a result, an operator and a number: "27 * 60 + 30 = 1620 + 30 = 1650" is a running chain
of steps (27 * 60 = 1620, then + 30), not a claim that 27 * 60 + 30 is 1620."""


@dataclass(frozen=True)
class SumFix:
    expression: str
    stated: str
    right: str

    def note(self) -> str:
        return f"{self.expression.strip()} = {self.right}, not {self.stated}"


def _literal(token: str) -> str:
    """A number as the text of a Python literal: "$1,200" -> "1200", "8%" -> "(8/100)"."""
    number = token.strip("$€£%").replace(",", "")
    return f"({number}/100)" if token.endswith("%") else number


def _evaluate(expression: str) -> Fraction | None:
    """The value of plain arithmetic, or None when the text is anything more (or not balanced)."""
    pos, parts, numbers, ops = 0, [], 0, 0
    while pos < len(expression.rstrip()):
        m = _TOKEN.match(expression, pos)
        if m is None:
            return None
        if m["number"]:
            parts.append(_literal(m["number"]))
            numbers += 1
        else:
            op = _OPS.get(m["op"], m["op"])
            parts.append(op)
            ops += op not in "()"
        pos = m.end()
    if numbers < 2 or ops < 1:
        return None
    try:
        return _eval_node(ast.parse(" ".join(parts), mode="eval").body)
    except (SyntaxError, ZeroDivisionError, ValueError):
        return None


def _eval_node(node: ast.AST) -> Fraction:
    """Exact arithmetic over the parsed expression: each literal read back from its decimal text."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return Fraction(repr(node.value))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_eval_node(node.operand)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
        a, b = _eval_node(node.left), _eval_node(node.right)
        if isinstance(node.op, ast.Add):
            return a + b
        if isinstance(node.op, ast.Sub):
            return a - b
        return a * b if isinstance(node.op, ast.Mult) else a / b
    raise ValueError("not plain arithmetic")


def _expression_before(prose: str, end: int) -> str:
    """The arithmetic just before an "=" (``prose[:end]``), "" when the line has none to check."""
    tail = _EXPRESSION_CHARS.search(prose[:end])
    text = re.split(r"[.,;]\s", tail.group() if tail else "")[-1]  # a sentence or list item ends there
    text = text.lstrip(" ,.)*")  # not a list's comma or Markdown's bold
    text = re.sub(r"^[-−+]\s+", "", text)  # a list's bullet ("- 82 + 91 = ..."), not a minus sign
    start = end - len(text)
    before = prose[:start]
    if not text.strip() or before.endswith((":", "/", "-", "^")) or (before and before[-1].isalnum()):
        return ""  # a time (10:30), a fraction or a word glued to the number
    if _LABEL.search(before):
        return ""  # "Step 2 + ..." is not a sum
    return text


def _decimals(number: str) -> int:
    return len(number.split(".", 1)[1]) if "." in number else 0


def _close_enough(true: Fraction, stated: Fraction, decimals: int) -> bool:
    """``stated`` is ``true`` rounded to ``decimals`` places (a half rounds away from zero)."""
    gap, half = abs(true - stated), Fraction(1, 2 * 10**decimals)
    return gap < half or (gap == half and abs(stated) > abs(true))


def _format(value: Fraction, like: str) -> str:
    decimals = _decimals(like)
    if value.denominator != 1:
        decimals = max(decimals, 2)
    return f"{float(value):,.{decimals}f}" if "," in like else f"{float(value):.{decimals}f}"


def fix_sums(text: str) -> tuple[str, list[SumFix]]:
    """``text`` with each wrongly worked result (and its later mentions) replaced; the fixes made."""
    from assistant.math_text import code_spans

    fixes: list[SumFix] = []
    wrong: dict[Fraction, Fraction] = {}
    fixed = "".join(piece if code else _fix_prose(piece, fixes, wrong) for code, piece in code_spans(text, False))
    return fixed, fixes


def _fix_prose(prose: str, fixes: list[SumFix], wrong: dict[Fraction, Fraction]) -> str:
    """``prose`` put right; ``wrong`` maps each result found wrong so far to its true value."""
    result: list[str] = []
    pos = 0
    for m in re.finditer(rf"(?P<eq>=\s*[$€£]?\s*)?(?P<sign>(?<![\d.,])[-−])?(?<![\d.,])(?P<number>{_NUMBER})"
                         r"(?P<percent>%?)(?![\d:]|\.\d)", prose):
        number, start = m["number"], m.start("sign") if m["sign"] else m.start("number")
        value = Fraction(number.replace(",", ""))
        replacement = (m["sign"] or "") + number
        if m["eq"] and not _CHAIN.match(prose, m.end()):
            expression = _expression_before(prose, m.start())
            true = _evaluate(expression) if expression else None
            if true is not None and m["percent"]:
                true *= 100
            stated = -value if m["sign"] else value
            if true is not None and not _close_enough(true, stated, _decimals(number)):
                replacement = _format(true, number)
                fixes.append(SumFix(expression, number, replacement))
                wrong[stated] = true
        elif not m["sign"] and not m["percent"] and value in wrong:
            replacement = _format(wrong[value], number)
        result.append(prose[pos:start] + replacement)
        pos = m.end("number")
    result.append(prose[pos:])
    return "".join(result)


class SumCheck:
    """fix_sums over a stream: each piece is shown once no number in it can still grow."""

    def __init__(self) -> None:
        self.text = ""
        self.shown = 0
        self.fixes: list[SumFix] = []

    def feed(self, piece: str) -> str:
        self.text += piece
        hold = _HOLD.search(self.text)
        return self._release(len(self.text) - len(hold.group()) if hold else len(self.text))

    def flush(self) -> str:
        return self._release(len(self.text))

    def _release(self, cut: int) -> str:
        fixed, self.fixes = fix_sums(self.text[:cut])
        out = fixed[self.shown:]
        self.shown = len(fixed)
        return out


__all__ = ["SumCheck", "SumFix", "fix_sums"]
