"""What a built chat model is and can do (ModelHandle), and a row of `assistant models` (ModelInfo).

Kept apart from the registry so that backends (vision_local) can build handles without importing
the registry that imports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


@dataclass
class ModelHandle:
    label: str
    """The name shown to the user: which model answered."""
    chat: BaseChatModel
    backend: str
    can_see: bool
    native_tools: bool
    image_detail: str = "auto"
    load_seconds: float = 0.0
    reports_finish: bool = False
    """The backend ends every complete reply with a finish reason (OpenAI-style streams)."""


@dataclass
class ModelInfo:
    name: str
    backend: str
    available: bool
    can_see: bool
    detail: str
    default: bool = False
