"""The voice path end to end: committed speech WAVs -> VAD turns -> real Whisper tiny.en (while
the audio plays) -> Session turns answered by the scripted chat model -> voice events, the
`assistant voice` CLI, and the `transcribe` agent tool on an audio attachment."""

from __future__ import annotations

import json
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from _scripted_app import StaticModels
from _speech_helpers import FOX, FOX_WORDS, SILENCE, TURN_WORDS, TWO_TURNS, wer, words
from langchain_core.messages import HumanMessage, ToolMessage

from assistant.agent_tools import ToolFactory
from assistant.agent_tools import speech as speech_tools
from assistant.cli import main
from assistant.engines import Engines
from assistant.events import AnswerDone, ToolFinished
from assistant.models.registry import ModelHandle
from assistant.models.scripted import ScriptedChatModel
from assistant.session import Session, Turn
from assistant.settings import load_settings
from assistant.store import ConversationStore
from assistant.tools.speech.audio_source import FileAudioSource
from assistant.tools.speech.transcriber import SpeechTool
from assistant.tools.speech.vad import SileroVAD, TurnDetector
from assistant.voice.engine import VoiceEngine
from assistant.voice.events import (
    FinalTranscript,
    ListeningStopped,
    PartialTranscript,
    SpeechStarted,
    UtteranceIgnored,
    VoiceError,
    VoiceTurnDone,
)
from assistant.voice.loop import VoiceLoop


@pytest.fixture(scope="module")
def tiny() -> SpeechTool:
    tool = SpeechTool("tiny.en")
    tool.load()  # once per module: timing-sensitive tests must not wait for the model
    return tool


def make_session(chat: ScriptedChatModel, tool_factory: ToolFactory | None = None) -> Session:
    settings = load_settings()
    handle = ModelHandle("scripted:test", chat, "scripted", can_see=False, native_tools=True)
    return Session(settings, ConversationStore(settings.home), StaticModels(handle), tools=tool_factory)


def transcribe_with(model: SpeechTool) -> ToolFactory:
    """The app's transcribe tool over engines whose speech model is ``model``."""
    engines = Engines(load_settings())
    engines.speech = model  # type: ignore[misc]  # the cached engine, given instead of built
    return lambda ctx: speech_tools.tools(ctx, engines)


def engine_for(path: Path, speech: SpeechTool, realtime: bool = False, **kw: object) -> VoiceEngine:
    source = FileAudioSource(path, realtime=realtime)
    return VoiceEngine(source, TurnDetector(SileroVAD(), pre_roll_ms=1000, silence_ms=700), speech, **kw)  # type: ignore[arg-type]


def last_human(request: list) -> str:
    return [m for m in request if isinstance(m, HumanMessage)][-1].content


def test_two_utterances_become_two_answered_turns(tiny: SpeechTool) -> None:
    chat = ScriptedChatModel(["Good morning to you too.", "The window is open now."])
    session = make_session(chat)
    engine = engine_for(TWO_TURNS, tiny)
    events = list(VoiceLoop(engine, session).run())

    finals = [e for e in events if isinstance(e, FinalTranscript)]
    done = [e for e in events if isinstance(e, VoiceTurnDone)]
    assert len(finals) == len(done) == 2
    for final, expected in zip(finals, TURN_WORDS):
        assert wer(expected, final.text) <= 0.34, final.text
        assert final.reason == "silence"
    assert words(finals[0].text)[0] == "good"  # the pre-roll kept the first word
    # Each transcript reached the model as that turn's user message, in order, with the note
    # that it came from speech (misheard words possible); no speaker, so not that it is heard.
    assert [last_human(r) for r in chat.received] == [f.text for f in finals]
    assert all("talking to you by voice" in r[0].content for r in chat.received)
    assert not any("read aloud" in r[0].content for r in chat.received)
    assert [d.answer for d in done] == ["Good morning to you too.", "The window is open now."]
    assert all(d.ok and d.session_id == session.id for d in done)
    # Both finals were computed during the trailing silence and then checked to cover the turn.
    assert all(f.speculative for f in finals) and engine.stats["speculative_finals"] == 2
    for d in done:
        t = d.timings
        assert t["transcript_to_first_token"] <= t["transcript_to_answer"]
        assert t["speech_end_to_answer"] >= t["speech_end_to_transcript"] >= 0
    stored = session.store.turns(session.id)
    assert [t.role for t in stored] == ["user", "assistant"] * 2
    # Listening ends with the file; answers still running then are completed, not dropped.
    (stopped,) = [e for e in events if isinstance(e, ListeningStopped)]
    assert stopped.reason == "end of audio"
    for final, turn_done in zip(finals, done):
        assert events.index(final) < events.index(turn_done)


