"""Export a stored session as Markdown."""

from __future__ import annotations

import datetime as dt
import json

from assistant.store import ConversationStore


def _when(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")


def session_markdown(store: ConversationStore, session_id: str) -> str:
    info = store.get_session(session_id)
    lines = [f"# {info.title or 'Untitled session'}", "",
             f"Session `{info.id}` · started {_when(info.created_at)} · model {info.model or '-'}", ""]
    for turn in store.turns(session_id):
        you = "You (spoken)" if turn.from_speech else "You"
        who = you if turn.role == "user" else f"Assistant ({turn.model})"
        status = "" if turn.status == "complete" else f" — *{turn.status}*"
        lines += [f"## {who} · {_when(turn.created_at)}{status}", ""]
        for att in turn.attachments:
            lines.append(f"- attachment: {att.kind} `{att.name}` (sha256 {att.sha256[:12]})")
        for call in turn.tool_calls:
            state = "ok" if call.ok else "failed"
            lines.append(f"- tool `{call.name}` {json.dumps(call.args, ensure_ascii=False)} → {state}: {call.summary}")
        if turn.attachments or turn.tool_calls:
            lines.append("")
        lines += [turn.content or "*(no text)*", ""]
        if turn.error:
            lines += [f"> error: {turn.error}", ""]
    return "\n".join(lines).rstrip() + "\n"
