"""Spoken answers: sentence chunking, espeak-ng and Piper synthesis, playback into a WAV (the
speaker seam, as the microphone's is a file), barge-in, and `assistant voice --speak-to` end to
end. What was said is checked by listening to it with the real Whisper tiny.en."""

from __future__ import annotations

import json
import shutil
import sys
import time
import types
import wave
from pathlib import Path

import numpy as np
import pytest
from _speech_helpers import FRANCE, TURN_WORDS, TWO_TURNS, wer, words, write_wav
from piper_voice import SAMPLES_PER_ID, write_tone_voice
from test_voice import make_session

from assistant.cli import main
from assistant.models.scripted import ScriptedChatModel
from assistant.tools.errors import EngineUnavailable
from assistant.tools.speech.audio_source import FileAudioSource
from assistant.tools.speech.transcriber import SpeechTool
from assistant.tools.speech.vad import SileroVAD, TurnDetector
from assistant.voice.engine import VoiceEngine
from assistant.voice.events import VoiceTurnDone
from assistant.voice.loop import VoiceLoop
from assistant.voice.playback import WavFilePlayer
from assistant.voice.speak import SentenceChunker, Speaker
from assistant.voice.synth import EspeakSynth, PiperSynth

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
LONG_ANSWER = (
    "Good morning to you as well. I am doing very well today, thank you for asking. "
    "The weather outside is grey and the garden is full of birds. "
    "Later this afternoon the library closes early, so return your books before four."
)


@pytest.fixture(scope="module")
def tiny() -> SpeechTool:
    tool = SpeechTool("tiny.en")
    tool.load()
    return tool


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as wav:
        return wav.getnframes() / wav.getframerate()


# -- chunking ------------------------------------------------------------------------------------
def test_chunker_yields_sentences_as_the_answer_streams() -> None:
    chunker = SentenceChunker()
    assert chunker.feed("Paris is the capital") == []
    assert chunker.feed(" of France [E1]. It lies on") == ["Paris is the capital of France."]
    assert chunker.feed(" the Seine") == []
    assert chunker.flush() == ["It lies on the Seine"]


def test_chunker_reads_prose_not_markdown_or_code() -> None:
    chunker = SentenceChunker()
    answer = (
        "## Fix\nThe **error** is a `ZeroDivisionError`. See [the docs](https://x.y/z).\n\n"
        "```python\nprint(1 / 0)\n```\n- check the `count`\n- retry\n```sh\nls\n```\nDone!"
    )
    said = [s for piece in answer for s in chunker.feed(piece)] + chunker.flush()
    assert said == [
        "Fix",
        "The error is a ZeroDivisionError.",
        "See the docs.",
        "The code is shown on screen.",
        "check the count",
        "retry",
        "Done!",
    ]


# -- synthesis -----------------------------------------------------------------------------------
@needs_espeak
def test_espeak_says_the_words(tiny: SpeechTool) -> None:
    audio, rate = EspeakSynth().synthesize("The train to the city leaves from the second platform.")
    assert rate == 22050 and audio.dtype == np.float32 and 1.0 < audio.size / rate < 4.0
    resampled = np.interp(np.arange(0, audio.size, rate / 16000), np.arange(audio.size), audio)
    heard = tiny.transcribe_array(resampled.astype(np.float32)).text
    assert wer("the train to the city leaves from the second platform", heard) <= 0.2, heard


def test_piper_voice_runs_through_piper(tmp_path: Path) -> None:
    synth = PiperSynth(write_tone_voice(tmp_path))
    one, rate = synth.synthesize("Hello.")
    two, _ = synth.synthesize("Hello. Hello.")
    assert rate == 22050 and one.size > 0 and one.size % SAMPLES_PER_ID == 0
    assert two.size == 2 * one.size  # piper phonemized two sentences, each through the model
    # The tone voice hums 440 Hz: the spectrum's peak is there.
    peak_hz = np.argmax(np.abs(np.fft.rfft(one))) * rate / one.size
    assert abs(peak_hz - 440) < 10


