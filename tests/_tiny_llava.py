"""A tiny randomly initialised LLaVA and helpers for the local-vision tests.

Loaded by tests/conftest.py as a plugin (fixtures: tiny_llava, png). Nothing heavy is imported
until a test asks for the checkpoint.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.messages import HumanMessage

from assistant.models.registry import ModelFactory, ModelHandle
from assistant.settings import load_settings


@pytest.fixture(scope="session")
def tiny_llava(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from assistant.models.tiny_vision import build_tiny_llava

    return build_tiny_llava(tmp_path_factory.mktemp("ckpt") / "tiny-llava")


@pytest.fixture
def png(tmp_path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (120, 80), "white")
    ImageDraw.Draw(image).rectangle((10, 10, 60, 50), fill="red")
    path = tmp_path / "shot.png"
    image.save(path)
    return path


def data_url(path: Path) -> str:
    from assistant.tools.media import encode_data_url, load_image

    return encode_data_url(load_image(path).image)


def image_message(text: str, *paths: Path) -> HumanMessage:
    parts = [{"type": "text", "text": text}]
    parts += [{"type": "image_url", "image_url": {"url": data_url(p)}} for p in paths]
    return HumanMessage(content=parts)


def vision(tiny: Path, **vision: object) -> tuple[ModelFactory, ModelHandle]:
    settings = load_settings(vision={"temperature": 0, "max_new_tokens": 24, **vision})
    factory = ModelFactory(settings)
    return factory, factory.resolve(f"llava:{tiny}")
