"""LaTeX math in answers becomes plain text for the terminal (assistant/math_text.py)."""

from __future__ import annotations

import pytest

from assistant.math_text import MAX_HELD, MathText, latex_to_plain, math_to_text

# What the embedded 1.5B wrote for "A recipe for 4 people needs 300 g of flour. How much for 10?"
RECIPE = (
    "4. Solve for \\(x\\): \\(x = \\frac{300 \\text{ grams} \\times 10 \\text{ people}}{4 \\text{ people}}"
    " = 750 \\text{ grams}\\).\n\nTherefore, you need \\(\\boxed{750}\\) grams of flour for 10 people."
)


def test_the_recipe_answer_reads_as_plain_text() -> None:
    assert math_to_text(RECIPE) == (
        "4. Solve for x: x = (300 grams × 10 people)/(4 people) = 750 grams.\n\n"
        "Therefore, you need 750 grams of flour for 10 people."
    )


@pytest.mark.parametrize(("latex", "plain"), [
    ("\\frac{1}{2}", "1/2"),
    ("\\dfrac{a + b}{2}", "(a + b)/2"),
    ("250 \\times 30 = 7{,}500", "250 × 30 = 7,500"),
    ("\\sqrt{16} = 4", "√(16) = 4"),
    ("100^\\circ C", "100° C"),
    ("x^{2} + y^{10}", "x^2 + y^10"),
    ("\\left( 1 + \\frac{r}{n} \\right)^{nt}", "( 1 + r/n )^nt"),
    ("15\\% \\text{ of } 240 = 36", "15% of 240 = 36"),
    ("\\begin{aligned} a &= 1 \\\\ b &= 2 \\end{aligned}", "a = 1 b = 2"),
    ("\\approx 5 \\text{ ft } 10.9 \\text{ in}", "≈ 5 ft 10.9 in"),
])
def test_latex_expressions(latex: str, plain: str) -> None:
    assert latex_to_plain(latex) == plain


def test_display_math_loses_its_delimiters() -> None:
    assert math_to_text("The total:\n\\[ 250 \\times 30 = 7500 \\]\nDone.") == "The total:\n250 × 30 = 7500\nDone."


def test_code_money_and_plain_backslashes_are_untouched() -> None:
    text = (
        "Use `re.sub(r'\\(\\d+\\)', '', s)` or:\n```python\nprint('\\(x\\)')\n```\n"
        "It costs $5 and $10; the path is C:\\Users\\sam."
    )
    assert math_to_text(text) == text


def _stream(text: str, size: int) -> str:
    math = MathText()
    shown = "".join(math.feed(text[i:i + size]) for i in range(0, len(text), size))
    return shown + math.flush()


@pytest.mark.parametrize("size", [1, 2, 3, 7, 40])
def test_streamed_text_is_what_the_whole_text_converts_to(size: int) -> None:
    text = RECIPE + "\n```\nx = '\\(kept\\)'\n```\nAfter the code: \\(\\frac{3}{4}\\) and `\\(raw\\)`."
    assert _stream(text, size) == math_to_text(text)


def test_text_flows_at_once_until_math_opens() -> None:
    math = MathText()
    assert math.feed("You need ") == "You need "
    assert math.feed("\\(\\boxed{7") == ""
    assert math.feed("50}\\) grams") == "750 grams"
    assert math.feed(" of flour\\") == " of flour"  # a trailing backslash may open math: held
    assert math.feed("n") + math.flush() == "\\n"


def test_an_opener_never_closed_is_shown_as_written() -> None:
    text = "\\( " + "x" * (MAX_HELD + 10)
    math = MathText()
    assert math.feed(text) == text
    assert math.flush() == ""


def test_a_turn_streams_and_stores_the_plain_text() -> None:
    from _scripted_app import app_with

    from assistant.events import AnswerDone, TextDelta
    from assistant.models.scripted import ScriptedChatModel
    from assistant.session import Turn

    app = app_with(ScriptedChatModel([RECIPE]))
    events = list(app.session().send(Turn("A recipe for 4 needs 300 g of flour. How much for 10 people?")))
    shown = "".join(e.text for e in events if isinstance(e, TextDelta))
    done = events[-1]
    assert isinstance(done, AnswerDone)
    assert shown == done.text == math_to_text(RECIPE)
    assert "750 grams of flour" in shown and "\\" not in shown