def test_missing_piper_voice_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(EngineUnavailable, match="speech.piper_voice") as missing:
        PiperSynth(tmp_path / "nope.onnx")
    assert "\n" not in str(missing.value)
    voice = write_tone_voice(tmp_path)
    Path(f"{voice}.json").unlink()
    with pytest.raises(EngineUnavailable, match="config not found"):
        PiperSynth(voice)
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not a model")
    Path(f"{broken}.json").write_text("{}", encoding="utf-8")
    with pytest.raises(EngineUnavailable, match="cannot load Piper voice broken.onnx"):
        PiperSynth(broken)


# -- the speaker ---------------------------------------------------------------------------------
@needs_espeak
def test_speaker_says_sentences_in_order(tiny: SpeechTool, tmp_path: Path) -> None:
    out = tmp_path / "said.wav"
    speaker = Speaker(EspeakSynth(), WavFilePlayer(out, realtime=False))
    speaker.begin()
    speaker.say("The train leaves at nine.")
    speaker.say("Please open the window.")
    assert speaker.wait(30)
    speaker.close()
    assert speaker.first_audio_at is not None and not speaker.errors
    heard = tiny.transcribe(out).text
    assert wer("the train leaves at nine please open the window", heard) <= 0.25, heard


@needs_espeak
def test_barge_in_silences_the_speaker_and_drops_the_rest(tiny: SpeechTool, tmp_path: Path) -> None:
    out = tmp_path / "said.wav"
    player = WavFilePlayer(out, realtime=True)  # plays as slowly as a sound card
    speaker = Speaker(EspeakSynth(), player)
    speaker.begin()
    for sentence in LONG_ANSWER.split(". "):
        speaker.say(sentence)
    deadline = time.monotonic() + 10
    while speaker.first_audio_at is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.6)
    stopped = time.monotonic()
    speaker.stop()  # the person starts talking
    speaker.say("This sentence belongs to the interrupted answer.")
    assert speaker.wait(2) and time.monotonic() - stopped < 0.3  # silent within a block
    assert speaker.interrupted and 0.4 < player.played_s < 1.5
    speaker.begin()  # the next answer is spoken again
    speaker.say("Please open the window.")
    assert speaker.wait(10)
    speaker.close()
    heard = words(tiny.transcribe(out).text)
    assert "library" not in heard and "interrupted" not in heard
    assert heard[-3:] == ["open", "the", "window"], heard


