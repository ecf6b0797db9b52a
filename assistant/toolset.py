"""Wrap the plain tools in ``tools/`` as LangChain tools for one turn of the agent.

Each wrapped tool returns ``(evidence_text, result)``: the text goes to the model (inside an
evidence block, see grounding.py), the typed result rides along as the artifact for the tool
card and the JSON output. Paths are checked against the access policy before any tool runs.
Descriptions come from ``prompts/tool_descriptions.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import Field, create_model

import prompts
from assistant.access import AccessPolicy


def _describe(name: str) -> tuple[str, dict[str, str]]:
    entry = prompts._load("tool_descriptions")[name]
    return entry["description"].strip(), dict(entry.get("args") or {})


def make_tool(name: str, fn: Callable[..., Any], args: dict[str, tuple[type, Any]]) -> BaseTool:
    """A StructuredTool whose schema comes from ``args`` and whose text comes from prompts/."""
    description, arg_text = _describe(name)
    fields = {
        arg: (typ, Field(default=default, description=arg_text.get(arg, "")))
        for arg, (typ, default) in args.items()
    }
    schema = create_model(f"{name}_args", **fields)  # type: ignore[call-overload]

    def run(**kwargs: Any) -> tuple[str, Any]:
        result = fn(**kwargs)
        return result.evidence_text(), result

    return StructuredTool.from_function(
        func=run, name=name, description=description, args_schema=schema, response_format="content_and_artifact"
    )


@dataclass
class ToolContext:
    """What tools need from the app for one turn."""

    access: AccessPolicy
    extra_factories: list[Callable[[ToolContext], list[BaseTool]]] = field(default_factory=list)
    question: str = ""
    """The user's question this turn (tools that search long media use its words)."""


def builtin_tools(ctx: ToolContext) -> list[BaseTool]:
    from tools.builtin import current_time, list_files

    return [
        make_tool("current_time", lambda: current_time(), {}),
        make_tool("list_files", lambda: list_files(ctx.access.readable_files()), {}),
    ]


def build_tools(ctx: ToolContext) -> list[BaseTool]:
    tools = builtin_tools(ctx)
    for factory in ctx.extra_factories:
        tools.extend(factory(ctx))
    return tools
