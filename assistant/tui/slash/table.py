"""The slash commands, in the order help lists them; one attach command per media kind."""

from __future__ import annotations

from assistant.media_kinds import MEDIA_KINDS
from assistant.tui.slash import images, media, memory, screen, sessions
from assistant.tui.slash.command import Command

COMMANDS: tuple[Command, ...] = (
    *(Command(kind.command.lstrip("/"), "PATH", media.ATTACH_HELP.get(kind.name, f"attach a {kind.name} file"),
              media.attach_as(kind.name), paths=True) for kind in MEDIA_KINDS),
    Command("paste", "", "attach the image on the clipboard", media.paste),
    Command("detach", "", "drop the pending attachments", media.detach),
    Command("model", "NAME", "switch the chat model (no name: list models)", screen.model),
    Command("remember", "TEXT", "save a fact to long-term memory", memory.remember),
    Command("forget", "ID_OR_QUERY", "forget a memory", memory.forget),
    Command("memories", "", "list saved memories", memory.memories),
    Command("history", "QUERY", "full-text search across all sessions", sessions.history),
    Command("search", "QUERY", "search the indexed image collection", images.search),
    Command("index", "DIR", "add a folder of images to the image index", images.index, paths=True),
    Command("new", "", "start a new session", sessions.new),
    Command("rename", "TITLE", "rename this session", sessions.rename),
    Command("delete", "", "delete this session (asks first)", sessions.delete),
    Command("export", "[PATH]", "export this session to Markdown", sessions.export, paths=True),
    Command("copy", "[code]", "copy the last answer (or its last code block)", screen.copy),
    Command("clear", "", "clear the screen (the session stays stored)", screen.clear),
    Command("voice", "[fill|send]", "push-to-talk: record a question (F5); fill/send: what the transcript does",
            screen.voice),
    Command("help", "", "keys and commands", screen.show_help),
)