class PressingSource:
    """A file source whose listener presses push-to-talk at frame ``press`` and lets go at
    ``release``, as a key handler on another thread would between frames."""

    def __init__(self, path: Path, press: int, release: int) -> None:
        self.inner = FileAudioSource(path, realtime=False)
        self.path, self.press, self.release = path, press, release
        self.engine: VoiceEngine | None = None

    def frames(self) -> Iterator[np.ndarray]:
        assert self.engine is not None
        for i, frame in enumerate(self.inner.frames()):
            if i == self.press:
                self.engine.start()
            if i == self.release:
                self.engine.stop()
            yield frame

    def close(self) -> None:
        self.inner.close()


def test_push_to_talk_hears_only_between_start_and_stop(tiny: SpeechTool) -> None:
    # Turn 1 ("good morning ...") is spoken before the press and must be ignored; turn 2
    # ("please open the window", 4.45-5.82 s) is inside the press (frames of 32 ms).
    source = PressingSource(TWO_TURNS, press=125, release=200)
    engine = VoiceEngine(source, TurnDetector(SileroVAD()), tiny, push_to_talk=True)
    source.engine = engine
    chat = ScriptedChatModel(["Done."])
    events = list(VoiceLoop(engine, make_session(chat)).run())

    (started,) = [e for e in events if isinstance(e, SpeechStarted)]
    (final,) = [e for e in events if isinstance(e, FinalTranscript)]
    assert started.at == pytest.approx(125 * 0.032)
    assert final.reason == "push_to_talk" and wer(TURN_WORDS[1], final.text) <= 0.34, final.text
    assert "morning" not in final.text.lower()
    assert len(chat.received) == 1 and last_human(chat.received[0]) == final.text
    # The VAD still ran inside the press, so the transcript was ready before the release.
    assert final.speculative


def test_partial_transcripts_come_before_the_final(tiny: SpeechTool) -> None:
    engine = engine_for(FOX, tiny, realtime=True)  # plays at speaking speed: 3.3 s
    events = [e for e in engine.events() if isinstance(e, (PartialTranscript, FinalTranscript))]
    kinds = [type(e).__name__ for e in events]
    assert kinds[-1] == "FinalTranscript" and kinds.count("FinalTranscript") == 1
    partials = [e for e in events if isinstance(e, PartialTranscript)]
    assert partials, kinds
    assert all(p.audio_seconds < events[-1].audio_seconds for p in partials)
    assert words(partials[0].text)[0] in ("the", "a")  # the sentence from its start
    assert wer(FOX_WORDS, events[-1].text) <= 0.34, events[-1].text


class SlowMachine:
    """The real tiny.en, but every run reports 1.5 s of Whisper time, as on a slow machine."""

    def __init__(self, inner: SpeechTool) -> None:
        self.inner = inner
        self.recent_call_seconds: float | None = None

    def load(self) -> object:
        return self.inner.load()

    def transcribe_array(self, audio: np.ndarray, **kw: object) -> object:
        result = self.inner.transcribe_array(audio, **kw)  # type: ignore[arg-type]
        result.seconds = 1.5
        return result


