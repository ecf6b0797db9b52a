"""`assistant ...`: parse, build objects, call. Thin on purpose.

Each subcommand lives in ``assistant/commands/<name>.py`` with ``register(subparsers)``; the
modules import nothing heavy at top level so ``assistant --help`` stays fast.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.engines import Engines
    from assistant.settings import Settings

# Order here is the order in `assistant --help`.
COMMAND_MODULES = (
    "ask",
    "chat",
    "history",
    "models",
    "ocr",
    "see",
    "transcribe",
    "frames",
    "memory",
    "index",
    "search",
    "voice",
    "eval",
)


class CliContext:
    """What every subcommand gets: parsed global flags, and settings and engines built on first use."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args

    @cached_property
    def settings(self) -> Settings:
        from assistant.settings import load_settings

        overrides: dict[str, Any] = {}
        if getattr(self.args, "home", None):
            overrides["home"] = Path(self.args.home)
        if getattr(self.args, "debug", False):
            overrides["debug"] = True
        return load_settings(self.args.config, **overrides)

    @cached_property
    def engines(self) -> Engines:
        from assistant.engines import Engines

        return Engines(self.settings)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant",
        description="A multimodal assistant that lives in the terminal.",
    )
    parser.add_argument("--config", help="TOML config file (default: ~/.config/assistant/config.toml)")
    parser.add_argument("--home", help="data dir (default: ASSISTANT_HOME or ~/.local/share/assistant)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"assistant.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    # Never let a model load wait on the network: weights come from packages or local paths.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from assistant.errors import AssistantError
    from assistant.logs import configure_logging
    from assistant.tools.errors import ToolError

    configure_logging(debug=args.debug)
    ctx = CliContext(args)
    try:
        return int(args.func(args, ctx) or 0)
    except (AssistantError, ToolError) as exc:
        if args.debug:
            raise
        from assistant.logs import redact
        from assistant.terminal_text import clean

        print(f"error: {clean(redact(str(exc)))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def entry() -> int:
    """The `assistant` command: ``main``, then freeze the heap so the interpreter's exit skips a
    last garbage-collection sweep over the ~2,000 modules a turn imports (measured: 0.3-0.4 s of
    a fresh `ask`). Not for in-process callers such as tests: frozen objects are never collected."""
    code = main()
    gc.freeze()
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(entry())
