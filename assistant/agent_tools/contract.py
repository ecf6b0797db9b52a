"""The contract every agent tool follows: a typed function in, a LangChain tool out.

    def tools(ctx: ToolContext, engines: Engines) -> list[BaseTool]:
        def ocr(path: str) -> ScreenshotReading:
            return read_screenshot(engines.ocr, ctx.access.check(path))

        return [agent_tool(ocr)]

The tool's arguments are the function's parameters (type hints and defaults); its description
and one line per argument come from ``prompts/tool_descriptions.yaml`` under the function's
name. A tool returns a :class:`ToolResult`: its evidence text goes to the model (inside an
evidence block, see grounding.py), the typed result rides along as the artifact for the tool
card and the JSON output.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from assistant import prompts
from assistant.access import AccessPolicy

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

DESCRIPTIONS = "tool_descriptions"
"""The prompt file (prompts/tool_descriptions.yaml) that describes every tool to the model."""


@dataclass(frozen=True)
class ToolContext:
    """What a tool needs from the app for one turn."""

    access: AccessPolicy
    """Which files the tools may read (attachments, allowed and indexed folders)."""
    question: str = ""
    """The user's question this turn (tools that search long media use its words)."""


@runtime_checkable
class ToolResult(Protocol):
    """What every tool returns: a one-line summary for the tool card, the evidence text the model
    reads, and a dict for ``--json`` and the stored tool call."""

    def summary(self) -> str: ...

    def evidence_text(self) -> str: ...

    def to_dict(self) -> dict[str, Any]: ...


def describe(name: str) -> tuple[str, dict[str, str]]:
    """The description and argument texts of tool ``name`` from the prompt file."""
    entries = prompts.entries(DESCRIPTIONS)
    if name not in entries:
        raise KeyError(f"tool {name!r} has no entry in prompts/{DESCRIPTIONS}.yaml; add its description there")
    entry: Any = entries[name]
    return str(entry["description"]).strip(), dict(entry.get("args") or {})


def agent_tool(fn: Callable[..., ToolResult], name: str | None = None) -> BaseTool:
    """A StructuredTool for ``fn``: the schema from its signature, the text from the prompt file."""
    from langchain_core.tools import StructuredTool

    name = name or fn.__name__
    description, arg_text = describe(name)
    schema = args_schema(fn, name, arg_text)

    def run(**kwargs: Any) -> tuple[str, ToolResult]:
        result = fn(**kwargs)
        if not isinstance(result, ToolResult):
            raise TypeError(f"tool {name} returned {type(result).__name__}, not a ToolResult "
                            "(summary, evidence_text, to_dict)")
        return result.evidence_text(), result

    return StructuredTool.from_function(
        func=run, name=name, description=description, args_schema=schema, response_format="content_and_artifact"
    )


def args_schema(fn: Callable[..., Any], name: str, arg_text: dict[str, str]) -> type:
    """A pydantic model of ``fn``'s parameters: type, default (required when there is none) and
    the prompt file's line for each. A parameter without a type or a line is refused, and so is
    a line for a parameter the function does not have."""
    from pydantic import Field, create_model

    params = inspect.signature(fn).parameters
    types = _parameter_types(fn)
    missing = [p for p in params if p not in types or p not in arg_text]
    extra = [a for a in arg_text if a not in params]
    if missing or extra:
        raise TypeError(f"tool {name}: every parameter needs a type hint and a line under args in "
                        f"prompts/{DESCRIPTIONS}.yaml (missing: {missing}, no such parameter: {extra})")
    fields = {
        p.name: (types[p.name], Field(default=... if p.default is p.empty else p.default,
                                      description=arg_text[p.name]))
        for p in params.values()
    }
    return create_model(f"{name}_args", **fields)  # type: ignore[call-overload,no-any-return]


def _parameter_types(fn: Callable[..., Any]) -> dict[str, Any]:
    """The parameters' resolved type hints; the return type is left alone (it may name a class
    imported for type checking only)."""
    hints = {k: v for k, v in getattr(fn, "__annotations__", {}).items() if k != "return"}
    return typing.get_type_hints(SimpleNamespace(__annotations__=hints), globalns=getattr(fn, "__globals__", {}))
