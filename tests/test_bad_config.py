"""Issue 16, items 12 and 15 (part): bad environment variables and settings are one line naming
the variable and the expected form, never a traceback; list variables take comma- or
colon-separated paths; `--session` with LIKE wildcards resumes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.settings import load_settings


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in out + err
    return lines[0]


@pytest.mark.parametrize("value, expected", [
    ("/tmp", ["/tmp"]),
    ("/tmp,/var/tmp", ["/tmp", "/var/tmp"]),
    ("/tmp:/var/tmp", ["/tmp", "/var/tmp"]),
    ('["/tmp", "/srv"]', ["/tmp", "/srv"]),
])
def test_allowed_dirs_from_the_environment(value, expected, monkeypatch):
    monkeypatch.setenv("ASSISTANT_ALLOWED_DIRS", value)
    assert load_settings().allowed_dirs == [Path(p) for p in expected]


@pytest.mark.parametrize("name, value, says", [
    ("ASSISTANT_OPENAI", "{bad", ["ASSISTANT_OPENAI", "JSON object"]),
    ("ASSISTANT_AGENT", "[1,", ["ASSISTANT_AGENT", "JSON object"]),
    ("ASSISTANT_ALLOWED_DIRS", "[/tmp", ["allowed_dirs", "ASSISTANT_ALLOWED_DIRS", "/a,/b"]),
    ("ASSISTANT_HOME", "/etc/passwd", ["ASSISTANT_HOME", "not a folder"]),
    ("ASSISTANT_HOME", "/etc/passwd/data", ["ASSISTANT_HOME", "/etc/passwd is a file"]),
    ("ASSISTANT_AGENT__MAX_STEPS", "-1", ["agent.max_steps", "ASSISTANT_AGENT__MAX_STEPS", "greater than or equal to 1"]),
    ("ASSISTANT_AGENT__MAX_STEPS", "0", ["agent.max_steps", "greater than or equal to 1"]),
    ("ASSISTANT_OPENAI__TIMEOUT", "-5", ["openai.timeout", "ASSISTANT_OPENAI__TIMEOUT", "greater than 0"]),
    ("ASSISTANT_OPENAI__TIMEOUT", "0", ["openai.timeout", "greater than 0"]),
    ("ASSISTANT_OPENAI__MAX_RETRIES", "-1", ["openai.max_retries", "greater than or equal to 0"]),
    ("ASSISTANT_AGENT__MODEL_CALL_DEADLINE", "-5",
     ["agent.model_call_deadline", "ASSISTANT_AGENT__MODEL_CALL_DEADLINE", "greater than 0"]),
    ("ASSISTANT_AGENT__MODEL_CALL_DEADLINE", "0", ["agent.model_call_deadline", "greater than 0"]),
    ("ASSISTANT_AGENT__MODEL_CALL_DEADLINE", "soon", ["agent.model_call_deadline", "valid number"]),
])
def test_bad_environment_is_one_line_naming_the_variable(name, value, says, monkeypatch, capsys):
    monkeypatch.setenv(name, value)
    assert main(["history", "list"]) == 1
    line = _one_error_line(capsys)
    assert all(s in line for s in says), line


def test_bad_values_in_the_config_file_name_the_file_and_section(tmp_path, capsys):
    config = tmp_path / "c.toml"
    config.write_text("[agent]\nmax_steps = -3\n")
    assert main(["--config", str(config), "history", "list"]) == 1
    line = _one_error_line(capsys)
    assert "agent.max_steps" in line and str(config) in line and "[agent] max_steps" in line


def test_home_flag_pointing_at_a_file_is_one_line(tmp_path, capsys):
    afile = tmp_path / "f"
    afile.write_text("x")
    assert main(["--home", str(afile), "history", "list"]) == 1
    assert "--home" in _one_error_line(capsys)


def test_session_wildcards_resume_nothing(tmp_path, capsys, isolated_env):
    script = tmp_path / "s.json"
    script.write_text(json.dumps(["one", "two"]))
    assert main(["ask", "first", "--model", f"scripted:{script}"]) == 0
    capsys.readouterr()
    for pattern in ("%", "_", "%%", "_" * 12, "  "):
        assert main(["ask", "second", "--model", f"scripted:{script}", "--session", pattern]) == 1, pattern
        assert "session" in _one_error_line(capsys)
        assert main(["history", "show", pattern]) == 1
        _one_error_line(capsys)
    from assistant.store import ConversationStore

    store = ConversationStore(isolated_env)
    (only,) = store.list_sessions()
    assert [t.content for t in store.turns(only.id)] == ["first", "one"]  # nothing was appended
    assert store.resolve_session(only.id[:4]) == only.id  # a real prefix still works
