"""Fuzzing the media loaders: random and mutated bytes end in ToolInputError/EngineUnavailable
or a valid result, never another exception, never a hang (pytest-timeout per test)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.tools.errors import EngineUnavailable, ToolInputError
from assistant.tools.media import detect_mime, load_image
from assistant.tools.speech.audio_io import decode_audio
from assistant.tools.video.frames import probe
from tests.badinput.corpus import real_jpeg, real_mp4, real_png, wav_bytes

DOCUMENTED = (ToolInputError, EngineUnavailable)
FUZZ = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture],
                derandomize=True)

PNG = real_png((40, 30))
JPEG = real_jpeg((40, 30))
WAV = wav_bytes(b"\x10\x00\xf0\xff" * 2000)


@pytest.fixture(scope="module")
def mp4_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return real_mp4(tmp_path_factory.mktemp("fuzz") / "clip.mp4")


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """Real bytes with a few bytes flipped, a slice cut out, or the tail dropped."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(0, 8))):
        pos = draw(st.integers(0, len(data) - 1))
        data[pos] = draw(st.integers(0, 255))
    action = draw(st.sampled_from(["none", "truncate", "cut", "insert"]))
    if action == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif action == "cut":
        a = draw(st.integers(0, len(data)))
        data = data[:a] + data[a + draw(st.integers(0, 200)):]
    elif action == "insert":
        a = draw(st.integers(0, len(data)))
        data = data[:a] + draw(st.binary(max_size=64)) + data[a:]
    return bytes(data)


@pytest.mark.timeout(30)
@settings(max_examples=300, deadline=200, derandomize=True)
@given(st.binary(max_size=256))
def test_detect_mime_is_total(data: bytes) -> None:
    mime = detect_mime(data)
    assert mime is None or (isinstance(mime, str) and mime.split("/")[0] in ("image", "audio", "video"))


def _load(data: bytes) -> None:
    try:
        loaded = load_image(data)
    except DOCUMENTED as exc:
        assert "\n" not in str(exc)
        return
    assert loaded.width > 0 and loaded.height > 0 and loaded.image.mode == "RGB"


@pytest.mark.timeout(60)
@FUZZ
@given(st.binary(max_size=512) | st.binary(max_size=512).map(lambda b: b"\x89PNG\r\n\x1a\n" + b))
def test_load_image_random_bytes(data: bytes) -> None:
    _load(data)


@pytest.mark.timeout(60)
@FUZZ
@given(mutated(PNG) | mutated(JPEG))
def test_load_image_mutated_png_and_jpeg(data: bytes) -> None:
    _load(data)


@pytest.mark.timeout(60)
@FUZZ
@given(mutated(WAV))
def test_decode_audio_mutated_wav(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.wav"
    path.write_bytes(data)
    try:
        audio = decode_audio(path)
    except DOCUMENTED as exc:
        assert "\n" not in str(exc)
        return
    assert audio.dtype.name == "float32" and audio.ndim == 1


@pytest.mark.timeout(90)
@settings(max_examples=100, deadline=3000, suppress_health_check=[HealthCheck.function_scoped_fixture],
          derandomize=True)
@given(data=st.data())
def test_video_probe_mutated_mp4(tmp_path: Path, mp4_bytes: bytes, data: st.DataObject) -> None:
    path = tmp_path / "fuzz.mp4"
    path.write_bytes(data.draw(mutated(mp4_bytes)))
    try:
        info = probe(path)
    except DOCUMENTED as exc:
        assert "\n" not in str(exc)
        return
    assert info.duration > 0 and info.width > 0
