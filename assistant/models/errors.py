"""One-line, actionable messages for failures of a model backend."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.errors import AssistantError
from assistant.logs import redact

if TYPE_CHECKING:
    from assistant.models.registry import ModelHandle


def describe_backend_error(exc: BaseException, handle: ModelHandle) -> str:
    # Every line is redacted: the backend label and the exception text can hold a URL password.
    return redact(_describe(exc, handle))


def _describe(exc: BaseException, handle: ModelHandle) -> str:
    if isinstance(exc, AssistantError) or type(exc).__name__ == "_Cancelled":
        return redact(str(exc))
    try:
        import openai
    except ImportError:  # pragma: no cover - openai is a core dependency
        openai = None  # type: ignore[assignment]
    where = handle.backend
    if type(exc).__name__ == "ModelCallLimitExceededError":
        return (f"{handle.label} kept calling tools without answering, so the turn was stopped "
                "(raise agent.max_steps in the config to allow more steps)")
    if openai is not None:
        if isinstance(exc, openai.AuthenticationError):
            return f"{where} rejected the API key (401): check OPENAI_API_KEY"
        if isinstance(exc, openai.PermissionDeniedError):
            return f"{where} refused the request (403): the key has no access to {handle.label}"
        if isinstance(exc, openai.NotFoundError):
            return f"{where} has no model {handle.label} (404): check the model name with the server"
        if isinstance(exc, openai.RateLimitError):
            return f"{where} is rate limiting (429) and retries ran out: wait a minute and ask again"
        if isinstance(exc, openai.APITimeoutError):
            return f"{where} did not answer in time: try again, or raise openai.timeout in the config"
        if isinstance(exc, openai.APIConnectionError):
            return f"cannot reach {where}: is the server running and the URL right?"
        if isinstance(exc, openai.APIStatusError):
            return f"{where} failed with HTTP {exc.status_code}: try again later"
        if isinstance(exc, openai.APIError):
            return f"{where} sent a bad response ({redact(str(exc))[:120]}): try again"
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, ValueError) and first.startswith(("No generations found in stream",
                                                          "No generation chunks were returned")):
        # LangChain's words for a 200 response whose stream held only [DONE] (the first from
        # invoke inside the agent graph, the second from stream() when no tool is offered).
        return f"{where} sent an empty answer (the stream had no tokens): try again, or check the server"
    return redact(f"{handle.label} failed: {type(exc).__name__}{': ' + first[:200] if first else ''}")