def test_partials_stop_when_whisper_is_slower_than_their_cadence(tiny: SpeechTool) -> None:
    # A partial every 0.2 s of speech but 1.5 s per Whisper run: after the first run shows how
    # slow Whisper is, no more partials (they would hold up the final), and the final is right.
    tiny.transcribe(FOX)  # warm: a cold first run could outlast the whole clip
    slow = SlowMachine(tiny)
    engine = engine_for(FOX, slow, realtime=True, partial_every_s=0.2)  # type: ignore[arg-type]
    events = list(engine.events())
    (final,) = [e for e in events if isinstance(e, FinalTranscript)]
    assert wer(FOX_WORDS, final.text) <= 0.34, final.text
    assert engine.stats["partial_runs"] == 1 and engine.stats["partials_skipped"] >= 1
    # A tool that already knows how fast it runs saves even that first partial.
    slow.recent_call_seconds = 1.5
    engine = engine_for(FOX, slow, realtime=True, partial_every_s=0.2)  # type: ignore[arg-type]
    (final,) = [e for e in engine.events() if isinstance(e, FinalTranscript)]
    assert wer(FOX_WORDS, final.text) <= 0.34 and engine.stats["partial_runs"] == 0


def test_streaming_off_transcribes_after_the_end(tiny: SpeechTool) -> None:
    engine = engine_for(FOX, tiny, streaming=False)
    events = list(engine.events())
    (final,) = [e for e in events if isinstance(e, FinalTranscript)]
    assert not final.speculative and not any(isinstance(e, PartialTranscript) for e in events)
    assert wer(FOX_WORDS, final.text) <= 0.34


def test_silence_sends_no_turn(tiny: SpeechTool) -> None:
    chat = ScriptedChatModel([])
    events = list(VoiceLoop(engine_for(SILENCE, tiny), make_session(chat)).run())
    assert not [e for e in events if isinstance(e, (SpeechStarted, FinalTranscript, VoiceTurnDone))]
    assert chat.received == []


def test_noise_that_opens_a_turn_but_holds_no_words_is_ignored(tiny: SpeechTool, tmp_path: Path) -> None:
    # Push-to-talk over pure silence: an utterance is recorded, Whisper's guard finds no speech.
    source = PressingSource(SILENCE, press=5, release=60)
    engine = VoiceEngine(source, TurnDetector(SileroVAD()), tiny, push_to_talk=True)
    source.engine = engine
    chat = ScriptedChatModel([])
    events = list(VoiceLoop(engine, make_session(chat)).run())
    (ignored,) = [e for e in events if isinstance(e, UtteranceIgnored)]
    # The press lasted 55 frames; the pre-roll adds the 5 frames heard before it.
    assert ignored.audio_seconds == pytest.approx(60 * 0.032, abs=0.01)
    assert chat.received == [] and not [e for e in events if isinstance(e, FinalTranscript)]


