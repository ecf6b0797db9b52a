"""Long audio: the speech tool decodes and transcribes window by window, never the whole file.

A 10-minute, mostly silent file is made from the committed clips; the transcript must put each
clip at its real offset, report progress as it goes, and hold at most one window of samples.
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from _speech_helpers import FOX, GARDEN, TRAIN, read_wav, words, write_wav

from assistant.tools.speech import windows as speech_windows
from assistant.tools.speech.hallucination_filter import FilterConfig
from assistant.tools.speech.transcriber import SpeechTool
from assistant.tools.speech.windows import choose_cut, iter_windows, slices

MINUTES = 10
# (clip, second it starts at, a word it must contain). 58.5 s straddles the first 60 s window.
PLACED = ((FOX, 58.5, "fox"), (GARDEN, 200.0, "garden"), (TRAIN, 452.25, "platform"))


@pytest.fixture(scope="module")
def long_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = np.random.default_rng(7)
    audio = (rng.standard_normal(MINUTES * 60 * 16000) * 10 ** (-60 / 20)).astype(np.float32)
    for clip, at, _ in PLACED:
        pcm = read_wav(clip)
        start = int(at * 16000)
        audio[start : start + pcm.size] += pcm
    return write_wav(tmp_path_factory.mktemp("long") / "ten_minutes.wav", audio)


def test_cut_lands_in_silence_and_never_splits_speech() -> None:
    # Speech straddling the 60 s limit: the cut moves before it, into the long silence.
    assert 30.0 <= choose_cut([(58.5, 61.0)], 60.0, 30.0, 60.0) <= 58.35
    # The longest silence reaching 30-60 s wins, clear of speech.
    cut = choose_cut([(0.0, 31.0), (33.0, 50.0), (55.0, 60.0)], 60.0, 30.0, 60.0)
    assert 50.15 <= cut <= 54.85
    assert choose_cut([], 60.0, 30.0, 60.0) == 60.0
    assert choose_cut([(0.0, 60.0)], 60.0, 30.0, 60.0) == 60.0  # unbroken speech: hard cut


def test_windows_cover_the_stream_in_order() -> None:
    audio = np.concatenate([np.zeros(16000 * 70, np.float32), read_wav(FOX), np.zeros(16000 * 80, np.float32)])
    windows = list(iter_windows(slices(audio, 12345), FilterConfig()))
    assert sum(w.audio.size for w in windows) == audio.size
    assert all(w.seconds <= 60.0 for w in windows)
    offsets = [w.offset for w in windows]
    assert offsets == sorted(offsets) and offsets[0] == 0.0
    speech = [(w.offset + a, w.offset + b) for w in windows for a, b in w.regions]
    assert len(speech) == 1 and 69.5 < speech[0][0] < 70.5  # found once, whole, at its place


@pytest.mark.slow
def test_ten_minutes_streams_segments_at_their_offsets(long_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tool = SpeechTool("tiny.en")
    tool.load()
    held: list[int] = []
    real = speech_windows.iter_windows

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        for window in real(*args, **kwargs):
            held.append(window.audio.size)
            yield window

    monkeypatch.setattr("assistant.tools.speech.transcriber.iter_windows", spy)
    progress: list[tuple[float, float]] = []
    streamed: list[str] = []
    tracemalloc.start()
    try:
        result = tool.transcribe(
            long_file, on_progress=lambda d, t: progress.append((d, t)), on_segment=lambda s: streamed.append(s.text)
        )
        _, peak = tracemalloc.get_traced_memory()
        print(f"tracemalloc peak {peak / 1e6:.1f} MB")
    finally:
        tracemalloc.stop()
    whole = MINUTES * 60 * 16000 * 4  # bytes of float32 if the file were decoded at once
    assert max(held) <= 60 * 16000 and len(held) >= MINUTES  # never more than one window
    assert peak < whole * 0.6, f"peak {peak / 1e6:.1f} MB vs {whole / 1e6:.1f} MB for the whole file"
    done = [d for d, _ in progress]
    assert done == sorted(done) and len(set(done)) == len(done) and len(done) == len(held)
    assert done[-1] == pytest.approx(MINUTES * 60, abs=0.01)
    assert all(t == pytest.approx(MINUTES * 60, abs=0.01) for _, t in progress)
    assert streamed == [s.text for s in result.segments]
    assert result.duration == pytest.approx(MINUTES * 60, abs=0.01)
    for _, at, word in PLACED:
        near = [s for s in result.segments if at - 1.0 <= s.start <= at + 1.5]
        assert near and word in words(" ".join(s.text for s in near)), (at, result.segments)
    assert len(result.segments) <= 6 and result.dropped == [], result.to_dict()


@pytest.mark.slow
def test_cli_streams_long_files_with_progress(
    long_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from assistant import cli

    monkeypatch.setattr(cli, "COMMAND_MODULES", ("transcribe",))
    assert cli.main(["--home", str(tmp_path), "transcribe", str(long_file)]) == 0
    out, err = capsys.readouterr()
    progress = [line for line in err.splitlines() if line.startswith("transcribing ")]
    assert len(progress) >= MINUTES and progress[-1] == "transcribing 0:10:00 / 0:10:00 (100%)"
    lines = out.splitlines()
    assert len(lines) >= 3 and "fox" in words(lines[0]) and "platform" in words(lines[-1])
    assert cli.main(["--home", str(tmp_path), "transcribe", str(long_file), "--json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)  # stdout stays one JSON object; progress goes to stderr only
    assert data["duration"] == pytest.approx(600, abs=0.01) and "garden" in words(data["text"])
    assert "transcribing 0:10:00 / 0:10:00 (100%)" in err
