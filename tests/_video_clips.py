"""Test clips for the video tests, encoded once per session (tests/data/make_clips.py).

Standard clip: 320x240, 10 fps, 12 s; red 0-4 s, green 4-8 s, blue 8-12 s with "ERROR" on the
blue scene and a small white square moving the whole time (motion, not a cut). Loaded by
tests/conftest.py as a plugin, so every test module can ask for these fixtures.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
FRAME = 0.1  # one frame interval of the test clips, in seconds

_spec = importlib.util.spec_from_file_location("make_clips", DATA / "make_clips.py")
assert _spec and _spec.loader
clips = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(clips)


@pytest.fixture(scope="session")
def clip_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("clips")


@pytest.fixture(scope="session")
def clip(clip_dir: Path) -> Path:
    return clips.make_clip(clip_dir / "scenes.mp4", gop=20)


@pytest.fixture(scope="session")
def clip_audio(clip_dir: Path) -> Path:
    return clips.make_clip(clip_dir / "scenes_audio.mp4", gop=20, audio=True)


LONG_SCENES = (((220, 30, 30), 0.0), ((30, 200, 30), 20.0), ((30, 30, 220), 40.0))


@pytest.fixture(scope="session")
def long_clip(clip_dir: Path) -> Path:
    """60 s at 10 fps with a keyframe every 1 s (10 frames): 600 frames in all."""
    return clips.make_clip(clip_dir / "long.mp4", seconds=60, gop=10, scenes=LONG_SCENES, text_from=40)


def colour(image) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """Median colour: the scene's colour, whatever the square and the text cover."""
    from PIL import ImageStat

    return tuple(int(v) for v in ImageStat.Stat(image.convert("RGB")).median)  # type: ignore[return-value]


def assert_scene_colour(frame, scenes=clips.SCENES) -> None:  # type: ignore[no-untyped-def]
    expected = clips.scene_colour(frame.timestamp, scenes)
    got = colour(frame.image)
    assert all(abs(a - b) <= 30 for a, b in zip(got, expected)), (frame.timestamp, got, expected)


@pytest.fixture
def frames_cli(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """`assistant frames` as main(argv) -> exit code, with only that command registered (a test
    should not depend on the other subcommands' imports)."""
    import assistant.cli

    monkeypatch.setattr(assistant.cli, "COMMAND_MODULES", ("frames",))
    return assistant.cli.main
