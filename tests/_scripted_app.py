"""The real app with a scripted chat model in place of the model registry: tools, readings and
checks run as they do for users; only the model's replies are fixed."""

from __future__ import annotations

from langchain_core.messages import HumanMessage

from assistant.app import make_app
from assistant.models.registry import ModelHandle
from assistant.settings import load_settings


class StaticModels:
    def __init__(self, handle):
        self.handle = handle

    def resolve(self, name=None):
        return self.handle

    def close(self):
        pass


def app_with(chat, can_see=False, tools=None):
    """``tools`` overrides the planner setting ("auto" for users, "always" to offer every tool)."""
    settings = load_settings()
    if tools is not None:
        settings.agent = settings.agent.model_copy(update={"tools": tools})
    app = make_app(settings)
    app.models = StaticModels(ModelHandle("scripted:test", chat, "scripted", can_see=can_see, native_tools=True))
    return app


def user_text(message: HumanMessage) -> str:
    """The text parts of a user message, as the model received them."""
    if isinstance(message.content, str):
        return message.content
    return "\n".join(p.get("text", "") for p in message.content if isinstance(p, dict))
