"""Lazy facades: a tool package names its public API without importing its heavy modules.

Each tool subpackage's ``__init__`` lists ``name -> submodule`` and defines
``__getattr__(name)`` through :func:`load`, so ``from assistant.tools.speech import SpeechTool``
imports only the module that defines it, on first use (plain chat turns never pay for Whisper).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any


def load(package: str, exports: dict[str, str], name: str) -> Any:
    """The attribute ``name`` of ``package``, imported from the submodule ``exports`` names."""
    module = exports.get(name)
    if module is None:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{package}.{module}"), name)
    setattr(sys.modules[package], name, value)  # later lookups skip __getattr__
    return value
