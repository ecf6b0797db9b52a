"""The agent's tools: one module per tool family, each with ``tools(ctx, engines) -> list[BaseTool]``.

    tools = build_tools(ToolContext(session.access, question), engines)   # every tool, fixed order

The modules are found here, not listed: adding a tool means one module in this package (copy
builtin.py or screen.py) and one entry in prompts/tool_descriptions.yaml; the module's
``OFFER_WHEN`` says which questions the planner offers it to. The tools come out in
that file's order, whatever the modules' names: the tool list is part of the prompt prefix a
backend caches, so it must not move between turns or releases.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Sequence
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Protocol

from assistant import prompts
from assistant.agent_tools.contract import DESCRIPTIONS, ToolContext, ToolResult, agent_tool

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from assistant.engines import Engines

ToolFactory = Callable[[ToolContext], "list[BaseTool]"]
"""What a session asks for each turn's tools (the app's: every module's tools over its engines)."""

NOT_TOOLS = {"contract"}


class ToolModule(Protocol):
    def tools(self, ctx: ToolContext, engines: Engines) -> list[BaseTool]: ...


@cache
def tool_modules() -> tuple[ModuleType, ...]:
    """Every tool module of this package, by name."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name not in NOT_TOOLS)
    modules = [importlib.import_module(f"{__name__}.{name}") for name in names if not name.startswith("_")]
    return tuple(m for m in modules if callable(getattr(m, "tools", None)))


@cache
def offer_rules() -> dict[str, re.Pattern[str]]:
    """Tool name -> the words that make the turn planner offer it, from each module's optional
    ``OFFER_WHEN = {"tool_name": r"regex"}``. The built-in tools' words live in turn_plan.py; a
    new tool module declares its own, so the planner needs no edit to offer it."""
    rules: dict[str, re.Pattern[str]] = {}
    for module in tool_modules():
        for name, pattern in getattr(module, "OFFER_WHEN", {}).items():
            rules[name] = re.compile(pattern, re.IGNORECASE)
    return rules


def build_tools(ctx: ToolContext, engines: Engines, modules: Sequence[ToolModule] | None = None) -> list[BaseTool]:
    """This turn's tools from every module (or the given ones), in the prompt file's order."""
    chosen = tool_modules() if modules is None else modules
    built = [tool for module in chosen for tool in module.tools(ctx, engines)]
    order = {name: i for i, name in enumerate(prompts.entries(DESCRIPTIONS))}
    return sorted(built, key=lambda tool: order[tool.name])


def app_tools(engines: Engines) -> ToolFactory:
    """The app's tool factory: every module's tools over the process's engines."""
    return lambda ctx: build_tools(ctx, engines)


def builtin_tools(ctx: ToolContext) -> list[BaseTool]:
    """Only the tools that need no engine (current_time, list_files): a session's default."""
    from assistant.agent_tools import builtin

    return builtin.tools(ctx)


__all__ = ["ToolContext", "ToolFactory", "ToolResult", "agent_tool", "app_tools", "build_tools", "builtin_tools",
           "offer_rules", "tool_modules"]
