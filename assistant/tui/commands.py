"""Slash commands: the table, parsing, completion (a Textual Suggester) and pasted-path detection."""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass
from pathlib import Path

from textual.suggester import Suggester

from assistant import media_kinds

COMMANDS: dict[str, tuple[str, str]] = {
    # name: (argument hint, help line)
    "image": ("PATH", "attach an image (screenshot, photo)"),
    "audio": ("PATH", "attach an audio file"),
    "video": ("PATH", "attach a video"),
    "paste": ("", "attach the image on the clipboard"),
    "detach": ("", "drop the pending attachments"),
    "model": ("NAME", "switch the chat model (no name: list models)"),
    "remember": ("TEXT", "save a fact to long-term memory"),
    "forget": ("ID_OR_QUERY", "forget a memory"),
    "memories": ("", "list saved memories"),
    "history": ("QUERY", "full-text search across all sessions"),
    "search": ("QUERY", "search the indexed image collection"),
    "index": ("DIR", "add a folder of images to the image index"),
    "new": ("", "start a new session"),
    "rename": ("TITLE", "rename this session"),
    "delete": ("", "delete this session (asks first)"),
    "export": ("[PATH]", "export this session to Markdown"),
    "copy": ("[code]", "copy the last answer (or its last code block)"),
    "clear": ("", "clear the screen (the session stays stored)"),
    "voice": ("[fill|send]", "push-to-talk: record a question (F5); fill/send: what the transcript does"),
    "help": ("", "keys and commands"),
}
PATH_COMMANDS = {"image", "audio", "video", "index", "export"}
MEDIA_KIND = {"image": "image", "audio": "audio", "video": "video"}
MEDIA_SUFFIXES = media_kinds.MEDIA_SUFFIXES


@dataclass
class Command:
    name: str
    arg: str


class UnknownCommand(ValueError):
    pass


def parse(text: str) -> Command | None:
    """``/name arg`` -> Command; plain text -> None; ``//text`` sends a literal slash."""
    text = text.strip()
    if not text.startswith("/") or text.startswith("//"):
        return None
    name, _, arg = text[1:].partition(" ")
    name = name.lower()
    if name not in COMMANDS:
        close = [c for c in COMMANDS if c.startswith(name[:2])] if name else []
        hint = f" (did you mean /{close[0]}?)" if close else ""
        raise UnknownCommand(f"unknown command /{name}{hint}; /help lists them")
    arg = arg.strip()
    if name in PATH_COMMANDS and arg[:1] in "'\"":
        try:
            arg = " ".join(shlex.split(arg))
        except ValueError:
            pass
    return Command(name, arg)


def pasted_path(text: str) -> Path | None:
    """A paste that is exactly one existing media file (terminals paste dropped files as paths)."""
    candidate = text.strip().strip("'\"")
    if candidate.startswith("file://"):
        from urllib.parse import unquote, urlparse

        candidate = unquote(urlparse(candidate).path)
    if not candidate or "\n" in candidate or len(candidate) > 4096:
        return None
    candidate = candidate.replace("\\ ", " ")
    path = Path(candidate).expanduser()
    try:
        if path.suffix.lower() in MEDIA_SUFFIXES and path.is_file():
            return path
    except OSError:
        return None
    return None


def _complete_path(partial: str) -> str | None:
    expanded = os.path.expanduser(partial) if partial else ""
    folder, prefix = os.path.split(expanded)
    try:
        names = sorted(n for n in os.listdir(folder or ".") if n.startswith(prefix) and not n.startswith("."))
    except OSError:
        return None
    if not names:
        return None
    name = names[0]
    full = os.path.join(folder, name)
    if os.path.isdir(full):
        name += os.sep
    # Keep what the user typed (e.g. "~/") and add only the completed tail.
    return partial + name[len(prefix):]


class SlashSuggester(Suggester):
    """Completes command names, then file paths after /image, /audio, /video, /index, /export."""

    def __init__(self) -> None:
        # No cache: the file system changes under us, and listings are cheap.
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value.startswith("/"):
            return None
        name, space, arg = value[1:].partition(" ")
        if not space:
            for command in COMMANDS:
                if command.startswith(name) and command != name:
                    return f"/{command}"
            return None
        if name in PATH_COMMANDS:
            tail = _complete_path(arg)
            return f"/{name} {tail}" if tail else None
        return None
