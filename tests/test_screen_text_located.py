"""Errors that print their own location: pytest failures, Swift runtime traps, and parser errors
that name the data file's line (PyYAML). The analysis names the file and line the user must open."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.answer_checks import error_facts
from assistant.tools.ocr.screen_text import analyze

PYTEST = """\
$ python -m pytest tests/test_prices.py
=================================== FAILURES ===================================
_______________________________ test_vat_rounding ______________________________

    def test_vat_rounding():
>       assert add_vat(19.99) == 23.99
E       assert 23.988 == 23.99
E        +  where 23.988 = add_vat(19.99)

tests/test_prices.py:14: AssertionError
=========================== short test summary info ============================
FAILED tests/test_prices.py::test_vat_rounding - assert 23.988 == 23.99
1 failed, 3 passed in 0.08s
"""

PYTEST_NESTED = """\
    def test_checkout():
>       order = checkout(cart)

tests/test_orders.py:22:
_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _

    def checkout(cart):
>       return cart.items[0].price * 2
E       IndexError: list index out of range

shop/orders.py:41: IndexError
"""


def test_a_pytest_assertion_names_the_test_file_line_and_comparison() -> None:
    analysis = analyze(PYTEST)
    assert analysis.kind == "python_traceback"
    assert (analysis.error_type, analysis.error_message) == ("AssertionError", "assert 23.988 == 23.99")
    assert [str(loc) for loc in analysis.locations] == ["tests/test_prices.py:14"]


def test_the_error_type_may_be_on_the_e_line() -> None:
    analysis = analyze(PYTEST.replace("E       assert 23.988", "E       AssertionError: assert 23.988"))
    assert (analysis.error_type, analysis.error_message) == ("AssertionError", "assert 23.988 == 23.99")


def test_a_failure_inside_the_code_under_test_is_its_innermost_frame() -> None:
    analysis = analyze(PYTEST_NESTED)
    assert analysis.error_type == "IndexError"
    assert [(loc.path, loc.line) for loc in analysis.locations] == [("tests/test_orders.py", 22), ("shop/orders.py", 41)]
    facts = error_facts(SimpleNamespace(analysis=analysis))
    assert facts is not None and "orders.py, line 41" in facts.lead()


def test_a_swift_trap_names_the_file_line_and_the_usual_fix() -> None:
    text = ("2025-01-09 10:12:55.101 Notes[812:44120] Loaded 3 notes\n"
            "Notes/EditorViewController.swift:118: Fatal error: Unexpectedly found nil while implicitly "
            "unwrapping an Optional value\n(lldb)")
    analysis = analyze(text)
    assert analysis.kind == "swift_error" and analysis.language == "swift"
    assert analysis.error_message == "Unexpectedly found nil while implicitly unwrapping an Optional value"
    assert [(loc.path, loc.line) for loc in analysis.locations] == [("Notes/EditorViewController.swift", 118)]
    assert "@IBOutlet" in analysis.fixes[0]
    lead = error_facts(SimpleNamespace(analysis=analysis)).lead()  # type: ignore[union-attr]
    assert "EditorViewController.swift, line 118" in lead


def test_a_yaml_error_points_at_the_yaml_line_not_the_loader() -> None:
    text = """Traceback (most recent call last):
  File "/srv/app/run.py", line 12, in <module>
    settings = yaml.safe_load(open("settings.yml"))
  File "/srv/app/.venv/lib/python3.12/site-packages/yaml/__init__.py", line 125, in safe_load
    return load(stream, SafeLoader)
  File "/srv/app/.venv/lib/python3.12/site-packages/yaml/scanner.py", line 577, in fetch_value
    raise ScannerError(None, None,
yaml.scanner.ScannerError: mapping values are not allowed here
  in "settings.yml", line 4, column 14"""
    analysis = analyze(text)
    assert (analysis.innermost.path, analysis.innermost.line, analysis.innermost.column) == ("settings.yml", 4, 14)
    assert "quotes" in analysis.fixes[0]
    lead = error_facts(SimpleNamespace(analysis=analysis)).lead()  # type: ignore[union-attr]
    assert "in `settings.yml, line 4` (the file being parsed, loaded at `run.py, line 12`)" in lead


def test_passing_pytest_output_is_not_an_error() -> None:
    analysis = analyze("$ pytest -q\n........                                   [100%]\n8 passed in 0.21s")
    assert analysis.kind != "python_traceback"


def test_make_errors_name_the_line_and_the_usual_fix() -> None:
    separator = analyze("dev@box:~/proj$ make\nMakefile:7: *** missing separator.  Stop.")
    assert (separator.kind, separator.error_message) == ("config_error", "missing separator")
    assert [(loc.path, loc.line) for loc in separator.locations] == [("Makefile", 7)]
    assert "TAB" in separator.fixes[0]
    no_rule = analyze("make: *** No rule to make target 'lib/parse.o', needed by 'tool'.  Stop.")
    assert "`lib/parse.o`" in no_rule.fixes[0]
    # "Error 1" only says a recipe failed; the error is in the lines above it, not make's own.
    assert analyze("cc -o tool main.o\nmake: *** [Makefile:5: tool] Error 1").kind != "config_error"
