"""A chat model wrapper that gives tool calling to models that only write text.

The inner model sees the tool list rendered into its system prompt (``prompts/tools.yaml``),
earlier calls as the JSON it wrote, and tool results as user messages (small models re-emit
the call when shown a tool-role message; see docs/models.md, "Tool calling with the small Qwen GGUFs"). Its reply is parsed back into real
``tool_calls``; a broken call goes back to it with the reason, at most ``max_repairs`` times,
so the agent loop only ever sees usable calls.

Streaming: plain answers stream through token by token; a reply that starts like JSON or a
fence is held back until complete, so a tool call never flashes up as answer text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.messages.tool import tool_call_chunk
from langchain_core.outputs import ChatGenerationChunk
from langchain_core.runnables import RunnableConfig
from langchain_core.utils.function_calling import convert_to_openai_tool

from assistant import prompts
from assistant.models.streaming_base import StreamingChatModel
from assistant.models.tool_parse import could_start_tool_call, parse_tool_calls, releasable

# The inner model's own callbacks must not reach the graph's stream: we re-emit its tokens.
_SILENT: RunnableConfig = {"callbacks": [], "tags": ["nostream"]}


def _text_of(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content if isinstance(part, dict))


def _call_key(name: str, args: Any) -> str:
    return name + json.dumps(args, sort_keys=True, default=str)


class TextToolCallingModel(StreamingChatModel):
    inner: BaseChatModel
    tool_schemas: list[dict[str, Any]] = []
    max_repairs: int = 2
    question: str = ""
    """The user's own words this turn, repeated after tool results (set by ``for_question``)."""
    prefix_cache: Any = None
    """A PrefixCache for an embedded llama.cpp server: the system prompt is processed once."""

    @property
    def _llm_type(self) -> str:
        return "text-tool-calls"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"inner": self.inner._llm_type}

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any) -> Any:
        return self.model_copy(update={"tool_schemas": [convert_to_openai_tool(t) for t in tools]})

    def for_question(self, question: str) -> TextToolCallingModel:
        """This model for one turn: the question travels as data, never re-parsed from a prompt."""
        return self.model_copy(update={"question": question})

    def warm(self, system_text: str) -> None:
        """Have the server process ``system_text`` now (embedded models with a prefix cache)."""
        if self.prefix_cache is not None:
            self.prefix_cache.prime(system_text)

    def _inner_stream(self, prepared: list[BaseMessage], stop: list[str] | None, **kwargs: Any) -> Iterator[Any]:
        if self.prefix_cache is not None:
            if prepared and isinstance(prepared[0], SystemMessage):
                self.prefix_cache.prime(_text_of(prepared[0]))
            else:
                self.prefix_cache.forget()
        return self.inner.stream(prepared, stop=stop, config=_SILENT, **kwargs)

    # -- prompt shaping ------------------------------------------------------------------
    def _tool_prompt(self) -> str:
        tools = []
        for schema in self.tool_schemas:
            fn = schema["function"]
            params = fn.get("parameters", {}).get("properties", {})
            tools.append({"name": fn["name"], "description": fn.get("description", ""), "parameters": params})
        return prompts.render("tools", "instructions", tools=tools)

    def _prepare(self, messages: list[BaseMessage]) -> list[BaseMessage]:
        prepared: list[BaseMessage] = []
        names_by_id: dict[str, str] = {}
        pending_results: list[str] = []
        question = self.question  # repeated after tool results: small models otherwise echo or drift

        def flush_results() -> None:
            if pending_results:
                prepared.append(HumanMessage("\n\n".join(pending_results)))
                pending_results.clear()

        for message in messages:
            if isinstance(message, ToolMessage):
                name = names_by_id.get(message.tool_call_id, message.name or "tool")
                pending_results.append(prompts.render(
                    "tools", "result_as_user", name=name, content=_text_of(message), question=question[:500]))
                continue
            flush_results()
            if isinstance(message, SystemMessage):
                extra = self._tool_prompt() if self.tool_schemas else ""
                prepared.append(SystemMessage("\n\n".join(p for p in (_text_of(message), extra) if p)))
            elif isinstance(message, HumanMessage):
                prepared.append(message)
            elif isinstance(message, AIMessage) and message.tool_calls:
                calls = [{"name": c["name"], "arguments": c["args"]} for c in message.tool_calls]
                for call in message.tool_calls:
                    names_by_id[call["id"] or ""] = call["name"]
                shown = prompts.render("tools", "call_as_assistant", calls=calls if len(calls) > 1 else calls[0])
                prepared.append(AIMessage("\n".join(p for p in (_text_of(message), shown) if p)))
            else:
                prepared.append(message)
        flush_results()
        if self.tool_schemas and not any(isinstance(m, SystemMessage) for m in prepared):
            prepared.insert(0, SystemMessage(self._tool_prompt()))
        return prepared

    # -- generation ----------------------------------------------------------------------
    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        prepared = self._prepare(messages)
        known = {s["function"]["name"] for s in self.tool_schemas}
        earlier = [c for m in messages if isinstance(m, AIMessage) for c in m.tool_calls]
        done_before = {_call_key(c["name"], c["args"]) for c in earlier}
        # Small models also "walk the tool list", sending the same arguments to one tool after
        # another; the same non-empty arguments again count as a repeat.
        args_before = {_call_key("", c["args"]) for c in earlier if c["args"]}
        repairs = 0
        while True:
            reply = ""
            held = ""  # prose not shown yet: it might be the start of a tool call
            passing_through = False
            finish: dict[str, Any] = {}
            for chunk in self._inner_stream(prepared, stop, **kwargs):
                if chunk.response_metadata.get("finish_reason"):
                    finish = {"finish_reason": chunk.response_metadata["finish_reason"]}
                piece = _text_of(chunk)
                reply += piece
                if not passing_through and (not self.tool_schemas or not could_start_tool_call(reply, known)):
                    passing_through, piece = True, reply
                if passing_through:
                    held += piece
                    shown = releasable(held, known) if self.tool_schemas else len(held)
                    if shown:
                        yield ChatGenerationChunk(message=AIMessageChunk(content=held[:shown]))
                        held = held[shown:]
            parsed = parse_tool_calls(reply, known) if self.tool_schemas else None
            if parsed is not None:
                for call in parsed.calls:
                    call.args = self._declared_args(call.name, call.args)
            if parsed is not None and parsed.calls and all(
                    _call_key(c.name, c.args) in done_before or (c.args and _call_key("", c.args) in args_before)
                    for c in parsed.calls):
                # Small models re-issue the call whose result they were just shown; ask for the
                # answer instead of letting the loop spin until the step limit.
                parsed.errors = [prompts.render("tools", "repeated", name=parsed.calls[0].name)]
                parsed.calls = []
            if parsed is None or not parsed.attempted:
                yield ChatGenerationChunk(
                    message=AIMessageChunk(content=held if passing_through else reply, response_metadata=finish)
                )
                return
            if parsed.calls:
                chunks = [
                    tool_call_chunk(name=c.name, args=json.dumps(c.args), id=c.id, index=i)
                    for i, c in enumerate(parsed.calls)
                ]
                text = "" if passing_through else parsed.text
                yield ChatGenerationChunk(
                    message=AIMessageChunk(
                        content=text,
                        tool_call_chunks=chunks,
                        response_metadata={"tool_call_repairs": repairs, "tool_calls_from_text": True, **finish},
                    )
                )
                return
            if repairs >= self.max_repairs:
                # Out of tries: one last call with no tool list at all, so the model can only
                # answer in text; if even that is a call, a plain notice (raw call JSON is no answer).
                yield from self._answer_without_tools(messages, stop, parsed.errors, **kwargs)
                return
            repairs += 1
            prepared = prepared + [
                AIMessage(reply),
                HumanMessage(prompts.render("tools", "repair", errors=parsed.errors)),
            ]

    def _declared_args(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        """Only the arguments the tool declares: small models invent extra ones (a "format" for
        current_time, the last result pasted back in), which would make a repeat look new."""
        for schema in self.tool_schemas:
            if schema["function"]["name"] == name:
                declared = schema["function"].get("parameters", {}).get("properties", {})
                return {k: v for k, v in args.items() if k in declared}
        return args

    def _answer_without_tools(self, messages: list[BaseMessage], stop: list[str] | None, errors: list[str],
                              **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        bare = self.model_copy(update={"tool_schemas": []})._prepare(messages)
        known = {s["function"]["name"] for s in self.tool_schemas}
        reply = "".join(_text_of(c) for c in self._inner_stream(bare, stop, **kwargs))
        parsed = parse_tool_calls(reply, known)
        text = (parsed.text if parsed.attempted else reply).strip() or prompts.text("tools", "gave_up").strip()
        yield ChatGenerationChunk(message=AIMessageChunk(
            content=text, response_metadata={"tool_call_failed": errors, "finish_reason": "stop"}))

