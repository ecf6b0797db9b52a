"""The CLI's core commands: ask (scripted), history, models, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.cli import main


def script(tmp_path, replies):
    path = tmp_path / "script.json"
    path.write_text(json.dumps(replies))
    return f"scripted:{path}"


def test_help_imports_nothing_heavy():
    code = ("import sys; from assistant.cli import build_parser; build_parser(); "
            "heavy = [m for m in ('langchain', 'langchain_core', 'openai', 'torch', 'chromadb', 'av', "
            "'onnxruntime', 'faster_whisper', 'PIL', 'pydantic_settings', 'xllamacpp', 'textual') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_ask_json_then_history(tmp_path, capsys):
    model = script(tmp_path, [{"tool_calls": [{"name": "current_time", "args": {}}]}, "It is late [E1]."])
    assert main(["ask", "What time is it?", "--model", model, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["answer"] == "It is late [E1]."
    assert out["tool_calls"][0]["name"] == "current_time" and out["tool_calls"][0]["arguments"] == {}
    assert out["evidence"][0]["id"] == "E1" and "Current local time" in out["evidence"][0]["text"]
    assert set(out["timings"]) >= {"first_token", "total"}
    sid = out["session_id"]

    assert main(["history", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["id"] == sid
    assert main(["history", "search", "Current local time"]) == 0
    assert sid in capsys.readouterr().out  # tool output is searchable
    assert main(["history", "export", sid[:5], "-o", str(tmp_path / "s.md")]) == 0
    md = (tmp_path / "s.md").read_text()
    assert "What time is it?" in md and "It is late [E1]." in md and "current_time" in md

    # Resume: the second ask continues the same session and the model sees the first exchange.
    model2 = script(tmp_path, ["Yes."])
    assert main(["ask", "Still late?", "--session", sid[:6], "--model", model2]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == "Yes." and sid in captured.err
    assert main(["history", "show", sid, "--json"]) == 0
    turns = json.loads(capsys.readouterr().out)
    assert [t["content"] for t in turns] == ["What time is it?", "It is late [E1].", "Still late?", "Yes."]


@pytest.mark.parametrize("argv, phrase", [
    (["ask", "hi", "--model", "gpt-9000-turbo"], "unknown model 'gpt-9000-turbo'"),
    (["ask", "hi", "--model", "embedded:nonesuch"], "unknown embedded model"),
    (["ask", "hi", "--model", "openai:gpt-4o"], "blocked"),
    (["ask", "hi", "--session", "nope"], "no session 'nope'"),
    (["history", "show", "nope"], "no session 'nope'"),
    (["ask", "hi", "--image", "/no/such/file.png"], "does not exist"),
])
def test_errors_are_one_line(argv, phrase, capsys):
    assert main(argv) == 1
    err = capsys.readouterr().err.strip()
    assert phrase in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_mislabelled_attachment(tmp_path, capsys):
    fake = tmp_path / "shot.png"
    fake.write_text("just text")
    wav_as_png = tmp_path / "voice.png"
    wav_as_png.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 40)
    model = script(tmp_path, ["never"])
    assert main(["ask", "what?", "--image", str(fake), "--model", model]) == 1
    assert "is not a image file" in capsys.readouterr().err.replace("an image", "a image")
    assert main(["ask", "what?", "--image", str(wav_as_png), "--model", model]) == 1
    assert "named like image but holds audio" in capsys.readouterr().err


@pytest.mark.real_model
def test_missing_model_packages_say_what_to_install(monkeypatch, capsys):
    from assistant.models import gguf

    spec = gguf.PackagedGGUF("qwen2.5-coder-0.5b", "x", "no-such-package-part", 6, "0.9.0", 1, "0" * 64)
    monkeypatch.setitem(gguf.PACKAGED_MODELS, "qwen2.5-coder-0.5b", spec)
    assert main(["ask", "hi", "--model", "embedded:qwen2.5-coder-0.5b"]) == 1
    err = capsys.readouterr().err
    assert "not installed" in err and "pip install '.[embedded]'" in err


def test_models_lists_packaged_and_openai(capsys):
    assert main(["models", "--json"]) == 0
    names = {m["name"]: m for m in json.loads(capsys.readouterr().out)}
    assert {"embedded:qwen2.5-coder-0.5b", "embedded:qwen2.5-coder-1.5b", "openai:gpt-4o"} <= set(names)
    assert names["openai:gpt-4o"]["available"] is False and names["openai:gpt-4o"]["can_see"] is True
    assert sum(m["default"] for m in names.values()) == 1
