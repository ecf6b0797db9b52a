"""The help screen: every key binding and slash command, generated from the tables in use."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from assistant.tui.commands import COMMANDS


def help_markdown(bindings: list[tuple[str, str]]) -> str:
    lines = ["# Help", "", "## Keys", "", "| key | does |", "|---|---|"]
    lines += [f"| `{key}` | {text} |" for key, text in bindings]
    lines += ["", "## Commands", "", "| command | does |", "|---|---|"]
    lines += [f"| `/{name}{' ' + hint if hint else ''}` | {text} |" for name, (hint, text) in COMMANDS.items()]
    lines += ["", "Paste or drop a file path to attach it. `//text` sends a message that starts with `/`.",
              "", "Press **esc** or **q** to close."]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[Binding]] = [Binding("escape,q,f1", "dismiss", "Close")]

    def __init__(self, bindings: list[tuple[str, str]]) -> None:
        super().__init__(id="help")
        self.bindings_table = bindings

    def compose(self):  # type: ignore[no-untyped-def]
        with VerticalScroll(id="help-box"):
            yield Markdown(help_markdown(self.bindings_table))