# -- the voice loop, end to end ------------------------------------------------------------------
@needs_espeak
def test_cli_speaks_the_answer_into_a_wav(tiny: SpeechTool, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replies = tmp_path / "replies.json"
    replies.write_text(json.dumps(["The capital of France is Paris.\n\n```\nprint('Paris')\n```"]))
    out = tmp_path / "answer.wav"
    code = main(["voice", "--input", str(FRANCE), "--model", f"scripted:{replies}", "--speak-to", str(out), "--json"])
    stdout, err = capsys.readouterr()
    assert code == 0, err
    (turn,) = [json.loads(line) for line in stdout.strip().splitlines()]
    assert turn["ok"] and "Paris" in turn["answer"]
    timings = turn["timings"]
    assert 0 < timings["transcript_to_first_audio"] < 10
    assert timings["transcript_to_first_token"] <= timings["transcript_to_first_audio"]
    heard = tiny.transcribe(out).text
    assert wer("the capital of france is paris the code is shown on screen", heard) <= 0.25, heard


@needs_espeak
def test_cli_speak_without_an_output_device_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = types.ModuleType("sounddevice")

    def query_devices(device: object = None, kind: str | None = None) -> dict:
        raise RuntimeError("Error querying device -1")

    fake.query_devices = query_devices  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sounddevice", fake)
    assert main(["voice", "--speak", "--input", str(FRANCE)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == "error: no audio output device found; use --speak-to FILE to save answers"


@needs_espeak
def test_speaking_again_interrupts_the_answer_and_is_answered_next(tiny: SpeechTool, tmp_path: Path) -> None:
    # Turn 1 ends at ~2.5 s and its long answer is read at once; turn 2 begins at ~4 s and
    # stops it; turn 2 is still answered and read out in full.
    chat = ScriptedChatModel([LONG_ANSWER, "Opening the window now."])
    out = tmp_path / "answers.wav"
    speaker = Speaker(EspeakSynth(), WavFilePlayer(out))
    engine = VoiceEngine(FileAudioSource(TWO_TURNS), TurnDetector(SileroVAD()), tiny)
    events = list(VoiceLoop(engine, make_session(chat), speaker=speaker).run())

    first, second = [e for e in events if isinstance(e, VoiceTurnDone)]
    assert wer(TURN_WORDS[0], first.transcript) <= 0.34 and first.answer == LONG_ANSWER
    assert wer(TURN_WORDS[1], second.transcript) <= 0.34 and second.answer == "Opening the window now."
    assert "transcript_to_first_audio" in first.timings and "transcript_to_first_audio" in second.timings
    full, _ = EspeakSynth().synthesize(LONG_ANSWER)
    assert wav_seconds(out) < 0.6 * full.size / 22050  # the long answer was cut short
    heard = words(tiny.transcribe(out).text)
    assert "library" not in heard and heard[-4:] == ["opening", "the", "window", "now"], heard


@needs_espeak
def test_without_barge_in_the_engine_is_deaf_while_speaking(tiny: SpeechTool, tmp_path: Path) -> None:
    # Loudspeakers, no echo cancellation: turn 2 falls inside the long answer and is not heard
    # (the assistant must not hear itself), and the answer is read to the end.
    chat = ScriptedChatModel([LONG_ANSWER, "Opening the window now."])
    out = tmp_path / "answers.wav"
    speaker = Speaker(EspeakSynth(), WavFilePlayer(out))
    engine = VoiceEngine(
        FileAudioSource(TWO_TURNS), TurnDetector(SileroVAD()), tiny, deaf_while=lambda: speaker.speaking
    )
    events = list(VoiceLoop(engine, make_session(chat), speaker=speaker).run())

    (only,) = [e for e in events if isinstance(e, VoiceTurnDone)]
    assert only.answer == LONG_ANSWER and not speaker.interrupted
    full, _ = EspeakSynth().synthesize(LONG_ANSWER)
    assert wav_seconds(out) > 0.9 * full.size / 22050


def test_speaker_errors_do_not_end_the_conversation(tmp_path: Path) -> None:
    class FailsOnce:
        name = "fails-once"

        def synthesize(self, text: str) -> tuple[np.ndarray, int]:
            from assistant.tools.errors import ToolInputError

            if "unsayable" in text:
                raise ToolInputError("espeak-ng could not say this: no voice")
            return np.full(1600, 0.1, dtype=np.float32), 16000

    out = tmp_path / "x.wav"
    speaker = Speaker(FailsOnce(), WavFilePlayer(out, realtime=False))
    speaker.begin()
    speaker.say("An unsayable sentence.")
    speaker.say("A fine one.")
    assert speaker.wait(5)
    speaker.close()
    assert speaker.errors == ["espeak-ng could not say this: no voice"]
    assert speaker.first_audio_at is not None and wav_seconds(out) == pytest.approx(0.1)


@needs_espeak
def test_a_spoken_question_about_tomorrows_weather_is_declined_at_once_without_the_model(
    tiny: SpeechTool, tmp_path: Path
) -> None:
    # A 1.5B model asked this by voice once invented a forecast after 14 s of silence.
    question = tmp_path / "weather.wav"
    samples, rate = EspeakSynth().synthesize("What is the weather going to be like in Lisbon tomorrow afternoon?")
    silence = np.zeros(rate, dtype=np.float32)
    write_wav(question, np.concatenate([silence, samples, silence, silence]), rate)
    chat = ScriptedChatModel(["Tomorrow afternoon Lisbon will be sunny, 24 degrees."])
    out = tmp_path / "answer.wav"
    speaker = Speaker(EspeakSynth(), WavFilePlayer(out))
    engine = VoiceEngine(FileAudioSource(question), TurnDetector(SileroVAD()), tiny)
    (turn,) = [e for e in VoiceLoop(engine, make_session(chat), speaker=speaker).run() if isinstance(e, VoiceTurnDone)]
    assert "weather" in turn.transcript.lower() and chat.received == []
    assert "can't look that up offline" in turn.answer and "24" not in turn.answer
    assert turn.timings["transcript_to_first_audio"] < 1.0  # no model: only the synthesis
    assert "offline" in words(tiny.transcribe(out).text)
