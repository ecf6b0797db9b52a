"""`assistant models`: what is configured and available."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("models", help="list configured and available chat models")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from assistant.models.registry import ModelFactory

    infos = ModelFactory(ctx.settings).available()
    if args.json:
        print(json.dumps([asdict(i) for i in infos], indent=2))
        return 0
    for info in infos:
        mark = "*" if info.default else " "
        sees = "sees images" if info.can_see else "text only"
        print(f"{mark} {info.name:32s} {info.backend:34s} {sees:12s} {info.detail}")
    print("\n* = default (settings `model`, or --model on `ask`)")
    return 0
