"""The conversation store: SQLite in the data dir.

Sessions, turns, tool calls and attachments; attachment bytes are stored once, by content hash,
under ``<home>/blobs``. WAL mode and one transaction per write: a process killed mid-turn
leaves every committed turn intact, and a TUI and a CLI call can share one database.
Every text stored passes the secret redactor first.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import StoreError
from assistant.logs import redact as _redact_secrets
from assistant.migrations import migrate
from assistant.tool_calls import ToolCall


def redact(text: str) -> str:
    """Secrets out, and lone surrogates (a model can emit "\\ud800" in JSON) replaced: SQLite
    accepts only valid UTF-8, and a crash here would lose the turn."""
    return _redact_secrets(text).encode("utf-8", "replace").decode("utf-8")


@dataclass
class SessionInfo:
    id: str
    title: str
    model: str
    created_at: float
    updated_at: float
    turns: int = 0


@dataclass
class StoredAttachment:
    sha256: str
    name: str
    kind: str
    mime: str
    path: Path


StoredToolCall = ToolCall
"""The store keeps the turn's own tool-call records (the old name stays for callers)."""


@dataclass
class StoredTurn:
    id: int
    session_id: str
    role: str
    content: str
    status: str
    model: str
    created_at: float
    error: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    attachments: list[StoredAttachment] = field(default_factory=list)
    tool_calls: list[ToolCall] = field(default_factory=list)
    reply_to: int | None = None
    """For an answer: the id of the question it answers (None for answers stored before that
    was known and not linked by migration 3)."""
    from_speech: bool = False
    """For a question: its words came from speech recognition (stored since migration 4)."""
    notes: list[str] = field(default_factory=list)
    """For an answer: the notes shown under it (refused actions, memory changes; since migration 5)."""
    replaced: str = ""
    """For an answer: the model's own words a check replaced, kept visible (since migration 5)."""


@dataclass
class SearchHit:
    session_id: str
    turn_id: int
    source: str
    snippet: str


def conversation_order(turns: list[StoredTurn]) -> list[StoredTurn]:
    """Turns in stored order, except that an answer linked to a question comes right after it
    (and after that question's earlier answers). Unlinked answers keep their stored place."""
    questions = {t.id for t in turns if t.role == "user"}
    answers: dict[int, list[StoredTurn]] = {}
    for t in turns:
        if t.role == "assistant" and t.reply_to in questions:
            answers.setdefault(t.reply_to, []).append(t)
    ordered: list[StoredTurn] = []
    for t in turns:
        if t.role == "user":
            ordered += [t, *answers.get(t.id, [])]
        elif t.reply_to not in questions:
            ordered.append(t)
    return ordered


def _private_dir(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the data folder {path} ({exc.strerror or exc}); "
                         "set ASSISTANT_HOME or --home to a folder you can write to") from None
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass


