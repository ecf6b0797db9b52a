"""The chat's key bindings and the help screen's lines about keys."""

from __future__ import annotations

from textual.binding import Binding, BindingType

BINDINGS: list[BindingType] = [
    Binding("escape", "cancel", "Cancel"),
    Binding("ctrl+n", "new_session", "New"),
    Binding("ctrl+b", "toggle_sidebar", "Sessions"),
    Binding("ctrl+f", "focus_search", "Search"),
    Binding("ctrl+y", "copy", "Copy"),
    Binding("ctrl+g", "copy(True)", "Copy code", show=False),
    Binding("f3", "paste_image", "Paste image", show=False),
    Binding("f5", "voice", "Talk"),
    Binding("f1", "help", "Help"),
]
KEY_HELP: list[tuple[str, str]] = [
    ("enter", "send the message (or run a /command)"),
    ("esc", "cancel the running turn; the prompt comes back"),
    ("tab / →", "accept the completion shown in grey"),
    ("ctrl+n", "new session"),
    ("ctrl+b", "show / hide the sessions sidebar"),
    ("ctrl+f", "search all sessions"),
    ("ctrl+y", "copy the focused message (or the last answer)"),
    ("ctrl+g", "copy the last code block"),
    ("f3", "attach the clipboard image"),
    ("f5", "push-to-talk: record; f5 again sends what you said (/voice fill: only fills the prompt)"),
    ("ctrl+p", "command palette"),
    ("f1", "this help"),
    ("ctrl+q", "quit"),
    ("sidebar: n r d e", "new, rename, delete, export the highlighted session"),
]
