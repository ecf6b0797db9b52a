"""Database errors on screen: PostgreSQL (psql), MySQL/MariaDB and SQLite, with the usual fix.

    find_sql_errors(['ERROR:  duplicate key value violates unique constraint "users_email_key"'])
    # [SqlError(error="duplicate key value violates unique constraint", subject="users_email_key",
    #           fix="duplicate_key")]

As with shell errors (shell_errors.py), the message alone leads a small model astray ("install
the users table"), so each error carries the key of its usual fix, worded in prompts/ocr.yaml
(``sql_fix_<key>``). ``subject`` is what the message names: a constraint, a table, a column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_Q = r"[\"'`\u201c\u201d\u2018\u2019]"
# (pattern, fix key). Each pattern's "subject" group, when it has one, is the thing named.
_PATTERNS = [
    (rf"duplicate key value violates unique constraint\s*{_Q}?(?P<subject>[\w.]+)?", "duplicate_key"),
    (rf"Duplicate entry\s*{_Q}[^'\"`]*{_Q}\s*for key\s*{_Q}?(?P<subject>[\w.]+)?", "duplicate_key"),
    (r"UNIQUE constraint failed:\s*(?P<subject>[\w.]+)", "duplicate_key"),
    (rf"relation\s*{_Q}(?P<subject>[\w.]+){_Q}\s*does not exist", "missing_table"),
    (rf"Table\s*{_Q}(?P<subject>[\w.]+){_Q}\s*doesn'?t exist", "missing_table"),
    (r"no such table:\s*(?P<subject>[\w.]+)", "missing_table"),
    (rf"column\s*{_Q}?(?P<subject>[\w.]+){_Q}?\s*(?:of relation\s*{_Q}?[\w.]+{_Q}?\s*)?does not exist", "missing_column"),
    (rf"Unknown column\s*{_Q}(?P<subject>[\w.]+){_Q}", "missing_column"),
    (r"no such column:\s*(?P<subject>[\w.]+)", "missing_column"),
    (rf"null value in column\s*{_Q}(?P<subject>\w+){_Q}.*violates not-null constraint", "not_null"),
    (r"NOT NULL constraint failed:\s*(?P<subject>[\w.]+)", "not_null"),
    (rf"violates foreign key constraint\s*{_Q}?(?P<subject>[\w.]+)?", "foreign_key"),
    (r"FOREIGN KEY constraint failed", "foreign_key"),
    (rf"syntax error at or near\s*{_Q}(?P<subject>[^'\"`]+){_Q}", "syntax"),
    (r"You have an error in your SQL syntax", "syntax"),
    (r"near\s*\"(?P<subject>[^\"]+)\":\s*syntax error", "syntax"),
    (rf"password authentication failed for user\s*{_Q}(?P<subject>\w+){_Q}", "login"),
    (rf"Access denied for user\s*{_Q}(?P<subject>[^'\"`]+){_Q}", "login"),
]
_COMPILED = [(re.compile(p, re.IGNORECASE), fix) for p, fix in _PATTERNS]
_LEAD = re.compile(r"^\s*(?:[\w.]+:\s*)?(?i:ERROR|FATAL)(?:\s+\d+\s*\(\w+\))?\s*[:\uff1a]\s*"
                   r"|^\s*(?:Error|Parse error).*?[:\uff1a]\s*")  # OCR may read a full-width colon


@dataclass(frozen=True)
class SqlError:
    error: str
    """The message as the database printed it, without its "ERROR:" prefix."""
    subject: str
    fix: str
    """Key of the usual fix: prompts/ocr.yaml ``sql_fix_<fix>``."""


def find_sql_errors(lines: list[str]) -> list[SqlError]:
    """The database errors in screen lines, in the order printed."""
    found = []
    for line in lines:
        for pattern, fix in _COMPILED:
            m = pattern.search(line)
            if m is None:
                continue
            message = _LEAD.sub("", line).strip()
            found.append(SqlError(message or m.group(0), (m.groupdict().get("subject") or "").strip(), fix))
            break
    return found


__all__ = ["SqlError", "find_sql_errors"]
