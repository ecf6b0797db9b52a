"""Pilot tests of push-to-talk in `assistant chat`: recorded speech through the audio seam."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from _tui_pilot import error_notices, heard_fox, make_app, ready, send, wait_until

from assistant.tui.app import ChatApp
from assistant.tui.widgets.messages import AssistantMessage, UserMessage

# anyio's pytest plugin runs the async tests (no pytest-asyncio in the dev extras).
pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


DATA = Path(__file__).parent / "data"


class FileThenSilence:
    """A stand-in microphone: plays a recorded file in real time, then silence until released
    (so the test, not the file's end, decides when the press ends)."""

    def __init__(self, path: Path) -> None:
        from assistant.tools.speech.audio_source import FileAudioSource

        self.file = FileAudioSource(path, realtime=True)
        self.path = path
        self.sample_rate = self.file.sample_rate
        self.frame_samples = self.file.frame_samples
        self.closed = False

    def frames(self) -> Any:
        import numpy as np

        yield from self.file.frames()
        silence = np.zeros(self.frame_samples, dtype=np.float32)
        frame_s = self.frame_samples / self.sample_rate
        started = time.monotonic()
        n = 0
        while not self.closed:
            n += 1
            time.sleep(max(0.0, started + n * frame_s - time.monotonic()))
            yield silence

    def close(self) -> None:
        self.closed = True
        self.file.close()


def prompt_words(app: ChatApp) -> str:
    return app.prompt.value.lower()


@pytest.mark.slow
async def test_push_to_talk_live_transcript_then_sent() -> None:
    app, chat = make_app(["Foxes are quick."],
                         audio_source_factory=lambda: FileThenSilence(DATA / "speech_fox.wav"))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        app.prompt.value = "note:"
        await pilot.press("f5")
        assert app.voice.listening and app.prompt.has_class("recording")
        # The live transcript shows in the prompt while the press is still held; the second press
        # comes once it has the whole sentence (as a person lets go after the last word).
        await wait_until(pilot, lambda: heard_fox(prompt_words(app)), 30, "live transcript in the input")
        assert app.voice.listening and not chat.received and prompt_words(app).startswith("note: ")
        await pilot.press("f5")
        await wait_until(pilot, lambda: chat.received and not app.busy, 30, "the voice turn is answered")
        assert not app.voice.listening and not app.prompt.has_class("recording") and app.prompt.value == ""
        sent = str(chat.received[-1][-1].content).lower()
        assert sent.startswith("note:") and heard_fox(sent)
        assert heard_fox(app.query(UserMessage).last().text)
        message = app.query(AssistantMessage).last()
        assert message.text == "Foxes are quick."
        meta = str(message.meta.content)
        assert "speech end → transcript" in meta and "transcript → first token" in meta, meta


@pytest.mark.slow
async def test_push_to_talk_file_end_and_fill_only_mode() -> None:
    """The file ends before a second press: that ends the utterance. /voice fill leaves it unsent."""
    from assistant.tools.speech.audio_source import FileAudioSource

    app, chat = make_app(["unused"], audio_source_factory=lambda: FileAudioSource(DATA / "speech_fox.wav",
                                                                                    realtime=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        app.prompt.value = "/voice fill"
        await pilot.press("enter")
        assert not app.controller.voice.autosend
        app.prompt.value = "/voice"
        await pilot.press("enter")
        await wait_until(pilot, lambda: not app.voice.listening, 30, "the file ends")
        assert heard_fox(prompt_words(app))
        assert not chat.received and not app.query(UserMessage)
        # The person edits and sends it themselves.
        await send(pilot, app, app.prompt.value + " in one word?")
        sent = str(chat.received[-1][-1].content)
        assert heard_fox(sent) and sent.endswith("in one word?")


async def test_push_to_talk_without_microphone_is_one_notice() -> None:
    from assistant.tools.speech.audio_source import MicrophoneSource

    # A device that does not exist: on any machine (no PortAudio, no sounddevice, no such input)
    # the real microphone code fails the way it does on a machine with no microphone.
    app, _ = make_app(["still here"],
                      audio_source_factory=lambda: MicrophoneSource(device="no-such-input-xyz"))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        await pilot.press("f5")
        await wait_until(pilot, lambda: error_notices(app) and not app.voice.listening, what="no-microphone notice")
        [line] = error_notices(app)
        assert "\n" not in line and any(w in line for w in ("microphone", "PortAudio", "sounddevice")), line
        assert not app.prompt.has_class("recording")
        message = await send(pilot, app, "hello?")
        assert message.text == "still here"
