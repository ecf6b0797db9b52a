"""The help screen: every key binding and slash command, generated from the tables in use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

if TYPE_CHECKING:
    from assistant.tui.slash.command import Command


def help_markdown(bindings: Sequence[tuple[str, str]], commands: Sequence[Command]) -> str:
    lines = ["# Help", "", "## Keys", "", "| key | does |", "|---|---|"]
    lines += [f"| `{key}` | {text} |" for key, text in bindings]
    lines += ["", "## Commands", "", "| command | does |", "|---|---|"]
    lines += [f"| `{command.usage}` | {command.help} |" for command in commands]
    lines += ["", "Paste or drop a file path to attach it. `//text` sends a message that starts with `/`.",
              "", "Press **esc** or **q** to close."]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,f1", "dismiss", "Close")]

    def __init__(self, bindings: Sequence[tuple[str, str]], commands: Sequence[Command]) -> None:
        super().__init__(id="help")
        self.bindings_table = bindings
        self.commands = commands

    def compose(self):  # type: ignore[no-untyped-def]
        with VerticalScroll(id="help-box"):
            yield Markdown(help_markdown(self.bindings_table, self.commands))
