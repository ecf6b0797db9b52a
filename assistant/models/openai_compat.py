"""GPT-4o / GPT-4V and any OpenAI-compatible server (vLLM, Ollama, LM Studio, llama.cpp).

Retries with exponential backoff on 429, 5xx and dropped connections come from the openai
client itself (it honours Retry-After); ``max_retries`` and ``timeout`` bound them.
"""

from __future__ import annotations

import re
from typing import Any

from langchain_core.language_models import BaseChatModel

# Model names that accept image parts. A server that serves others can be told with
# `openai.vision = true` in the config.
_VISION_NAMES = re.compile(r"gpt-4o|gpt-4\.1|gpt-4-turbo|gpt-4-vision|gpt-5|o[134]\b|o[134]-|llava|vision|-vl|pixtral|gemma-3")


def guess_vision(model: str) -> bool:
    return bool(_VISION_NAMES.search(model.lower()))


def make_openai_chat(
    *,
    model: str,
    base_url: str | None,
    api_key: str | None,
    timeout: float,
    max_retries: int,
    max_tokens: int,
    temperature: float,
    deadline: float | None = None,
    extra: dict[str, Any] | None = None,
) -> BaseChatModel:
    """``timeout`` bounds each read, ``deadline`` a whole call: no retry starts after it."""
    from pydantic import SecretStr

    from assistant.models.deadline import deadline_http_client
    from assistant.models.deadline_chat import DeadlineChatOpenAI

    return DeadlineChatOpenAI(
        model=model,
        base_url=base_url,
        # A local server needs some key; the real API rejects a wrong one with 401.
        api_key=SecretStr(api_key or "not-needed"),
        timeout=timeout,
        max_retries=max_retries,
        max_tokens=max_tokens,  # type: ignore[call-arg]  # a pydantic alias mypy cannot see
        temperature=temperature,
        streaming=True,
        stream_usage=True,
        call_deadline=deadline,
        http_client=deadline_http_client() if deadline else None,
        **(extra or {}),
    )