class ConversationStore:
    def __init__(self, home: Path) -> None:
        _private_dir(home)
        self.home = home
        self.blob_dir = home / "blobs"
        self.path = home / "conversations.sqlite3"
        if not self.path.exists():
            # Create it user-only before SQLite opens it (umask would give 0644).
            fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA busy_timeout=30000")
            self.schema_version = migrate(self.conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"conversation database {self.path} is unusable ({exc}); move it aside") from None

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- sessions --------------------------------------------------------------------------
    def create_session(self, title: str = "", model: str = "") -> str:
        session_id = uuid.uuid4().hex[:12]
        now = time.time()
        with self._write() as c:
            c.execute(
                "INSERT INTO sessions (id, title, model, created_at, updated_at) VALUES (?,?,?,?,?)",
                (session_id, redact(title)[:200], model, now, now),
            )
        return session_id

    def resolve_session(self, prefix: str) -> str:
        if not prefix.strip():
            raise StoreError("empty session id; see `assistant history list`")
        # A plain prefix comparison: LIKE would read "%" and "_" in what the user typed as wildcards.
        rows = self.conn.execute("SELECT id FROM sessions WHERE substr(id, 1, ?) = ?",
                                 (len(prefix), prefix)).fetchall()
        if not rows:
            raise StoreError(f"no session {prefix!r}; see `assistant history list`")
        if len(rows) > 1:
            raise StoreError(f"session id {prefix!r} is ambiguous; give more characters")
        return str(rows[0]["id"])

    def list_sessions(self, limit: int = 50) -> list[SessionInfo]:
        rows = self.conn.execute(
            "SELECT s.*, (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id) AS n "
            "FROM sessions s ORDER BY updated_at DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [SessionInfo(r["id"], r["title"], r["model"], r["created_at"], r["updated_at"], r["n"]) for r in rows]

    def get_session(self, session_id: str) -> SessionInfo:
        row = self.conn.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise StoreError(f"no session {session_id!r}; see `assistant history list`")
        count = self.conn.execute("SELECT COUNT(*) FROM turns WHERE session_id = ?", (session_id,)).fetchone()[0]
        return SessionInfo(row["id"], row["title"], row["model"], row["created_at"], row["updated_at"], count)

    def rename_session(self, session_id: str, title: str) -> None:
        with self._write() as c:
            c.execute("UPDATE sessions SET title = ? WHERE id = ?", (redact(title)[:200], session_id))

    def delete_session(self, session_id: str) -> None:
        with self._write() as c:
            c.execute("DELETE FROM search_index WHERE session_id = ?", (session_id,))
            c.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    # -- turns -----------------------------------------------------------------------------
    def add_blob(self, source: Path, sha256: str, mime: str) -> Path:
        """Copy an attachment's bytes in once; later turns with the same bytes share them."""
        target = self.blob_dir / sha256[:2] / sha256
        row = self.conn.execute("SELECT path FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
        if row is not None and Path(row["path"]).exists():
            return Path(row["path"])
        _private_dir(target.parent)
        partial = target.with_name(f"{sha256}.{os.getpid()}.tmp")
        shutil.copyfile(source, partial)
        partial.replace(target)
        with self._write() as c:
            c.execute(
                "INSERT OR REPLACE INTO blobs (sha256, mime, size, path, created_at) VALUES (?,?,?,?,?)",
                (sha256, mime, target.stat().st_size, str(target), time.time()),
            )
        return target

    def add_user_turn(self, session_id: str, content: str, attachments: list[StoredAttachment] = (),  # type: ignore[assignment]
                      *, from_speech: bool = False) -> int:
        """``from_speech``: the words came from speech recognition, not the keyboard."""
        with self._write() as c:
            cur = c.execute(
                "INSERT INTO turns (session_id, role, content, created_at, from_speech) VALUES (?, 'user', ?, ?, ?)",
                (session_id, redact(content), time.time(), int(from_speech)),
            )
            turn_id = int(cur.lastrowid or 0)
            for att in attachments:
                c.execute(
                    "INSERT INTO attachments (turn_id, sha256, name, kind, original_path) VALUES (?,?,?,?,?)",
                    # A file name that is not UTF-8 (surrogate-escaped bytes) is kept readable, not fatal.
                    (turn_id, att.sha256, redact(att.name), att.kind, redact(str(att.path))),
                )
            c.execute(
                "INSERT INTO search_index (text, session_id, turn_id, source) VALUES (?,?,?,'user')",
                (redact(content + " " + " ".join(a.name for a in attachments)), session_id, turn_id),
            )
            title_row = c.execute("SELECT title FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if title_row is not None and not title_row["title"]:
                c.execute("UPDATE sessions SET title = ? WHERE id = ?", (redact(content)[:80], session_id))
            c.execute("UPDATE sessions SET updated_at = ? WHERE id = ?", (time.time(), session_id))
        return turn_id

    def add_assistant_turn(
        self,
        session_id: str,
        content: str,
        *,
        model: str,
        status: str = "complete",
        error: str | None = None,
        timings: dict[str, float] | None = None,
        tool_calls: list[ToolCall] = (),  # type: ignore[assignment]
        reply_to: int | None = None,
        notes: list[str] = (),  # type: ignore[assignment]
        replaced: str = "",
    ) -> int:
        """``reply_to``: the id of the question this answers (add_user_turn's id). Turns of
        parallel calls on one session interleave in the table; the link keeps them paired.
        ``notes`` and ``replaced``: what the answer showed under it (StoredTurn)."""
        with self._write() as c:
            cur = c.execute(
                "INSERT INTO turns (session_id, role, content, status, model, error, timings, created_at, reply_to, "
                "notes, replaced) VALUES (?, 'assistant', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, redact(content), status, model, redact(error) if error else None,
                 json.dumps(timings or {}), time.time(), reply_to, json.dumps([redact(n) for n in notes]),
                 redact(replaced)),
            )
            turn_id = int(cur.lastrowid or 0)
            for call in tool_calls:
                c.execute(
                    "INSERT INTO tool_calls (turn_id, call_id, name, args, summary, output, ok, seconds, evidence_id, "
                    "origin) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (turn_id, call.call_id, call.name, redact(json.dumps(call.args)), redact(call.summary),
                     redact(call.output), int(call.ok), call.seconds, call.evidence_id, call.origin),
                )
                c.execute(
                    "INSERT INTO search_index (text, session_id, turn_id, source) VALUES (?,?,?,?)",
                    (redact(call.output or call.summary), session_id, turn_id, f"tool:{call.name}"),
                )
            c.execute(
                "INSERT INTO search_index (text, session_id, turn_id, source) VALUES (?,?,?,'assistant')",
                (redact(content), session_id, turn_id),
            )
            c.execute("UPDATE sessions SET updated_at = ?, model = ? WHERE id = ?", (time.time(), model, session_id))
        return turn_id

    def set_notes(self, turn_id: int, notes: list[str]) -> None:
        """Replace an answer's notes (those known only after it was stored: memory changes)."""
        with self._write() as c:
            c.execute("UPDATE turns SET notes = ? WHERE id = ?", (json.dumps([redact(n) for n in notes]), turn_id))

    def turns(self, session_id: str) -> list[StoredTurn]:
        """The session's turns in conversation order: each question followed by its answers."""
        rows = self.conn.execute("SELECT * FROM turns WHERE session_id = ? ORDER BY id", (session_id,)).fetchall()
        result = []
        for r in rows:
            turn = StoredTurn(r["id"], r["session_id"], r["role"], r["content"], r["status"], r["model"],
                              r["created_at"], r["error"], json.loads(r["timings"] or "{}"),
                              reply_to=r["reply_to"], from_speech=bool(r["from_speech"]),
                              notes=json.loads(r["notes"] or "[]"), replaced=r["replaced"] or "")
            for a in self.conn.execute(
                "SELECT a.*, b.mime, b.path FROM attachments a JOIN blobs b USING (sha256) WHERE turn_id = ?",
                (r["id"],),
            ):
                turn.attachments.append(StoredAttachment(a["sha256"], a["name"], a["kind"], a["mime"], Path(a["path"])))
            for t in self.conn.execute("SELECT * FROM tool_calls WHERE turn_id = ? ORDER BY id", (r["id"],)):
                turn.tool_calls.append(ToolCall(t["call_id"], t["name"], json.loads(t["args"]), t["summary"],
                                                t["output"], bool(t["ok"]), t["seconds"], t["evidence_id"],
                                                t["origin"]))
            result.append(turn)
        return conversation_order(result)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        # Quote each word: user text must not be parsed as FTS5 syntax (a stray '-' or ':').
        terms = " ".join('"' + w.replace('"', '""') + '"' for w in query.split())
        if not terms:
            return []
        rows = self.conn.execute(
            "SELECT session_id, turn_id, source, snippet(search_index, 0, '[', ']', ' … ', 12) AS snip "
            "FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT ?",
            (terms, limit),
        ).fetchall()
        return [SearchHit(r["session_id"], int(r["turn_id"]), r["source"], r["snip"]) for r in rows]
