"""`assistant memory` on the command line (real embedded chromadb, real int8 MiniLM), and its light import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("chromadb")

REPO = Path(__file__).resolve().parents[1]


def test_cli_add_list_search_forget(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    from assistant import cli

    # Only this module: the CLI test must not depend on other subcommands' imports.
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("memory",))
    monkeypatch.delenv("ASSISTANT_CONFIG", raising=False)
    home = ["--config", str(_empty_config(tmp_path)), "--home", str(tmp_path)]

    assert cli.main([*home, "memory", "add", "My project uses Python 3.12"]) == 0
    assert capsys.readouterr().out.startswith("added m-")
    assert cli.main([*home, "memory", "add", "my api key is sk-abcdefghijklmnopqrstuvwxyz"]) == 1
    assert "secrets are never stored" in capsys.readouterr().out
    assert cli.main([*home, "memory", "add", "I prefer tabs over spaces"]) == 0
    capsys.readouterr()

    assert cli.main([*home, "memory", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(m["text"], m["kind"], m["source"]) for m in listed] == [
        ("My project uses Python 3.12", "fact", "cli"),
        ("I prefer tabs over spaces", "preference", "cli"),
    ]
    assert (tmp_path / "memory").is_dir()

    assert cli.main([*home, "memory", "search", "python version", "-k", "1", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 1 and hits[0]["memory"]["text"] == "My project uses Python 3.12"

    assert cli.main([*home, "memory", "forget", listed[1]["id"]]) == 0
    assert "forgot" in capsys.readouterr().out
    assert cli.main([*home, "memory", "forget", "the moon landing"]) == 1
    capsys.readouterr()
    assert cli.main([*home, "memory", "list"]) == 0
    out = capsys.readouterr().out
    assert "Python 3.12" in out and "tabs" not in out


def _empty_config(tmp_path: Path) -> Path:
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    return config


def test_importing_memory_and_the_command_loads_nothing_heavy() -> None:
    code = (
        "import sys, memory, assistant.commands.memory; "
        "heavy = [m for m in ('chromadb', 'onnxruntime', 'tokenizers', 'numpy', 'openai') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == ""
