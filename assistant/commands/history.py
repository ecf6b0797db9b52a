"""`assistant history list|show|search|export`: the conversation store from the shell."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("history", help="list, show, search and export past sessions")
    hs = p.add_subparsers(dest="history_command", metavar="ACTION", required=True)
    ls = hs.add_parser("list", help="recent sessions")
    ls.add_argument("-n", type=int, default=20, help="how many")
    ls.add_argument("--json", action="store_true")
    show = hs.add_parser("show", help="print one session")
    show.add_argument("session", help="session id or unique prefix")
    show.add_argument("--json", action="store_true")
    search = hs.add_parser("search", help="full-text search across all sessions (tool outputs too)")
    search.add_argument("query")
    search.add_argument("-n", type=int, default=20)
    search.add_argument("--json", action="store_true")
    export = hs.add_parser("export", help="export a session to Markdown")
    export.add_argument("session")
    export.add_argument("-o", "--out", help="write to this file instead of stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from assistant.export import session_markdown
    from assistant.store import ConversationStore
    from assistant.terminal_text import clean, json_text

    store = ConversationStore(ctx.settings.home)
    try:
        action = args.history_command
        if action == "list":
            sessions = store.list_sessions(args.n)
            if args.json:
                print(json_text([asdict(s) for s in sessions], indent=2))
            for s in [] if args.json else sessions:
                when = dt.datetime.fromtimestamp(s.updated_at).strftime("%Y-%m-%d %H:%M")
                print(f"{s.id}  {when}  {s.turns:3d} turns  {clean(s.title[:60])}")
        elif action == "show":
            sid = store.resolve_session(args.session)
            if args.json:
                print(json_text([_turn_dict(t) for t in store.turns(sid)], indent=2))
            else:
                sys.stdout.write(clean(session_markdown(store, sid)))
        elif action == "search":
            hits = store.search(args.query, args.n)
            if args.json:
                print(json_text([asdict(h) for h in hits], indent=2))
            for h in [] if args.json else hits:
                print(clean(f"{h.session_id}  turn {h.turn_id}  [{h.source}]  {h.snippet}"))
            if not hits and not args.json:
                print("no matches", file=sys.stderr)
        elif action == "export":
            text = session_markdown(store, store.resolve_session(args.session))
            if args.out:
                Path(args.out).write_text(text, encoding="utf-8")
                print(f"wrote {clean(args.out)}", file=sys.stderr)
            else:
                sys.stdout.write(clean(text))
        return 0
    finally:
        store.close()


def _turn_dict(turn: Any) -> dict[str, Any]:
    data = asdict(turn)
    for att in data["attachments"]:
        att["path"] = str(att["path"])
    return data
