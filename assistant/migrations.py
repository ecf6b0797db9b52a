"""Schema migrations for the conversation store, applied in order and recorded in the database.

Append a new entry to MIGRATIONS to change the schema; never edit an applied one.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            model TEXT NOT NULL DEFAULT '',
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        );
        CREATE TABLE turns (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
            content TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'complete',
            model TEXT NOT NULL DEFAULT '',
            error TEXT,
            timings TEXT,
            created_at REAL NOT NULL
        );
        CREATE INDEX turns_by_session ON turns(session_id, id);
        CREATE TABLE tool_calls (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            turn_id INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
            call_id TEXT NOT NULL,
            name TEXT NOT NULL,
            args TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            output TEXT NOT NULL DEFAULT '',
            ok INTEGER NOT NULL DEFAULT 1,
            seconds REAL NOT NULL DEFAULT 0,
            evidence_id TEXT
        );
        CREATE TABLE blobs (
            sha256 TEXT PRIMARY KEY,
            mime TEXT NOT NULL,
            size INTEGER NOT NULL,
            path TEXT NOT NULL,
            created_at REAL NOT NULL
        );
        CREATE TABLE attachments (
            turn_id INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
            sha256 TEXT NOT NULL REFERENCES blobs(sha256),
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            original_path TEXT NOT NULL DEFAULT ''
        );
        CREATE VIRTUAL TABLE search_index USING fts5(
            text, session_id UNINDEXED, turn_id UNINDEXED, source UNINDEXED,
            tokenize = 'unicode61'
        );
        """,
    ),
    (
        2,
        # Who asked for each tool call: the turn runner reading an attachment, or the model.
        # Rows from before this column read attachments under ids starting "pre_".
        """
        ALTER TABLE tool_calls ADD COLUMN origin TEXT NOT NULL DEFAULT 'model';
        UPDATE tool_calls SET origin = 'attachment' WHERE call_id LIKE 'pre\\_%' ESCAPE '\\';
        """,
    ),
    (
        3,
        # Which question each answer answers: turns of parallel `ask` calls on one session are
        # stored interleaved (five questions, then five answers). Old answers are linked as a
        # one-at-a-time conversation reads: to the latest earlier question not yet answered
        # (bracket matching on the running count of questions minus answers), so a question
        # left unanswered by an interrupted turn does not shift the rest.
        """
        ALTER TABLE turns ADD COLUMN reply_to INTEGER REFERENCES turns(id) ON DELETE SET NULL;
        CREATE TEMP TABLE turn_depth AS
            SELECT id, session_id, role,
                   SUM(CASE role WHEN 'user' THEN 1 ELSE -1 END)
                       OVER (PARTITION BY session_id ORDER BY id) AS depth
            FROM turns;
        UPDATE turns SET reply_to = (
            SELECT MAX(q.id) FROM turn_depth q, turn_depth a
            WHERE a.id = turns.id AND q.session_id = a.session_id AND q.role = 'user'
              AND q.id < a.id AND q.depth = a.depth + 1
        ) WHERE role = 'assistant';
        DROP TABLE turn_depth;
        CREATE INDEX turns_by_question ON turns(reply_to);
        """,
    ),
    (
        4,
        # A question that came from speech recognition (the voice loop, push-to-talk) rather than
        # the keyboard. Older spoken questions cannot be told apart: they stay 0.
        """
        ALTER TABLE turns ADD COLUMN from_speech INTEGER NOT NULL DEFAULT 0;
        """,
    ),
    (
        5,
        # What an answer showed under it when it was given: the notes (refused or confirmed
        # actions, memory changes, what a check did) and the model's own words a check replaced,
        # so a session opened again shows them as it did live. Older answers have neither.
        """
        ALTER TABLE turns ADD COLUMN notes TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE turns ADD COLUMN replaced TEXT NOT NULL DEFAULT '';
        """,
    ),
]


def current_version(conn: sqlite3.Connection) -> int:
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection) -> int:
    """Apply pending migrations, each whole or not at all. Returns the schema version.

    The connection must be in autocommit mode (isolation_level=None). BEGIN IMMEDIATE takes the
    write lock before the version is re-read, so two processes opening a new database at once
    do not both apply the same migration.
    """
    version = current_version(conn)
    for number, script in MIGRATIONS:
        if number <= version:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if current_version(conn) >= number:
                conn.execute("ROLLBACK")
                continue
            for statement in script.split(";\n"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("INSERT INTO schema_version VALUES (?)", (number,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        version = number
    return version
