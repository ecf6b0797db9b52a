"""Build the LangChain agent for one turn: chat model + tools + middleware.

Built per turn, and only for turns that are offered tools (turn_plan.py): the tool set depends
on the turn (its attachments widen what tools may read); compiling the graph costs milliseconds
next to a model call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from langchain.agents import create_agent
from langchain.agents.middleware import ModelCallLimitMiddleware

from assistant.evidence import EvidenceLedger
from assistant.grounding import EvidenceMiddleware

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from assistant.models.registry import ModelHandle


def build_agent(handle: ModelHandle, chat: Any, tools: list[BaseTool], system_prompt: str, ledger: EvidenceLedger,
                max_steps: int, guard: Any = None, gate: Any = None) -> Any:
    """``chat`` is the handle's model prepared for this turn (``for_question``)."""
    return create_agent(
        chat,
        tools,
        system_prompt=system_prompt,
        middleware=[
            EvidenceMiddleware(ledger, guard, gate=gate),
            # A small model can loop on the same call; stop after max_steps model calls.
            ModelCallLimitMiddleware(run_limit=max_steps, exit_behavior="error"),  # type: ignore[list-item]
        ],
    )
