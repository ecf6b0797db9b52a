"""Math the model writes in LaTeX, made readable in a terminal.

Small models answer arithmetic the way their training data did: ``\\( x = \\frac{300 \\times 10}{4}
= 750 \\text{ grams} \\)`` and ``\\(\\boxed{750}\\)``. Neither the terminal nor the TUI's Markdown
renders LaTeX, so a person reads backslashes and braces. Math between ``\\( \\)`` or ``\\[ \\]``
becomes plain text ("(300 × 10)/4 = 750 grams", "750"); text in code (fenced blocks and inline
backticks) is never touched, and nothing outside those delimiters changes, so a "$" stays money.

``MathText`` does the same to a stream: text flows through at once, except from an opening
delimiter to its closing one (held, then shown converted), so what streams is what is stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_OPENERS = {"\\(": "\\)", "\\[": "\\]"}
MAX_HELD = 1500
"""An opening delimiter never closed within this many characters is shown as written."""

_WRAPPERS = re.compile(r"\\(boxed|text|textbf|textit|textrm|mathrm|mathbf|mathit|operatorname|mbox)\s*\{")
_FRAC = re.compile(r"\\[dt]?frac\s*\{")
_SQRT = re.compile(r"\\sqrt\s*\{")
_SYMBOLS = {
    "times": "×", "cdot": "·", "div": "÷", "pm": "±", "mp": "∓", "approx": "≈", "neq": "≠", "ne": "≠",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "infty": "∞", "pi": "π", "theta": "θ", "alpha": "α",
    "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ", "lambda": "λ", "mu": "μ", "sigma": "σ",
    "Sigma": "Σ", "omega": "ω", "Omega": "Ω", "rightarrow": "→", "to": "→", "Rightarrow": "⇒",
    "leftarrow": "←", "implies": "⇒", "degree": "°", "circ": "°", "sum": "Σ", "prod": "Π", "ldots": "…",
    "dots": "…", "cdots": "…", "quad": " ", "qquad": " ", "%": "%", "$": "$", "{": "{", "}": "}",
    "&": "&", "#": "#", "_": "_", ",": " ", ";": " ", ":": " ", "!": "", " ": " ",
}
_SYMBOL = re.compile(r"\\([A-Za-z]+|[%$&#_{},;:! ])")
_SPACES = re.compile(r"[ \t]{2,}")


def _group(text: str, start: int) -> tuple[str, int]:
    """The brace group whose "{" is at ``start``: its inside and the index after its "}"."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{" and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif text[i] == "}" and text[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[start + 1:i], i + 1
    return text[start + 1:], len(text)


def _simple(part: str) -> bool:
    return re.fullmatch(r"[\w.,]+", part.strip()) is not None


def _fraction(text: str, start: int) -> tuple[str, int]:
    top, end = _group(text, start)
    bottom, end = _group(text, end) if end < len(text) and text[end] == "{" else ("", end)
    top, bottom = latex_to_plain(top), latex_to_plain(bottom)
    return f"{top if _simple(top) else f'({top})'}/{bottom if _simple(bottom) else f'({bottom})'}", end


def _root(text: str, start: int) -> tuple[str, int]:
    inside, end = _group(text, start)
    return f"√({latex_to_plain(inside)})", end


def _unwrap(text: str, start: int) -> tuple[str, int]:
    inside, end = _group(text, start)
    return latex_to_plain(inside), end


def _replace_groups(text: str, pattern: re.Pattern[str], rewrite: Callable[[str, int], tuple[str, int]]) -> str:
    """Each command the pattern finds (its "{" last) rewritten with its brace groups."""
    while (m := pattern.search(text)) is not None:
        new, end = rewrite(text, m.end() - 1)
        text = text[:m.start()] + new + text[end:]
    return text


def latex_to_plain(expr: str) -> str:
    """One LaTeX math expression as plain text: fractions as a/b, symbols as their characters."""
    text = _replace_groups(expr, _WRAPPERS, _unwrap)
    text = _replace_groups(text, _FRAC, _fraction)
    text = _replace_groups(text, _SQRT, _root)
    text = re.sub(r"\\(begin|end)\{\w+\*?\}", "", text)
    text = re.sub(r"\\\\", " ", text)  # a line break in an aligned block
    text = re.sub(r"(?<!\\)&", "", text)  # an alignment mark (a literal "&" is written "\&")
    text = re.sub(r"\\(left|right|big|Big|bigg|Bigg)\b\s*", "", text)
    text = re.sub(r"\^\s*(\{\s*\\circ\s*\}|\\circ)", "°", text)
    text = re.sub(r"([\^_])\{([^{}]*)\}", lambda m: m[1] + (m[2] if _simple(m[2]) else f"({m[2]})"), text)
    text = _SYMBOL.sub(lambda m: _SYMBOLS.get(m[1], m[1]), text)
    text = text.replace("{", "").replace("}", "")
    return _SPACES.sub(" ", text).strip()


def code_spans(text: str, in_fence: bool) -> list[tuple[bool, str]]:
    """The text cut into (is code, piece): fenced blocks (from ``in_fence`` on) and inline code."""
    pieces: list[tuple[bool, str]] = []
    for block in re.split(r"(```)", text):
        if block == "```":
            pieces.append((True, block))
            in_fence = not in_fence
        elif in_fence:
            pieces.append((True, block))
        else:
            pieces += [(j % 2 == 1, part) for j, part in enumerate(re.split(r"(`[^`\n]*`)", block)) if part]
    return pieces


def _convert_prose(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        return latex_to_plain(m[2] if m[2] is not None else m[3])

    return re.sub(r"(\\\((.+?)\\\)|\\\[(.+?)\\\])", one, text, flags=re.DOTALL)


def math_to_text(text: str, in_fence: bool = False) -> str:
    """An answer with its delimited math made plain; code untouched."""
    return "".join(piece if code else _convert_prose(piece) for code, piece in code_spans(text, in_fence))


class MathText:
    """``feed`` streamed text, get back what can be shown now; ``flush`` at the end."""

    def __init__(self) -> None:
        self.pending = ""
        self.in_fence = False

    def feed(self, text: str) -> str:
        self.pending += text
        cut = self._safe_end()
        return self._release(cut)

    def flush(self) -> str:
        return self._release(len(self.pending))

    def _release(self, cut: int) -> str:
        ready, self.pending = self.pending[:cut], self.pending[cut:]
        shown = math_to_text(ready, self.in_fence)
        self.in_fence = (self.in_fence + ready.count("```")) % 2 == 1
        return shown

    def _safe_end(self) -> int:
        """Where the pending text stops being safe to show: at an unclosed math opener (in prose),
        or at a trailing backslash or backtick that may start one (or a fence)."""
        text = self.pending
        position, in_fence = 0, self.in_fence
        for code, piece in code_spans(text, in_fence):
            if not code:
                held = []
                opener = _unclosed_opener(piece)
                if opener is not None and len(piece) - opener <= MAX_HELD:
                    held.append(opener)
                tick = piece.rfind("`")  # inline code still open on this line: it may hold "\("
                if tick >= 0 and "\n" not in piece[tick:] and len(piece) - tick <= MAX_HELD:
                    held.append(tick)
                if held:
                    return position + min(held)
            position += len(piece)
        ends_in_code = (in_fence + text.count("```")) % 2 == 1
        if text.endswith("\\") and not ends_in_code:
            return len(text) - 1  # may open math
        ticks = len(text) - len(text.rstrip("`"))
        if 0 < ticks < 3 and (len(text) == ticks or text[-ticks - 1] == "\n"):
            return len(text) - ticks  # may open or close a fence
        return len(text)


def _unclosed_opener(prose: str) -> int | None:
    at = 0
    while (m := re.search(r"\\[(\[]", prose[at:])) is not None:
        start = at + m.start()
        close = prose.find(_OPENERS[m[0]], start + 2)
        if close < 0:
            return start
        at = close + 2
    return None


__all__ = ["MathText", "code_spans", "latex_to_plain", "math_to_text"]
