"""A stored session as the events its turns showed live, so a reopened session is drawn by the
same code as a live turn (tui/transcript.py): each question as Asked; each answer as
TurnStarted, its tool calls (ToolStarted, ToolFinished), then AnswerDone or TurnFailed.

Runs on a worker thread: an attachment's size is read back from the stored copy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.events import AnswerDone, ToolFinished, ToolStarted, TurnFailed, TurnStarted
from assistant.tui.view_events import Asked, ShownAttachment

if TYPE_CHECKING:
    from assistant.store import StoredAttachment, StoredTurn


def replay(turns: list[StoredTurn]) -> list[Any]:
    shown: list[Any] = []
    for turn in turns:
        if turn.role == "user":
            shown.append(Asked(turn.content, [_attachment(a) for a in turn.attachments], turn.from_speech))
            continue
        asked_in = turn.reply_to or turn.id
        shown.append(TurnStarted(turn.session_id, asked_in, turn.model))
        for call in turn.tool_calls:
            shown += [ToolStarted(call.call_id, call.name, call.args, call.origin), ToolFinished(call)]
        if turn.status == "complete":
            # Rounded as the live AnswerDone rounds them, so the meta line reads the same.
            timings = {k: round(v, 3) for k, v in turn.timings.items()}
            shown.append(AnswerDone(turn.session_id, asked_in, turn.content, turn.model, timings=timings,
                                    notes=list(turn.notes), replaced=turn.replaced))
        else:
            shown.append(TurnFailed(turn.session_id, asked_in, turn.error or "", turn.content,
                                    interrupted=turn.status == "interrupted"))
    return shown


def _attachment(stored: StoredAttachment) -> ShownAttachment:
    """The caption a live turn showed: the file's name and its size (pixels for an image)."""
    from assistant.attachments import load_attachment

    try:
        size_text = load_attachment(stored.path, expected_kind=stored.kind).size_text()
    except Exception:  # noqa: BLE001 - a stored copy gone or unreadable costs the size, not the session
        size_text = ""
    return ShownAttachment(stored.path, stored.kind, size_text, stored.name)
