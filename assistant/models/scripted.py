"""A scripted chat model: replies come from a list, and every request is recorded.

Shipped in the package (not in tests/) so tests, demos and the TUI's pilot tests use the same
seam as real backends. Each scripted reply is one of:

- ``"text"``: a plain answer, streamed word by word;
- ``{"tool_calls": [{"name": ..., "args": {...}}], "content": "..."}``: native tool calls;
- ``{"chunks": ["The key is sk-pr", "oj-Ab", ...]}``: text streamed in exactly these pieces;
- a callable ``(messages) -> str | dict | AIMessage``: decides from what it was sent;
- an ``Exception`` instance: raised, as a dead backend would.

``received`` holds the message lists the model was sent, so tests can assert what reached it.
From the CLI: ``--model scripted:/path/to/script.json`` (a JSON list of strings/objects).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.messages.tool import tool_call_chunk
from langchain_core.outputs import ChatGenerationChunk
from pydantic import Field

from assistant.errors import ConfigError
from assistant.models.streaming_base import StreamingChatModel

Reply = str | dict[str, Any] | AIMessage | Exception | Callable[[list[BaseMessage]], Any]


class Script:
    """Shared mutable state, so copies made by bind_tools see the same queue and log."""

    def __init__(self, replies: Sequence[Reply]) -> None:
        self.replies = list(replies)
        self.received: list[list[BaseMessage]] = []
        self.bound_tools: list[str] = []

    def next_reply(self, messages: list[BaseMessage]) -> Reply:
        self.received.append(list(messages))
        if not self.replies:
            raise RuntimeError("scripted model has no replies left")
        reply = self.replies.pop(0)
        if callable(reply) and not isinstance(reply, Exception):
            reply = reply(messages)
        return reply


class ScriptedChatModel(StreamingChatModel):
    script: Any = Field(default=None)
    delay: float = 0.0
    """Seconds between streamed words (lets UI tests cancel a turn mid-stream)."""

    def __init__(self, replies: Sequence[Reply] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if self.script is None:
            self.script = Script(replies)

    @classmethod
    def from_file(cls, path: str | Path) -> ScriptedChatModel:
        try:
            replies = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(f"cannot read scripted replies from {path}: {exc}") from None
        if not isinstance(replies, list):
            raise ConfigError(f"{path} must hold a JSON list of scripted replies")
        return cls(replies)

    @property
    def received(self) -> list[list[BaseMessage]]:
        return self.script.received

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any) -> Any:
        from langchain_core.utils.function_calling import convert_to_openai_tool

        self.script.bound_tools = [convert_to_openai_tool(t)["function"]["name"] for t in tools]
        return self

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        reply = self.script.next_reply(messages)
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, AIMessage):
            reply = {"content": reply.content, "tool_calls": reply.tool_calls}
        if isinstance(reply, str):
            reply = {"content": reply}
        content = str(reply.get("content", ""))
        words = content.split(" ")
        pieces = [str(c) for c in reply["chunks"]] if "chunks" in reply else \
            [word if i == len(words) - 1 else word + " " for i, word in enumerate(words)]
        for piece in pieces:
            if self.delay:
                time.sleep(self.delay)
            if piece:
                yield ChatGenerationChunk(message=AIMessageChunk(content=piece))
        calls = reply.get("tool_calls") or []
        if calls:
            chunks = [
                tool_call_chunk(
                    name=call["name"],
                    args=json.dumps(call.get("args", {})),
                    id=call.get("id") or f"call_{uuid.uuid4().hex[:10]}",
                    index=i,
                )
                for i, call in enumerate(calls)
            ]
            yield ChatGenerationChunk(message=AIMessageChunk(content="", tool_call_chunks=chunks))

