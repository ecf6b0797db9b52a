"""What the transcript shows besides the session's own events (assistant/events.py): the
question of a turn and its attachments. Plain data, so a stored session can be turned into the
same sequence a live turn produced (tui/replay.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ShownAttachment:
    path: Path
    """The file shown (a reopened session shows the store's copy: the original may be gone)."""
    kind: str
    size_text: str = ""
    name: str = ""
    """The name in the caption; the path's own name when empty."""

    @property
    def label(self) -> str:
        return self.name or self.path.name


@dataclass
class Asked:
    """A question, with what came with it; ``from_speech``: words from speech recognition."""

    text: str
    attachments: list[ShownAttachment] = field(default_factory=list)
    from_speech: bool = False