def test_cli_voice_json_from_an_audio_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replies = tmp_path / "replies.json"
    replies.write_text(json.dumps(["That is a pangram."]))
    code = main(["voice", "--audio-file", str(FOX), "--model", f"scripted:{replies}", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 1
    turn = json.loads(lines[0])
    assert wer(FOX_WORDS, turn["transcript"]) <= 0.34 and turn["answer"] == "That is a pangram."
    assert turn["ok"] and turn["model"].startswith("scripted")
    assert {"speech_end_to_transcript", "transcript_to_first_token", "transcript_to_answer"} <= set(
        turn["timings"]
    )


def _no_input_device(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("sounddevice")

    class PortAudioError(Exception):
        pass

    def query_devices(device: object = None, kind: str | None = None) -> dict:
        raise PortAudioError("Error querying device -1")

    fake.PortAudioError, fake.query_devices = PortAudioError, query_devices  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sounddevice", fake)


@pytest.mark.parametrize("missing", ["device", "package"])
def test_cli_voice_without_microphone_is_one_line(
    missing: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if missing == "device":
        _no_input_device(monkeypatch)
        expected = "error: no microphone found: connect one, or use --audio-file PATH"
    else:
        monkeypatch.setitem(sys.modules, "sounddevice", None)
        expected = "error: sounddevice is not installed: pip install sounddevice"
    assert main(["voice"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == expected


def test_cli_speak_without_espeak_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    assert main(["voice", "--speak", "--audio-file", str(FOX)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "apt-get install espeak-ng" in err


# -- the transcribe agent tool -----------------------------------------------------------------
def test_attached_audio_is_transcribed_into_the_models_evidence(tiny: SpeechTool) -> None:
    chat = ScriptedChatModel(["The fox jumps over the lazy dog [E1]."])
    session = make_session(chat, tool_factory=transcribe_with(tiny))
    # A question about the words goes to the model ("transcribe this" is answered by the transcript).
    events = list(session.send(Turn("Which animal jumps in this recording?", attachments=[FOX])))

    (finished,) = [e for e in events if isinstance(e, ToolFinished)]
    assert finished.name == "transcribe" and finished.ok and finished.evidence_id == "E1"
    # The session ran the tool on the attachment before asking the model; the transcript is
    # in the user message as an untrusted evidence block.
    asked = last_human(chat.received[0])
    assert '<evidence id="E1" source="transcribe" trust="untrusted">' in asked
    heard = asked.split("s] ", 1)[1].split("</evidence>")[0]
    assert wer(FOX_WORDS, heard) <= 0.34, asked
    assert isinstance(events[-1], AnswerDone) and "fox" in events[-1].text


def test_model_calls_transcribe_on_an_allowed_file(tiny: SpeechTool, tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    memo = tmp_path / "notes" / "memo.wav"
    memo.write_bytes(TWO_TURNS.read_bytes())
    chat = ScriptedChatModel(
        [
            {"tool_calls": [{"name": "transcribe", "args": {"path": str(memo), "language": "auto"}}]},
            "The memo asks to open the window [E1].",
        ]
    )
    session = make_session(chat, tool_factory=transcribe_with(tiny))
    session.access.allow_root(tmp_path / "notes")
    events = list(session.send(Turn("What does memo.wav in my notes say?")))

    (finished,) = [e for e in events if isinstance(e, ToolFinished)]
    assert finished.name == "transcribe" and finished.ok and finished.args["path"] == str(memo)
    tool_msg = next(m for m in chat.received[1] if isinstance(m, ToolMessage))
    assert '<evidence id="E1" source="transcribe" trust="untrusted">' in tool_msg.content
    assert "open the window" in tool_msg.content.lower() and "good morning" in tool_msg.content.lower()


def test_transcribe_tool_refuses_files_that_were_not_attached(tiny: SpeechTool) -> None:
    chat = ScriptedChatModel(
        [
            {"tool_calls": [{"name": "transcribe", "args": {"path": str(TWO_TURNS.resolve())}}]},
            "I cannot read that file.",
        ]
    )
    session = make_session(chat, tool_factory=transcribe_with(tiny))
    events = list(session.send(Turn("Transcribe the recording in tests/data.")))
    (finished,) = [e for e in events if isinstance(e, ToolFinished)]
    assert not finished.ok
    tool_msg = next(m for m in chat.received[1] if isinstance(m, ToolMessage))
    assert "not allowed" in tool_msg.content and "window" not in tool_msg.content.lower()


def test_ask_with_audio_attachment_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The app's tools, as assistant/agent_tools/ finds them, with only the speech module.
    monkeypatch.setattr("assistant.agent_tools.tool_modules", lambda: (speech_tools,))
    replies = tmp_path / "replies.json"
    replies.write_text(json.dumps(["The recording says the quick brown fox jumps over the lazy dog [E1]."]))
    code = main(["ask", "What does it say?", "--audio", str(FOX), "--model", f"scripted:{replies}", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    answer = json.loads(out)
    assert [c["name"] for c in answer["tool_calls"]] == ["transcribe"]
    (evidence,) = answer["evidence"]
    assert evidence["source"] == "transcribe" and wer(FOX_WORDS, evidence["text"].split("s] ", 1)[1]) <= 0.34


def test_missing_whisper_model_is_a_voice_error_not_a_crash(tmp_path: Path) -> None:
    engine = engine_for(FOX, SpeechTool(str(tmp_path / "no-such-model")))
    events = list(engine.events())
    errors = [e for e in events if isinstance(e, VoiceError)]
    assert errors and all("\n" not in e.message and e.fatal for e in errors)
    assert not [e for e in events if isinstance(e, FinalTranscript)]
    assert isinstance(events[-1], ListeningStopped) and events[-1].reason == "error"


def test_typed_turns_carry_no_voice_note() -> None:
    chat = ScriptedChatModel(["Paris."])
    list(make_session(chat).send(Turn("What is the capital of France?")))
    assert "by voice" not in chat.received[0][0].content
