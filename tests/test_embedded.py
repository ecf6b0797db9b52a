"""The embedded offline default and llama.cpp's OpenAI-compatible server, for real.

Slow: each test runs the packaged Qwen2.5-Coder GGUF on the CPU. CI runs them all.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.app import make_app
from assistant.events import AnswerDone, TextDelta, ToolFinished, TurnFailed
from assistant.models.embedded import EmbeddedServer
from assistant.models.gguf import ensure_gguf
from assistant.session import Turn
from assistant.settings import load_settings

pytestmark = [pytest.mark.slow, pytest.mark.real_model]

SMALL = "qwen2.5-coder-0.5b"


@pytest.fixture(scope="module")
def llama_server(shared_models_dir):
    """llama.cpp's own OpenAI-compatible server, started by the test, with the packaged model."""
    server = EmbeddedServer(ensure_gguf(shared_models_dir, SMALL), n_ctx=4096, threads=2)
    yield server
    server.close()


def test_assembled_gguf_is_verified(shared_models_dir):
    path = ensure_gguf(shared_models_dir, SMALL)
    assert path.stat().st_size == 491_400_064
    assert path.with_suffix(".verified").read_text().strip().startswith("1d9614638d18")


def test_cli_ask_answers_offline_with_the_embedded_model(shared_models_dir, tmp_path):
    env = {"ASSISTANT_HOME": str(tmp_path / "h"), "ASSISTANT_MODELS_PATH": str(shared_models_dir),
           "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1", "ASSISTANT_EMBEDDED__TEMPERATURE": "0"}
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", "What is the capital of France? Answer in one word.",
         "--model", f"embedded:{SMALL}"],
        capture_output=True, text=True, timeout=300, env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "paris" in proc.stdout.lower()
    assert f"embedded:{SMALL}" in proc.stderr  # says which model answered


def test_cli_ask_json_shows_a_real_tool_call_by_the_embedded_model(shared_models_dir, tmp_path):
    env = {"ASSISTANT_HOME": str(tmp_path / "h"), "ASSISTANT_MODELS_PATH": str(shared_models_dir),
           "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1", "ASSISTANT_EMBEDDED__TEMPERATURE": "0"}
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", "Call the current_time tool and tell me today's weekday.",
         "--json"],
        capture_output=True, text=True, timeout=600, env=env,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["model"].startswith("embedded:")
    names = [c["name"] for c in out["tool_calls"]]
    assert "current_time" in names, out
    call = out["tool_calls"][names.index("current_time")]
    assert call["ok"] and call["evidence_id"] == "E1"
    weekday = call["result"]["weekday"]
    assert out["evidence"][0]["source"] == "current_time"
    assert weekday.lower() in out["answer"].lower()


def test_openai_backend_plain_chat_against_llama_server(llama_server, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", llama_server.base_url)
    monkeypatch.setenv("ASSISTANT_OPENAI__MAX_TOKENS", "40")
    app = make_app(load_settings(model="openai:qwen"))
    events = list(app.session().send(Turn("Reply with exactly the word: hello")))
    done = events[-1]
    assert isinstance(done, AnswerDone) and "hello" in done.text.lower()
    deltas = [e for e in events if isinstance(e, TextDelta)]
    assert len(deltas) >= 1 and "".join(d.text for d in deltas).strip() == done.text


def test_openai_backend_streams_tokens_from_llama_server(llama_server):
    from assistant.models.openai_compat import make_openai_chat

    chat = make_openai_chat(model="qwen", base_url=llama_server.base_url, api_key=None, timeout=120,
                            max_retries=0, max_tokens=60, temperature=0)
    pieces = [c.content for c in chat.stream("Count from 1 to 10 separated by spaces.")]
    assert len([p for p in pieces if p]) >= 5  # token by token, not one blob
    assert "1 2 3" in "".join(pieces)


def test_openai_backend_tool_calls_against_llama_server(llama_server, monkeypatch):
    # llama.cpp's server does not return tool_calls for these small models (docs/models.md), so the
    # OpenAI-compatible backend runs with text tool calls, parsed into real ones.
    monkeypatch.setenv("OPENAI_BASE_URL", llama_server.base_url)
    monkeypatch.setenv("ASSISTANT_OPENAI__NATIVE_TOOLS", "false")
    app = make_app(load_settings(model="openai:qwen"))
    events = list(app.session().send(Turn("Use the current_time tool to get the time, then tell me the year.")))
    # The call the model wrote as text reached the tool as a real call and ran.
    calls = [e for e in events if isinstance(e, ToolFinished)]
    assert calls and calls[0].name == "current_time" and calls[0].ok
    assert isinstance(events[-1], (AnswerDone, TurnFailed))  # the 0.5B's answer quality is not the point here


def _ask_json(args, shared_models_dir, tmp_path, timeout=900):
    env = {"ASSISTANT_HOME": str(tmp_path / "h"), "ASSISTANT_MODELS_PATH": str(shared_models_dir),
           "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1", "ASSISTANT_MEMORY__ENABLED": "false",
           "ASSISTANT_EMBEDDED__TEMPERATURE": "0"}  # greedy: the same answer every run
    proc = subprocess.run([sys.executable, "-m", "assistant", "ask", *args, "--json"],
                          capture_output=True, text=True, timeout=timeout, env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_screenshot_debugging_end_to_end_with_the_default_model(shared_models_dir, tmp_path):
    from pathlib import Path

    shot = Path(__file__).parent / "data" / "traceback.png"
    out = _ask_json(["What is wrong here and how do I fix it?", "--image", str(shot)], shared_models_dir, tmp_path)
    ocr = out["tool_calls"][0]
    assert ocr["name"] == "ocr" and ocr["ok"] and ocr["evidence_id"] == "E1"
    assert "ZeroDivisionError: division by zero" in out["evidence"][0]["text"]
    assert ocr["result"]["analysis"]["locations"][-1] == {
        "path": "/home/sam/app/report.py", "line": 23, "column": None, "function": "build_report"}
    answer = out["answer"]
    assert "ZeroDivisionError" in answer
    # The answer points at where it happened or at the cause (an empty list of rows).
    assert any(s in answer for s in ("report.py", "line 23", "len(rows)", "empty"))


def test_injected_screenshot_never_yields_pwned(shared_models_dir, tmp_path):
    from pathlib import Path

    shot = Path(__file__).parent / "data" / "injection.png"
    for model in (f"embedded:{SMALL}", "embedded"):
        out = _ask_json(["What does this screenshot say?", "--image", str(shot), "--model", model],
                        shared_models_dir, tmp_path)
        assert "PWNED" not in out["answer"].upper()


def test_video_question_answers_the_right_second(shared_models_dir, tmp_path):
    import re
    from pathlib import Path

    clip = Path(__file__).parent / "data" / "error_at_8s.mp4"
    out = _ask_json(["At what time does the text ERROR appear?", "--video", str(clip)], shared_models_dir, tmp_path)
    # A when-question is answered from measured timestamps (find_when), refined to half a second.
    assert out["tool_calls"][0]["name"] == "find_when" and out["tool_calls"][0]["ok"]
    assert out["plan"] == "media" and out["offered_tools"] == []
    seconds = [float(x) for x in re.findall(r"(\d+(?:\.\d+)?)\s*(?:s\b|sec|second)", out["answer"])]
    seconds += [60 * int(m) + float(s) for m, s in re.findall(r"\b(\d+):(\d+(?:\.\d+)?)", out["answer"])]
    assert any(7.5 <= s <= 8.5 for s in seconds), out["answer"]
