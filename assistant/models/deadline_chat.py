"""ChatOpenAI with a total deadline per call (deadline.py), for OpenAI-compatible servers and
the embedded llama.cpp server alike. Imported only when such a model is built."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any, cast

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from langchain_openai import ChatOpenAI

from assistant.models.deadline import CallDeadline


class DeadlineChatOpenAI(ChatOpenAI):
    call_deadline: float | None = None
    """Seconds one call may take in all; None: only the client's per-read timeout."""

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        # Typed as an Iterator upstream; both of ChatOpenAI's routes (_stream, _stream_responses)
        # are generator functions, so the stream can be closed on this thread (below).
        chunks = cast(Generator[ChatGenerationChunk, None, None],
                      super()._stream(messages, stop=stop, run_manager=run_manager, **kwargs))
        if not self.call_deadline:
            yield from chunks
            return
        with CallDeadline(self.call_deadline) as deadline:  # a failure after expiry becomes its error
            try:
                for chunk in chunks:
                    if deadline.expired:
                        raise deadline.error()
                    yield chunk
            finally:
                chunks.close()  # the response is released on this thread, inside the deadline
            if deadline.expired:  # a close-delimited body ends "cleanly" when its socket is shut
                raise deadline.error()

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        if not self.call_deadline:
            return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)
        with CallDeadline(self.call_deadline) as deadline:
            result = super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)
            if deadline.expired:
                raise deadline.error()
            return result
