"""Settings: file + env precedence, secrets, clear errors, and fuzzed config files."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.errors import ConfigError
from assistant.settings import load_settings


def test_file_then_env_then_overrides(tmp_path, monkeypatch):
    cfg = tmp_path / "c.toml"
    cfg.write_text('model = "openai:gpt-4o"\n[openai]\nmodel = "gpt-4o-mini"\ntimeout = 5\n[embedded]\nmodel = "qwen2.5-coder-0.5b"\n')
    s = load_settings(cfg)
    assert s.model == "openai:gpt-4o" and s.openai.model == "gpt-4o-mini" and s.openai.timeout == 5
    assert s.embedded.model == "qwen2.5-coder-0.5b" and s.config_file == cfg
    monkeypatch.setenv("ASSISTANT_OPENAI__TIMEOUT", "9")
    monkeypatch.setenv("ASSISTANT_MODEL", "embedded")
    s = load_settings(cfg)
    assert s.openai.timeout == 9 and s.model == "embedded" and s.openai.model == "gpt-4o-mini"
    assert load_settings(cfg, model="scripted:x.json").model == "scripted:x.json"


def test_openai_env_vars_and_secret_never_printed(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-live-abcdefghijklmnop")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:8080/v1")
    s = load_settings()
    assert s.openai.api_key.get_secret_value() == "sk-live-abcdefghijklmnop"
    assert s.openai.base_url == "http://localhost:8080/v1"
    assert "sk-live" not in repr(s) and "sk-live" not in str(s.model_dump())


def test_home_from_env(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path / "data"))
    s = load_settings()
    assert s.home == tmp_path / "data" and s.db_path.parent == tmp_path / "data"


def test_bad_values_are_one_line_errors(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[openai]\nimage_detail = 'ultra'\n")
    with pytest.raises(ConfigError, match=r"invalid setting openai.image_detail"):
        load_settings(cfg)
    cfg.write_text("this is = = not toml")
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_settings(cfg)
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "missing.toml")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_fuzzed_config_file_only_raises_config_error(tmp_path, text):
    cfg = tmp_path / "fuzz.toml"
    cfg.write_text(text, encoding="utf-8", errors="surrogatepass") if False else cfg.write_bytes(
        text.encode("utf-8", "replace"))
    try:
        load_settings(cfg)
    except ConfigError as exc:
        assert "\n" not in str(exc)
