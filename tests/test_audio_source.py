"""The audio input seam: file frames, VAD turn taking, push-to-talk, the missing microphone."""

from __future__ import annotations

import subprocess
import sys
import time
import types
from pathlib import Path

import numpy as np
import pytest
from _speech_helpers import (
    FOX,
    LEAD_SILENCE,
    SILENCE,
    TURN_WORDS,
    TWO_TURNS,
    make_video,
    read_wav,
    wer,
    words,
)

from assistant.tools.errors import EngineUnavailable, ToolInputError
from assistant.tools.speech.audio_source import FileAudioSource, MicrophoneSource
from assistant.tools.speech.transcriber import SpeechTool
from assistant.tools.speech.vad import EnergyVAD, SileroVAD, TurnDetector, Utterance


@pytest.fixture(scope="module")
def tiny() -> SpeechTool:
    return SpeechTool("tiny.en")


def test_file_source_yields_fixed_float_frames() -> None:
    frames = list(FileAudioSource(FOX, realtime=False).frames())
    assert {f.shape for f in frames} == {(512,)} and {f.dtype for f in frames} == {np.dtype(np.float32)}
    samples = read_wav(FOX)
    assert len(frames) == -(-samples.size // 512)  # the last partial frame is zero-padded
    np.testing.assert_allclose(np.concatenate(frames)[: samples.size], samples, atol=1e-4)


def test_file_source_int16_and_video_sound(tmp_path: Path) -> None:
    clip = make_video(tmp_path / "fox.mp4", read_wav(FOX))
    frames = list(FileAudioSource(clip, realtime=False, dtype="int16").frames())
    audio = np.concatenate(frames)
    assert audio.dtype == np.int16 and abs(audio.size / 16000 - 3.3) < 0.2
    assert np.abs(audio).max() > 10_000  # the speech is there, not silence


def test_file_source_paces_to_real_time() -> None:
    source = FileAudioSource(FOX, realtime=True)
    started = time.monotonic()
    for i, _ in enumerate(source.frames()):
        if i == 15:  # 16 frames = 0.512 s of audio
            break
    assert 0.4 < time.monotonic() - started < 1.5


def test_file_source_bad_input_fails_at_construction(tmp_path: Path) -> None:
    with pytest.raises(ToolInputError, match="not found"):
        FileAudioSource(tmp_path / "nope.wav")
    (tmp_path / "empty.wav").write_bytes(b"")
    with pytest.raises(ToolInputError, match="empty"):
        FileAudioSource(tmp_path / "empty.wav")


def _utterances(path: Path, vad: object, **kw: int) -> list[Utterance]:
    return list(TurnDetector(vad, **kw).utterances(FileAudioSource(path, realtime=False).frames()))  # type: ignore[arg-type]


@pytest.mark.parametrize("vad", [SileroVAD(), EnergyVAD()], ids=["silero", "energy"])
def test_two_turns_become_two_utterances(tiny: SpeechTool, vad: object) -> None:
    first, second = _utterances(TWO_TURNS, vad)
    assert first.reason == second.reason == "silence"
    # Offline Silero puts speech at 0.51-2.46 s and 4.45-5.82 s. The pre-roll reaches 1 s back
    # (to the stream start for the first), and a turn ends 0.7 s into the silence after it.
    assert first.start == 0.0 and 0.3 < first.speech_start < 0.7
    assert 4.2 < second.speech_start < 4.6 and 0.9 < second.speech_start - second.start < 1.1
    assert 2.9 < first.end < 3.4 and 6.2 < second.end < 6.8
    texts = [tiny.transcribe_array(u.audio).text for u in (first, second)]
    for text, expected in zip(texts, TURN_WORDS):
        assert wer(expected, text) <= 0.34, text
    assert words(texts[0])[0] == "good"  # the first word is not clipped


def test_pre_roll_and_trailing_silence_are_configurable() -> None:
    vad = SileroVAD()
    (long_pre,) = _utterances(LEAD_SILENCE, vad, pre_roll_ms=1000)
    (no_pre,) = _utterances(LEAD_SILENCE, vad, pre_roll_ms=0)
    assert abs(long_pre.speech_start - 2.0) < 0.15
    assert 0.9 < long_pre.speech_start - long_pre.start < 1.2
    assert no_pre.speech_start - no_pre.start < 0.15  # only the frames that confirmed speech
    # A trailing-silence window longer than the 2 s pause joins the two turns.
    (joined,) = _utterances(TWO_TURNS, vad, silence_ms=2500)
    assert joined.duration > 5.0


def test_silence_yields_no_utterance() -> None:
    assert _utterances(SILENCE, SileroVAD()) == []
    assert _utterances(SILENCE, EnergyVAD()) == []


def test_max_utterance_length_splits() -> None:
    parts = _utterances(FOX, SileroVAD(), max_utterance_s=1)
    assert len(parts) >= 2 and parts[0].reason == "max_length" and abs(parts[0].duration - 1.0) < 0.1


def test_push_to_talk_records_whatever_the_vad_says(tiny: SpeechTool) -> None:
    deaf = EnergyVAD(threshold_db=0.0)  # never hears speech: hands-free would yield nothing
    turns = TurnDetector(deaf, pre_roll_ms=0)
    frames = list(FileAudioSource(FOX, realtime=False).frames())
    assert all(turns.feed(f) is None for f in frames[:5])
    turns.start()
    assert all(turns.feed(f) is None for f in frames[5:])
    utterance = turns.stop()
    assert utterance is not None and utterance.reason == "push_to_talk"
    assert utterance.audio.size == 512 * (len(frames) - 5) and utterance.speech_start == pytest.approx(
        5 * 0.032
    )
    assert {"fox", "dog"} <= set(words(tiny.transcribe_array(utterance.audio).text))
    assert turns.stop() is None


def test_silero_rejects_wrong_frame_size() -> None:
    with pytest.raises(ValueError, match="512"):
        SileroVAD().probability(np.zeros(480, dtype=np.float32))


def test_microphone_missing_is_one_line_engine_unavailable() -> None:
    try:
        MicrophoneSource()
    except EngineUnavailable as exc:
        message = str(exc)
        assert "\n" not in message
        assert "apt-get install libportaudio2" in message or "use --audio-file PATH" in message
    else:
        pytest.skip("this machine has a working microphone")


def test_microphone_messages_for_each_missing_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", None)  # not installed
    with pytest.raises(EngineUnavailable, match="pip install sounddevice"):
        MicrophoneSource()
    fake = types.ModuleType("sounddevice")  # installed, PortAudio present, no input device

    class PortAudioError(Exception):
        pass

    def query_devices(device: object = None, kind: str | None = None) -> dict:
        raise PortAudioError("Error querying device -1")

    fake.PortAudioError, fake.query_devices = PortAudioError, query_devices  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sounddevice", fake)
    with pytest.raises(
        EngineUnavailable, match="^no microphone found: connect one, or use --audio-file PATH$"
    ):
        MicrophoneSource()


def test_importing_the_seam_does_not_touch_sounddevice() -> None:
    code = "import sys, assistant.tools.speech.audio_source, assistant.tools.speech.vad; print('sounddevice' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[1],
    )
    assert out.stdout.strip() == "False"
