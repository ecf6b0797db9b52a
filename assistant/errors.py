"""Errors the user sees, split by who caused them (docs/style.md, rule 1).

    AssistantError            one line that says what to do; the CLI prints it, no traceback
    +-- ConfigError           a bad config file, setting or flag
    +-- ModelUnavailable      a model that is unknown, not installed, or whose server is down
    +-- BackendError          a model server failed mid-turn (HTTP error, timeout, bad key)
    +-- AttachmentError       an attachment that is missing, unreadable or not what it claims
    +-- EmptyQuestion         a turn with no words and no attachment
    +-- StoreError            the conversation store cannot do what was asked (unknown session)

Errors the *model* caused (a malformed tool call, bad tool arguments, a tool that raised) are
not here: they go back to the model as tool messages and the turn goes on.
Tool-level input errors live in ``assistant.tools.errors`` so tools stay usable without the app.
"""

from __future__ import annotations


def one_line(exc: BaseException) -> str:
    """The first line of an error's text, or its type's name when it has none."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class AssistantError(Exception):
    """Base: ``str(exc)`` is a complete one-line message for the user."""


class ConfigError(AssistantError):
    pass


class ModelUnavailable(AssistantError):
    pass


class BackendError(AssistantError):
    pass


class AttachmentError(AssistantError):
    pass


class EmptyQuestion(AssistantError):
    """No words and no attachment: refused before anything is stored."""

    def __init__(self) -> None:
        super().__init__("the question is empty: type a question, or attach a file to ask about")


class StoreError(AssistantError):
    pass
