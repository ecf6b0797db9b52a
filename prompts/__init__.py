"""Every model-facing sentence lives in this folder as YAML files of Jinja templates.

``render("system", "base", model_can_see=False)`` renders the ``base`` entry of ``system.yaml``
with StrictUndefined: a missing variable is an error, not an empty string.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def _load(name: str) -> dict[str, Any]:
    text = resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"prompts/{name}.yaml must be a mapping of template names to text")
    return data


@cache
def _environment():  # type: ignore[no-untyped-def]
    from jinja2 import Environment, StrictUndefined

    return Environment(undefined=StrictUndefined, keep_trailing_newline=False, autoescape=False)


def entries(name: str) -> dict[str, Any]:
    """Every entry of ``name``.yaml, in the file's order (structured entries such as the tool
    descriptions are mappings, not templates)."""
    return _load(name)


def text(name: str, key: str) -> str:
    """The raw template text (for templates without variables)."""
    return _load(name)[key]


def render(_file: str, _key: str, /, **variables: Any) -> str:
    template = _environment().from_string(_load(_file)[_key])
    return template.render(**variables).strip()
