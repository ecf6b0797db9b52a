"""No command writes outside the data dir unless asked (--out): frames, ocr and ask with
attachments run with an empty working dir and an empty HOME, and both stay empty."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from assistant.cli import main
from tests.badinput.corpus import real_mp4, wav_bytes

pytestmark = pytest.mark.slow  # real OCR and video decoding


def snapshot(*roots: Path) -> set[Path]:
    return {p for root in roots for p in root.rglob("*")}


def test_commands_write_only_into_the_data_dir(tmp_path, monkeypatch, capsys, isolated_env):
    inputs, cwd, home = tmp_path / "inputs", tmp_path / "cwd", tmp_path / "userhome"
    for d in (inputs, cwd, home):
        d.mkdir()
    clip = inputs / "clip.mp4"
    real_mp4(clip)
    shot = inputs / "shot.png"
    image = Image.new("RGB", (400, 120), "white")
    ImageDraw.Draw(image).text((10, 40), "disk full: no space left", fill="black")
    image.save(shot)
    memo = inputs / "memo.wav"
    memo.write_bytes(wav_bytes())
    script = inputs / "replies.json"
    script.write_text(json.dumps(["Seen."] * 5))
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))  # temp files would show up here too
    (tmp_path / "tmp").mkdir()
    watched = (cwd, home, inputs, tmp_path / "tmp")
    before = snapshot(*watched)

    assert main(["frames", str(clip), "--json", "-n", "3"]) == 0
    frames = json.loads(capsys.readouterr().out)
    assert len(frames["frames"]) == 3 and not any(f.get("path") for f in frames["frames"])
    assert main(["ocr", str(shot)]) == 0
    assert "disk" in capsys.readouterr().out.lower()
    rc = main(["ask", "what do these show?", "--model", f"scripted:{script}", "--json",
               "--image", str(shot), "--audio", str(memo), "--video", str(clip)])
    answer = json.loads(capsys.readouterr().out)
    assert rc == 0 and answer["answer"] == "Seen."
    # The image holds one word, so the vision tools look at it too (turn_input.is_photo).
    assert {c["name"] for c in answer["tool_calls"]} == {"ocr", "see", "transcribe", "video_frames"}

    created = snapshot(*watched) - before
    assert not created, " ".join(sorted(str(p.relative_to(tmp_path)) for p in created))
    # What was written went into the data dir: the database, attachment blobs, the OCR cache.
    assert (isolated_env / "conversations.sqlite3").exists() and list((isolated_env / "blobs").rglob("*"))

    # Asked to write (--out): frames land there and nowhere else.
    out = tmp_path / "frames_out"
    assert main(["frames", str(clip), "-n", "2", "--out", str(out)]) == 0
    capsys.readouterr()
    assert len(list(out.iterdir())) == 2 and not (snapshot(*watched) - before)


def test_onnxruntime_import_writes_nothing(tmp_path):
    """onnxruntime's import-time telemetry files stay off (checked in a fresh process, since this
    one may have imported onnxruntime already)."""
    import os
    import subprocess
    import sys

    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmp.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("ORT_DISABLE_TELEMETRY", "XDG_CACHE_HOME")}
    env.update(HOME=str(home), TMPDIR=str(tmp))
    subprocess.run([sys.executable, "-c", "import assistant, onnxruntime"], check=True, env=env,
                   cwd=str(Path(__file__).parents[1]))
    assert not list(home.rglob("*")) and not list(tmp.rglob("*"))
