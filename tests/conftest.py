"""Shared test set-up.

Every test gets its own data dir and config dir, no OpenAI credentials, and real model backends
blocked (like pydantic-ai's ALLOW_MODEL_REQUESTS = False): a test that needs the embedded model
or a real server opts in with ``@pytest.mark.real_model``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Shared fixtures: the tiny LLaVA (tiny_llava, png) and the video test clips (clip, long_clip, ...).
pytest_plugins = ["_tiny_llava", "_video_clips"]

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "real_model: the test runs a real model backend (embedded llama.cpp)")


@pytest.fixture(scope="session")
def shared_models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One place for assembled GGUFs across the run (assembly copies hundreds of MB)."""
    return Path(os.environ.get("ASSISTANT_TEST_MODELS_DIR") or tmp_path_factory.mktemp("models"))


@pytest.fixture(autouse=True)
def isolated_env(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                 shared_models_dir: Path) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("ASSISTANT_HOME", str(home))
    monkeypatch.setenv("ASSISTANT_MODELS_PATH", str(shared_models_dir))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("ASSISTANT_CONFIG", raising=False)
    for name in list(os.environ):
        if name.startswith("OPENAI_") or (name.startswith("ASSISTANT_") and name not in (
                "ASSISTANT_HOME", "ASSISTANT_MODELS_PATH", "ASSISTANT_TEST_MODELS_DIR")):
            monkeypatch.delenv(name, raising=False)
    if request.node.get_closest_marker("real_model") is None:
        monkeypatch.setenv("ASSISTANT_BLOCK_REAL_MODELS", "1")
    return home


@pytest.fixture
def stub():
    """A real local HTTP server speaking (or breaking) the OpenAI chat API; see tests/stub_openai.py."""
    from tests.stub_openai import StubOpenAI

    server = StubOpenAI()
    yield server
    server.close()
