"""The text tool-call parser: the shapes small models write, and the broken ones."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.models.tool_parse import could_start_tool_call, parse_tool_calls, releasable

KNOWN = {"ocr", "current_time"}


def test_plain_json_call():
    r = parse_tool_calls('{"name": "ocr", "arguments": {"path": "a.png"}}', KNOWN)
    assert [(c.name, c.args) for c in r.calls] == [("ocr", {"path": "a.png"})]
    assert not r.errors and r.text == ""


def test_fenced_call_with_prose_and_parameters_key():
    text = 'Let me read it.\n```json\n{"name": "ocr", "parameters": {"path": "/tmp/x.png"}}\n```'
    r = parse_tool_calls(text, KNOWN)
    assert [(c.name, c.args) for c in r.calls] == [("ocr", {"path": "/tmp/x.png"})]
    assert r.text == "Let me read it."


def test_tool_call_tags_and_openai_shape_and_string_arguments():
    text = '<tool_call>{"function": {"name": "ocr", "arguments": "{\\"path\\": \\"b.png\\"}"}}</tool_call>'
    r = parse_tool_calls(text, KNOWN)
    assert [(c.name, c.args) for c in r.calls] == [("ocr", {"path": "b.png"})]


def test_list_of_calls():
    r = parse_tool_calls('[{"name": "current_time", "arguments": {}}, {"name": "ocr", "arguments": {"path": "c"}}]', KNOWN)
    assert [c.name for c in r.calls] == ["current_time", "ocr"]
    assert len({c.id for c in r.calls}) == 2


def test_unknown_tool_is_an_error_naming_the_available_ones():
    r = parse_tool_calls('{"name": "shell", "arguments": {"cmd": "ls"}}', KNOWN)
    assert not r.calls
    assert "no tool named 'shell'" in r.errors[0] and "current_time, ocr" in r.errors[0]


def test_schema_echoed_as_arguments_is_an_error():
    # What the 0.5B model really wrote when given a tool (docs/models.md, "Tool calling with the small Qwen GGUFs").
    r = parse_tool_calls('{"name": "current_time", "arguments": {"type": "object", "properties": {"t": "x"}}}', KNOWN)
    assert not r.calls and "repeat the schema" in r.errors[0]


def test_truncated_json_is_a_broken_call():
    r = parse_tool_calls('{"name": "ocr", "arguments": {"path": "a.p', KNOWN)
    assert not r.calls and r.errors == ["the tool call is not valid JSON"]


def test_plain_answer_with_braces_is_not_a_call():
    text = "Use a dict like {'a': 1} or JSON {\"key\": 2} in Python."
    r = parse_tool_calls(text, KNOWN)
    assert not r.attempted and r.text == text


def test_could_start_tool_call_while_streaming():
    assert could_start_tool_call("")
    assert could_start_tool_call("  {")
    assert could_start_tool_call("``")
    assert could_start_tool_call("```json\n{")
    assert not could_start_tool_call("The answer")
    assert not could_start_tool_call("```python\nprint(1)")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_parser_never_raises_on_any_text(text):
    r = parse_tool_calls(text, KNOWN)
    assert isinstance(r.calls, list) and isinstance(r.errors, list)
    could_start_tool_call(text)


@settings(max_examples=150, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
                    max_leaves=12))
def test_parser_never_raises_on_any_json(value):
    for wrapped in (json.dumps(value), json.dumps({"name": "ocr", "arguments": value}),
                    "```json\n" + json.dumps({"name": value, "arguments": value}) + "\n```"):
        parse_tool_calls(wrapped, KNOWN)


def test_python_call_syntax_for_known_tools():
    r = parse_tool_calls("list_files()", KNOWN | {"list_files"})
    assert [(c.name, c.args) for c in r.calls] == [("list_files", {})]
    r = parse_tool_calls('`ocr(path="a b.png")`', KNOWN)
    assert [(c.name, c.args) for c in r.calls] == [("ocr", {"path": "a b.png"})]
    assert not parse_tool_calls("print(x)", KNOWN).attempted  # not a tool: plain answer


def test_prose_streams_up_to_where_a_call_could_start():
    known = {"current_time", "ocr"}
    said = "I will check the time. "
    assert releasable(said + '{"name": "current_time"', known) == len(said)
    assert releasable(said + "{", known) == len(said)  # not yet known what follows
    assert releasable(said + "<tool_", known) == len(said)
    assert releasable(said + "```json\n{", known) == len(said)
    assert releasable(said + "current_time(", known) == len(said)
    assert releasable(said + "ocr", known) == len(said)  # could still become ocr(
    # Citations, code braces, code fences and tool names in prose are not held back.
    for prose in ("It is Friday [E1].", "int f() { return 1; }", "```python\nx = 1\n```\nDone.", "The ocr tool read it."):
        assert releasable(prose, known) == len(prose), prose
