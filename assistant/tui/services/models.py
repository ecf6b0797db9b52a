"""Which chat model answers (/model): list them, switch for the next turns."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.tui.services.runtime import ChatRuntime


class ModelService:
    def __init__(self, runtime: ChatRuntime) -> None:
        self._rt = runtime

    @property
    def label(self) -> str:
        return self._rt.model_label

    def switch(self, name: str) -> str:
        """Load ``name`` (may take seconds for an embedded model) and use it for the next turns."""
        core = self._rt.need_core()
        with self._rt.in_use():
            label = core.models.resolve(name.strip() or None).label
        self._rt.model = name.strip() or None
        self._rt.model_label = label
        return label

    def names(self) -> list[str]:
        core = self._rt.core
        return [info.name for info in core.models.available()] if core is not None else []
