"""Issue 16, item 14: a "video" is judged by the streams in its container. A sound-only .mp4
given as --video is transcribed (not lost to frame sampling); a text file is refused at once,
never decoded as ANSI-art video by FFmpeg's tty demuxer."""

from __future__ import annotations

import json
import time
import wave
from pathlib import Path

import numpy as np
import pytest
from _video_clips import clips

from assistant.cli import main
from assistant.tools.video.container import container_kind

DATA = Path(__file__).parent / "data"


def _speech_mp4(path: Path) -> Path:
    """tests/data/speech_fox.wav as AAC in an mp4 container, with no video stream."""
    with wave.open(str(DATA / "speech_fox.wav"), "rb") as w:
        rate = w.getframerate()
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(np.float32) / 32768
    return clips.write_aac_mp4(path, samples, rate)


def _big_text(path: Path, megabytes: int = 20) -> Path:
    line = b"2026-12-01 12:00:00 INFO request served in 12 ms from cache, nothing to see here\n"
    with path.open("wb") as fh:
        fh.write(line * (megabytes * 1024 * 1024 // len(line)))
    return path


@pytest.mark.slow  # real Whisper tiny.en on a 3 s clip
def test_sound_only_mp4_given_as_video_is_transcribed(tmp_path, capsys):
    clip = _speech_mp4(tmp_path / "talk.mp4")
    assert container_kind(clip) == "audio"
    script = tmp_path / "s.json"
    script.write_text(json.dumps(["A fox jumps over a dog."] * 2))
    assert main(["ask", "what is said?", "--video", str(clip), "--model", f"scripted:{script}", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    calls = {c["name"]: c for c in answer["tool_calls"]}
    assert "transcribe" in calls and calls["transcribe"]["ok"], answer["tool_calls"]
    assert "video_frames" not in calls
    assert any("fox" in e["text"].lower() for e in answer["evidence"])


@pytest.mark.timeout(120)
def test_text_file_is_refused_as_video_without_decoding(tmp_path, capsys):
    # FFmpeg picks its tty demuxer by extension (.txt, .nfo, .asc...): such a log "is" a video.
    big = _big_text(tmp_path / "server.txt")
    assert container_kind(big) is None
    start = time.perf_counter()
    for argv in (["frames", str(big), "-n", "2"], ["frames", str(big), "--json"],
                 ["ask", "what happens?", "--video", str(big), "--model", "scripted:unused.json"]):
        assert main(argv) == 1, argv
        out, err = capsys.readouterr()
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in err, err
        assert "text" in lines[0], lines[0]
    assert time.perf_counter() - start < 20  # refused from the header, not decoded frame by frame


def test_the_video_tool_refuses_text(tmp_path):
    from assistant.tools.errors import ToolInputError
    from assistant.tools.video.frames import probe

    with pytest.raises(ToolInputError, match="is text"):
        probe(_big_text(tmp_path / "notes.txt", megabytes=1))
