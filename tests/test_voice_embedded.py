"""`assistant voice --input WAV` end to end with the real embedded model (llama.cpp, Qwen 0.5B):
the spoken question is heard by the VAD, transcribed by Whisper tiny.en while it plays,
answered by the packaged GGUF, and the transcript, answer and stage timings are printed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from _speech_helpers import FRANCE, FRANCE_WORDS, wer

pytestmark = [pytest.mark.slow, pytest.mark.real_model]
ROOT = Path(__file__).resolve().parents[1]


def test_voice_file_runs_the_whole_loop_with_the_embedded_model(shared_models_dir: Path, tmp_path: Path) -> None:
    env = {"ASSISTANT_HOME": str(tmp_path / "h"), "ASSISTANT_MODELS_PATH": str(shared_models_dir),
           "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "voice", "--input", str(FRANCE),
         "--model", "embedded:qwen2.5-coder-0.5b"],
        capture_output=True, text=True, timeout=600, env=env, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    heard = [line[len("you: "):] for line in proc.stdout.splitlines() if line.startswith("you: ")]
    assert len(heard) == 1 and wer(FRANCE_WORDS, heard[0]) <= 0.2, proc.stdout
    answers = [line for line in proc.stdout.splitlines() if line.startswith("assistant: ")]
    assert len(answers) == 1 and "paris" in answers[0].lower(), proc.stdout
    timings = [line for line in proc.stderr.splitlines() if line.startswith("-- speech end -> transcript")]
    assert len(timings) == 1 and "first token +" in timings[0] and "answer done +" in timings[0], proc.stderr
