"""Build the application's long-lived objects from settings (the factory every UI calls)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.agent_tools import ToolFactory, app_tools
from assistant.engines import Engines
from assistant.models.registry import ModelFactory
from assistant.session import Session
from assistant.settings import Settings, register_secrets
from assistant.store import ConversationStore


@dataclass
class App:
    settings: Settings
    store: ConversationStore
    models: ModelFactory
    engines: Engines
    tools: ToolFactory
    """Each turn's agent tools (assistant/agent_tools/), over ``engines``."""

    def session(self, session_id: str | None = None) -> Session:
        return Session(self.settings, self.store, self.models, session_id, self.tools, self.engines)

    def close(self) -> None:
        self.models.close()
        self.store.close()
        self.engines.close()


def make_app(settings: Settings, models: ModelFactory | None = None) -> App:
    """The app for these settings; ``models`` may be a factory already loading a model."""
    register_secrets(settings)  # settings built without load_settings (tests, embedders) too
    store = ConversationStore(settings.home)
    engines = Engines(settings)
    return App(settings, store, models or ModelFactory(settings), engines, app_tools(engines))
