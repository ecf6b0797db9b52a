"""Build the application's long-lived objects from settings (the factory every UI calls)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.models.registry import ModelFactory
from assistant.session import Session
from assistant.settings import Settings, register_secrets
from assistant.store import ConversationStore


@dataclass
class App:
    settings: Settings
    store: ConversationStore
    models: ModelFactory
    tool_factories: list[Any] = field(default_factory=list)
    engines: Any = None

    def session(self, session_id: str | None = None) -> Session:
        return Session(self.settings, self.store, self.models, session_id, self.tool_factories, self.engines)

    def close(self) -> None:
        self.models.close()
        self.store.close()


def make_app(settings: Settings, models: ModelFactory | None = None) -> App:
    """The app for these settings; ``models`` may be a factory already loading a model."""
    from assistant.engines import Engines
    from assistant.tool_factories import default_tool_factories

    register_secrets(settings)  # settings built without load_settings (tests, embedders) too
    store = ConversationStore(settings.home)
    engines = Engines(settings)
    return App(settings, store, models or ModelFactory(settings), default_tool_factories(engines), engines)
