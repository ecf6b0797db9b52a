"""Turn tool calls that a model wrote as text into structured calls.

Small local models (Qwen2.5-Coder 0.5B/1.5B, LLaVA) given tool descriptions usually answer with
the call as plain JSON, sometimes in a ```json fence or inside <tool_call> tags, and leave the
API's ``tool_calls`` empty. Shapes accepted, alone or in a list:

    {"name": "ocr", "arguments": {"path": "a.png"}}        (also "parameters" / "args" / "input")
    {"tool": "ocr", "arguments": {...}}
    {"function": {"name": "ocr", "arguments": "{\"path\": \"a.png\"}"}}   (OpenAI shape)

``parse_tool_calls`` never raises: it returns calls, errors (for a call attempt that is broken),
and the text that was not part of a call. Errors are short phrases for the correction prompt.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

_FENCE = re.compile(r"```(?:json|tool_call|tool)?\s*\n?(.*?)```", re.DOTALL | re.IGNORECASE)
_TAGGED = re.compile(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|$)", re.DOTALL | re.IGNORECASE)
_NAME_KEYS = ("name", "tool", "tool_name", "function_name")
_ARG_KEYS = ("arguments", "parameters", "args", "input", "params")
_MAX_TEXT = 200_000  # longer replies are not scanned for calls: bounded work on any input


@dataclass
class ParsedCall:
    name: str
    args: dict[str, Any]
    id: str = field(default_factory=lambda: f"call_{uuid.uuid4().hex[:12]}")


@dataclass
class ParseResult:
    calls: list[ParsedCall] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    text: str = ""
    """The reply with call JSON removed (what the model said besides calling)."""

    @property
    def attempted(self) -> bool:
        return bool(self.calls or self.errors)


def _as_call(obj: Any, known: set[str] | None) -> ParsedCall | str | None:
    """A call, an error phrase for a broken call, or None when obj is not a call at all."""
    if not isinstance(obj, dict):
        return None
    if isinstance(obj.get("function"), dict):
        return _as_call(obj["function"], known)
    name = next((obj[k] for k in _NAME_KEYS if isinstance(obj.get(k), str)), None)
    if name is None:
        return None
    raw_args: Any = next((obj[k] for k in _ARG_KEYS if k in obj), {})
    if isinstance(raw_args, str):
        try:
            raw_args = json.loads(raw_args) if raw_args.strip() else {}
        except json.JSONDecodeError:
            return f"the arguments of {name!r} are not valid JSON"
    if raw_args is None:
        raw_args = {}
    if not isinstance(raw_args, dict):
        return f"the arguments of {name!r} must be a JSON object"
    # Some models echo the JSON schema instead of values: {"type": "object", "properties": {...}}.
    if set(raw_args) >= {"type", "properties"} and isinstance(raw_args.get("properties"), dict):
        return f"the arguments of {name!r} repeat the schema; give actual values"
    if known is not None and name not in known:
        return f"there is no tool named {name!r}; available: {', '.join(sorted(known)) or 'none'}"
    return ParsedCall(name=name, args=raw_args)


def _json_objects(text: str) -> list[tuple[int, int, Any]]:
    """Every top-level JSON value that starts with { or [ in text, with its span."""
    decoder = json.JSONDecoder()
    found: list[tuple[int, int, Any]] = []
    i = 0
    while i < len(text):
        if text[i] in "{[":
            try:
                value, end = decoder.raw_decode(text, i)
            except json.JSONDecodeError:
                i += 1
                continue
            except RecursionError:
                # Nesting deeper than the interpreter's stack (a model stuck on "[[[[..."):
                # no tool call is that deep; skip the whole run of openers.
                i += 1
                while i < len(text) and text[i] in "{[ \n":
                    i += 1
                continue
            found.append((i, end, value))
            i = end
        else:
            i += 1
    return found


def _looks_like_broken_call(text: str) -> bool:
    stripped = text.strip()
    return stripped.startswith(("{", "[", "```json", "<tool_call>")) and any(
        f'"{k}"' in stripped for k in _NAME_KEYS
    )


# A reply that is nothing but a call in Python syntax: `current_time()`, `ocr(path="a.png")`.
_PY_CALL = re.compile(r"^\s*`{0,3}(?:python)?\s*([A-Za-z_][A-Za-z0-9_]*)\((.*)\)\s*`{0,3}\s*$", re.DOTALL)
_PY_KWARG = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(\"[^\"]*\"|'[^']*'|-?\d+(?:\.\d+)?|True|False|None)\s*(?:,|$)")


def _python_call(text: str, known: set[str] | None) -> ParsedCall | None:
    match = _PY_CALL.match(text)
    if not match or known is None or match.group(1) not in known:
        return None
    args: dict[str, Any] = {}
    rest = match.group(2).strip()
    while rest:
        kw = _PY_KWARG.match(rest)
        if not kw:
            return None
        raw = kw.group(2)
        value: Any = raw[1:-1] if raw[0] in "\"'" else {"True": True, "False": False, "None": None}.get(
            raw, float(raw) if "." in raw else int(raw) if raw.lstrip("-").isdigit() else raw)
        args[kw.group(1)] = value
        rest = rest[kw.end():].strip()
    return ParsedCall(name=match.group(1), args=args)


def parse_tool_calls(text: str, known_tools: set[str] | None = None) -> ParseResult:
    if len(text) > _MAX_TEXT:
        return ParseResult(text=text)
    py_call = _python_call(text, known_tools)
    if py_call is not None:
        return ParseResult(calls=[py_call], text="")
    # Unwrap fences and tags first so their JSON is scanned; keep the rest as prose.
    candidates = [m.group(1) for m in _TAGGED.finditer(text)] + [m.group(1) for m in _FENCE.finditer(text)]
    prose = _FENCE.sub(" ", _TAGGED.sub(" ", text))
    result = ParseResult()
    spans_to_drop: list[tuple[int, int]] = []
    for source, is_prose in [(c, False) for c in candidates] + [(prose, True)]:
        for start, end, value in _json_objects(source):
            items = value if isinstance(value, list) else [value]
            outcomes = [_as_call(item, known_tools) for item in items]
            if not any(o is not None for o in outcomes):
                continue
            for outcome in outcomes:
                if isinstance(outcome, ParsedCall):
                    result.calls.append(outcome)
                elif isinstance(outcome, str):
                    result.errors.append(outcome)
            if is_prose:
                spans_to_drop.append((start, end))
        if not is_prose and not result.attempted and _looks_like_broken_call(source):
            result.errors.append("the tool call is not valid JSON")
    if not result.attempted and _looks_like_broken_call(prose):
        result.errors.append("the tool call is not valid JSON")
    kept = prose
    for start, end in reversed(spans_to_drop):
        kept = kept[:start] + kept[end:]
    result.text = kept.strip() if result.attempted else text.strip()
    return result


def releasable(text: str, known_tools: set[str] | None = None) -> int:
    """While streaming prose: how many leading characters can be shown now. Small models often
    write a sentence and then the call ("I will check the time. {"name": ...}"); everything from
    the first place a call could be starting is held until the reply shows what it is. Only
    openers that rarely start prose count here (``{"``, a tag, a fence, ``tool_name(``), so a
    citation like [E1] or code braces do not hold the stream back."""
    names = sorted(known_tools or (), key=len, reverse=True)
    for i, char in enumerate(text):
        rest = text[i:]
        if char == "{":
            after = rest[1:].lstrip()
            if not after or after.startswith('"'):
                return i
        elif char == "<" and ("<tool_call>".startswith(rest[:11]) or rest.startswith("<tool_call>")):
            return i
        elif char == "`" and could_start_tool_call(rest):
            return i
        elif i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_"):
            for name in names:
                call = name + "("
                if rest.startswith(call) or (call.startswith(rest) and rest):
                    return i
    return len(text)


def could_start_tool_call(prefix: str, known_tools: set[str] | None = None) -> bool:
    """While streaming: might this reply still turn out to be a tool call?

    True for text that starts like JSON, a fence or a <tool_call> tag; the streamer holds such
    text back until the reply is complete, and passes anything else straight through.
    """
    stripped = prefix.lstrip()
    if not stripped:
        return True
    for name in known_tools or ():
        call = name + "("
        if call.startswith(stripped) or (stripped.startswith(call) and "\n" not in stripped):
            return True
    for opener in ("{", "[", "```json", "```tool", "<tool_call>"):
        if stripped.startswith(opener) or opener.startswith(stripped):
            return True
    # A bare fence may be followed by JSON on the next line.
    if stripped.startswith("```"):
        first_line, _, rest = stripped.partition("\n")
        return first_line.strip() == "```" and (not rest.strip() or rest.lstrip().startswith(("{", "[")))
    return False
