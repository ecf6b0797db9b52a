"""`assistant memory list|search|add|forget`: look at and edit long-term memory.

chromadb and the embedder load only when a memory subcommand runs, never for `--help`.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.memory.store import MemoryStore


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("memory", help="list, search, add or forget long-term memories")
    sub = parser.add_subparsers(dest="memory_command", metavar="ACTION", required=True)

    p_list = sub.add_parser("list", help="show saved memories, oldest first")
    p_list.add_argument("--kind", choices=("fact", "image", "preference"))
    p_list.add_argument("--json", action="store_true", help="print JSON")

    p_search = sub.add_parser("search", help="find memories by meaning")
    p_search.add_argument("query")
    p_search.add_argument("-k", type=int, default=5, help="how many results (default 5)")
    p_search.add_argument("--json", action="store_true", help="print JSON")

    p_add = sub.add_parser("add", help="remember a fact or preference")
    p_add.add_argument("text")
    p_add.add_argument("--kind", choices=("fact", "preference"), help="default: guessed from the text")

    p_forget = sub.add_parser("forget", help="forget a memory by id or by a phrase that matches it")
    p_forget.add_argument("id_or_query")

    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    store = ctx.engines.memory
    try:
        return _run(args, store)
    finally:
        store.close()


def _run(args: argparse.Namespace, store: MemoryStore) -> int:
    from assistant.terminal_text import clean, json_text

    action = args.memory_command
    if action == "list":
        memories = store.list(kind=args.kind)
        if args.json:
            print(json_text([m.to_dict() for m in memories], indent=2))
        elif not memories:
            print("no memories yet")
        else:
            for memory in memories:
                print(clean(memory.summary()))
        return 0
    if action == "search":
        hits = store.search(args.query, k=args.k)
        if args.json:
            print(json_text([h.to_dict() for h in hits], indent=2))
        elif not hits:
            print("no matching memories")
        else:
            for hit in hits:
                print(clean(hit.summary()))
        return 0
    if action == "add":
        from assistant.memory.extract import guess_kind

        result = store.add(args.text, kind=args.kind or guess_kind(args.text), source="cli")
        print(clean(result.summary()))
        return 1 if result.action == "rejected" else 0
    if action == "forget":
        forgotten = store.forget(args.id_or_query)
        if not forgotten:
            print(f"nothing close enough to {clean(repr(args.id_or_query))}; use an id from `assistant memory list`")
            return 1
        for memory in forgotten:
            print(clean(f"forgot {memory.summary()}"))
        return 0
    raise AssertionError(f"unhandled memory action {action}")  # argparse restricts the choices
