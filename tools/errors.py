"""Errors raised by tools. Each message is one line that says what to do.

    ToolError               base class
    +-- ToolInputError      the input is bad: missing file, wrong type, corrupt, too large,
                            empty/silent audio, broken video. Goes back to the caller (the
                            model, in the agent) so it can correct itself.
    +-- EngineUnavailable   the engine cannot run: a package or model is not installed.
"""

from __future__ import annotations


class ToolError(Exception):
    """Base for tool failures; ``str(exc)`` is a complete one-line message."""


class ToolInputError(ToolError):
    pass


class EngineUnavailable(ToolError):
    pass
