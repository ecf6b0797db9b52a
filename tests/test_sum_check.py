"""A sum worked out wrong in an answer is put right, and only then: no false corrections."""

from __future__ import annotations

import pytest

from assistant.sum_check import SumCheck, fix_sums

WORKED = """To find the total cost, add the tax to the price.

1. **Tax:** 1200 × 0.08 = 96
2. **Total:** Total cost = 1200 + 96 = 1396

So, the total cost of the laptop including sales tax is $1,396."""


def test_a_wrong_addition_and_its_later_mentions_are_corrected() -> None:
    text, fixes = fix_sums(WORKED)
    assert "1200 + 96 = 1296" in text and "is $1,296." in text and "1396" not in text and "1,396" not in text
    assert "1200 × 0.08 = 96" in text  # the right step is left alone
    assert [f.note() for f in fixes] == ["1200 + 96 = 1296, not 1396"]


@pytest.mark.parametrize(("wrong", "right"), [
    ("82 + 91 + 77 + 90 = 350", "82 + 91 + 77 + 90 = 340"),
    ("$250 × 30 = $7,000", "$250 × 30 = $7,500"),
    ("(300 × 10)/4 = 700 grams", "(300 × 10)/4 = 750 grams"),
    ("15% × 80 = 14", "15% × 80 = 12"),
    ("3 - 10 = 7", "3 - 10 = -7"),
    ("2 x 3.5 = 6", "2 x 3.5 = 7"),
    ("10 / 4 = 2", "10 / 4 = 2.50"),
    ("x = 5 + 3 = 9", "x = 5 + 3 = 8"),  # only the numbers just before the "=" are the sum
    ("-5 + 3 = 2", "-5 + 3 = -2"),  # a sign, not a bullet
])
def test_each_kind_of_plain_arithmetic_is_checked(wrong: str, right: str) -> None:
    assert fix_sums(f"So {wrong}.")[0] == f"So {right}."


def test_a_bullet_is_not_a_minus_sign() -> None:
    text = "Steps:\n- 82 + 91 = 173\n- 173 + 77 = 250\n+ 250 + 90 = 340"
    assert fix_sums(text) == (text, [])
    assert fix_sums("Steps:\n- 82 + 91 = 174")[0] == "Steps:\n- 82 + 91 = 173"


@pytest.mark.parametrize("text", [
    "340 ÷ 4 = 85",
    "10 / 3 = 3.33 and 10 / 3 = 3.3 and 10 / 3 = 3",  # rounded to the decimals shown
    "96 / 1200 = 8%",
    "Step 2 + 3 = 9 items",  # "Step 2" is a label, not a number to add
    "Leave at 10:30 + 2 = 12:30",  # a time
    "10 / 4 = 3",  # 2.5 rounded
    "2 hours + 30 minutes = 3 hours",  # units: not plain arithmetic
    "`a = 1 + 1 = 3`",  # inline code
    "```python\nprint(1 + 1 == 3)  # 1 + 1 = 3\n```",  # a code block
    "The ratio 1,5 + 2,5 = 4 in French notation",  # decimal commas are not read as thousands
    "a1 + 2 = 7",
    "27 minutes 30 seconds = 27 * 60 + 30 = 1620 + 30 = 1650 seconds",  # a running chain of steps
    "0.104713/(1/12) = 0.104713 × 12 = 1.256556",  # a restated expression, then its value
])
def test_what_is_not_plain_arithmetic_or_is_right_is_left_alone(text: str) -> None:
    assert fix_sums(text) == (text, [])


def test_streamed_in_any_pieces_it_shows_what_is_stored() -> None:
    expected, _ = fix_sums(WORKED)
    for size in (1, 2, 3, 7, 50):
        check = SumCheck()
        chain = "So 27 * 60 + 30 = 1620 + 30 = 1650 s, and 1620 + 30 = 1650."
        assert "".join(check.feed(chain[i:i + size]) for i in range(0, len(chain), size)) + check.flush() == chain
        check = SumCheck()
        shown = []
        for i in range(0, len(WORKED), size):
            shown.append(check.feed(WORKED[i:i + size]))
            assert expected.startswith("".join(shown))  # nothing shown is taken back
        assert "".join(shown) + check.flush() == expected
        assert [f.stated for f in check.fixes] == ["1396"]


def test_text_without_numbers_streams_through_at_once() -> None:
    check = SumCheck()
    assert check.feed("Canberra is the capital") == "Canberra is the capital"
    assert check.feed(" of Australia. It has 4") == " of Australia. It has "
    assert check.feed("56,000 people") + check.flush() == "456,000 people"


def test_a_turn_streams_and_stores_the_corrected_sum_and_says_so() -> None:
    from _scripted_app import app_with

    from assistant.events import AnswerDone, TextDelta
    from assistant.models.scripted import ScriptedChatModel
    from assistant.session import Turn

    app = app_with(ScriptedChatModel([WORKED]))
    events = list(app.session().send(Turn("A laptop costs $1,200 plus 8% sales tax. What do I pay in total?")))
    shown = "".join(e.text for e in events if isinstance(e, TextDelta))
    done = events[-1]
    assert isinstance(done, AnswerDone)
    assert shown == done.text and "$1,296." in shown and "1396" not in shown
    assert any("1200 + 96 = 1296, not 1396" in note for note in done.notes)
