"""What the memory store refuses to keep, and why.

Memories come back into later prompts, so anything stored is (a) disclosed again and (b) read
by the model. Hence: no secrets, and nothing that looks like instructions or our own prompt
scaffolding (a saved "You are ..." line would act as a standing prompt injection).
These patterns are matched against data; they are not text a model reads. Keys and tokens are
found by tools/secret_scan.py (detect-secrets' plugins plus a few of ours); the phrasings below
("my password is ...") add what a person says rather than what a config file holds. Everything is
matched on the NFKC-normalised text without invisible characters, so a zero-width space inside a
key or full-width letters do not get it through.
"""

from __future__ import annotations

import re

from assistant.tools.secret_scan import find_secrets, normalise

MAX_CHARS = 1000

_SECRET_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(?:password|passwd|passphrase|pass\s*code|pin(?:\s*code)?)\b\s*(?:is|was|=|:)\s*\S+",
            re.IGNORECASE,
        ),
        "a password",
    ),
    (
        re.compile(
            r"\b(?:api[\s_\-]?key|secret(?:[\s_\-]?key)?|access[\s_\-]?token|auth[\s_\-]?token|token)"
            r"\b\s*(?:is|was|=|:)\s*\S{6,}",
            re.IGNORECASE,
        ),
        "a key or token",
    ),
)

# Our own scaffolding and common chat-template / tool markers: text carrying them was copied
# out of a prompt or tool output, not said by the user.
_MARKERS = re.compile(
    r"<\s*/?\s*(?:evidence|system|tool_call|tool_response|memories)\b|BEGIN TOOL OUTPUT|END TOOL OUTPUT"
    r"|<\|im_start\|>|<\|im_end\|>|\[/?INST\]|<<SYS>>|<\|(?:system|user|assistant)\|>",
    re.IGNORECASE,
)
# Imperatives aimed at the assistant rather than facts about the user.
_INSTRUCTION = re.compile(
    r"^\s*(?:system\s*:|you are\b|you're an?\b|you must\b|you should always\b|as an ai\b|act as\b"
    r"|ignore (?:all |any )?(?:the )?(?:previous|prior|above)\b)"
    r"|\bignore (?:all |any )?(?:the )?(?:previous|prior|above) instructions\b"
    r"|\b(?:system prompt|developer message)\b",
    re.IGNORECASE,
)


def rejection_reason(text: str, max_chars: int = MAX_CHARS) -> str | None:
    """None when ``text`` may be stored, else a one-line reason it may not."""
    stripped = text.strip()
    if not stripped:
        return "empty text"
    if len(stripped) > max_chars:
        return f"too long ({len(stripped)} characters, limit {max_chars}); store a shorter fact"
    found = find_secrets(stripped)
    if found:
        return f"looks like it contains {found[0].what}; secrets are never stored"
    normal, _ = normalise(stripped)
    for pattern, what in _SECRET_PATTERNS:
        if pattern.search(normal):
            return f"looks like it contains {what}; secrets are never stored"
    if _MARKERS.search(normal):
        return "contains prompt or tool-output markup; only facts the user states are stored"
    if _INSTRUCTION.search(normal):
        return "reads as an instruction to the assistant, not a fact; it is not stored"
    return None


__all__ = ["MAX_CHARS", "rejection_reason"]
