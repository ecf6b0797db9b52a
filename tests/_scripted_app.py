"""The real app with a scripted chat model in place of the model registry: tools, readings and
checks run as they do for users; only the model's replies are fixed."""

from __future__ import annotations

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


def app_with(chat, can_see=False):
    app = make_app(load_settings())
    app.models = StaticModels(ModelHandle("scripted:test", chat, "scripted", can_see=can_see, native_tools=True))
    return app
