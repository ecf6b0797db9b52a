"""One voice path for `assistant voice` and the chat app's push-to-talk: one builder of the turn
detector and engine (assistant/voice/build.py), one voice-turn service (assistant/voice/turn.py)
that marks the question as from speech and the answer as heard only when a speaker reads it,
and stage timings computed once, in VoiceTurnDone.

Recorded speech through the audio seam (FileAudioSource, --audio-file), real Whisper tiny.en and
Silero VAD, the real session and store; only the chat model is scripted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from _speech_helpers import FOX, FOX_WORDS, TURN_WORDS, TWO_TURNS, wer
from _tui_pilot import heard_fox, make_app, ready, send, wait_until
from test_voice import engine_for, make_session
from textual.widgets import Static

from assistant.cli import main
from assistant.export import session_markdown
from assistant.models.scripted import ScriptedChatModel
from assistant.settings import load_settings
from assistant.store import ConversationStore
from assistant.tools.speech.audio_source import FileAudioSource
from assistant.tools.speech.transcriber import SpeechTool
from assistant.voice import build
from assistant.voice.events import FinalTranscript, TurnMarks, VoiceTurnDone
from assistant.voice.loop import VoiceLoop
from assistant.voice.playback import WavFilePlayer
from assistant.voice.speak import Speaker
from assistant.voice.synth import EspeakSynth

FROM_SPEECH = "talking to you by voice"  # prompts/turns.yaml: from_speech
WILL_BE_HEARD = "will be read aloud"  # prompts/turns.yaml: will_be_heard


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def tiny() -> SpeechTool:
    tool = SpeechTool("tiny.en")
    tool.load()
    return tool


def scripted(tmp_path: Path, replies: list[str]) -> str:
    path = tmp_path / "replies.json"
    path.write_text(json.dumps(replies))
    return f"scripted:{path}"


def stored_questions() -> list[tuple[str, bool]]:
    store = ConversationStore(load_settings().home)
    try:
        (info,) = store.list_sessions()
        return [(t.content, t.from_speech) for t in store.turns(info.id) if t.role == "user"]
    finally:
        store.close()


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, Any]]:
    """Every engine the one builder makes, with its mode (the real builder runs)."""
    made: list[tuple[bool, Any]] = []
    real = build.voice_engine

    def recording(source: Any, speech: Any, cfg: Any, **kw: Any) -> Any:
        engine = real(source, speech, cfg, **kw)
        made.append((kw.get("push_to_talk", False), engine))
        return engine

    monkeypatch.setattr(build, "voice_engine", recording)
    return made


@pytest.fixture
def records(monkeypatch: pytest.MonkeyPatch) -> list[VoiceTurnDone]:
    """Every VoiceTurnDone the voice-turn event computes (the real computation runs)."""
    made: list[VoiceTurnDone] = []
    real = VoiceTurnDone.record.__func__  # type: ignore[attr-defined]

    def recording(cls: type[VoiceTurnDone], *args: Any, **kw: Any) -> VoiceTurnDone:
        event = real(cls, *args, **kw)
        made.append(event)
        return event

    monkeypatch.setattr(VoiceTurnDone, "record", classmethod(recording))
    return made


# -- (a) one builder ---------------------------------------------------------------------------
def test_the_cli_loop_builds_its_engine_from_the_speech_settings(
    built: list, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The two turns of the recording are 2 s apart: with 3 s of end-of-turn silence configured
    # they are one utterance, one turn (at the default 0.7 s they are two: test_voice.py).
    monkeypatch.setenv("ASSISTANT_SPEECH__VAD_SILENCE_MS", "3000")
    code = main(["voice", "--audio-file", str(TWO_TURNS), "--model", scripted(tmp_path, ["Both heard."]), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    (turn,) = [json.loads(line) for line in out.strip().splitlines()]
    assert wer(" ".join(TURN_WORDS), turn["transcript"]) <= 0.34, turn["transcript"]
    ((push_to_talk, engine),) = built
    assert not push_to_talk and engine.detector.silence_ms == 3000
    # The question is stored as spoken.
    assert [spoken for _, spoken in stored_questions()] == [True]


@pytest.mark.anyio
async def test_tui_push_to_talk_builds_its_engine_through_the_same_builder(
    built: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_SPEECH__VAD_SILENCE_MS", "2000")
    monkeypatch.setenv("ASSISTANT_SPEECH__PRE_ROLL_MS", "480")
    app, chat = make_app(["A pangram."], audio_source_factory=lambda: FileAudioSource(FOX, realtime=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        await pilot.press("f5")
        await wait_until(pilot, lambda: chat.received and not app.busy and not app.voice.listening, 30, "voice turn")
    ((push_to_talk, engine),) = built
    assert push_to_talk and engine.detector.silence_ms == 2000 and engine.detector.pre_roll_ms == 480
    assert heard_fox(str(chat.received[0][-1].content))


# -- (b) from speech, heard only when spoken ---------------------------------------------------
@pytest.mark.anyio
async def test_tui_push_to_talk_turn_is_from_speech_and_its_answer_is_not_heard() -> None:
    app, chat = make_app(["Foxes are quick.", "Paris."],
                         audio_source_factory=lambda: FileAudioSource(FOX, realtime=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        await pilot.press("f5")
        await wait_until(pilot, lambda: chat.received and not app.busy and not app.voice.listening, 30, "voice turn")
        # The model was told the words came from speech recognition, and not that the answer
        # will be read aloud: the chat app only shows it.
        system = chat.received[0][0].content
        assert FROM_SPEECH in system and WILL_BE_HEARD not in system
        assert heard_fox(str(chat.received[0][-1].content))
        # A typed question afterwards is neither.
        await send(pilot, app, "What is the capital of France?")
        assert FROM_SPEECH not in chat.received[1][0].content
        from assistant.tui.widgets.messages import SPOKEN_LABEL, UserMessage

        def labels() -> list[bool]:
            return [any(str(s.content) == SPOKEN_LABEL for s in m.query(Static)) for m in app.query(UserMessage)]

        assert labels() == [True, False]
        # Stored as such, and shown as such when the session is opened again.
        questions = stored_questions()
        assert [spoken for _, spoken in questions] == [True, False] and heard_fox(questions[0][0])
        live = set(app.query(UserMessage))
        app.sessions.open(app.controller.session_id)
        await wait_until(pilot, lambda: len(app.query(UserMessage)) == 2 and not live & set(app.query(UserMessage)),
                         15, "the session shown again from the store")
        assert labels() == [True, False]
        sid = app.controller.session_id
    store = ConversationStore(load_settings().home)
    try:
        assert "## You (spoken)" in session_markdown(store, sid)
    finally:
        store.close()


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng reads the answer")
def test_the_answer_is_marked_heard_only_when_a_speaker_reads_it(tiny: SpeechTool, tmp_path: Path) -> None:
    shown = ScriptedChatModel(["A pangram."])
    list(VoiceLoop(engine_for(FOX, tiny), make_session(shown)).run())
    assert FROM_SPEECH in shown.received[0][0].content and WILL_BE_HEARD not in shown.received[0][0].content

    heard = ScriptedChatModel(["The window is open now."])
    speaker = Speaker(EspeakSynth(), WavFilePlayer(tmp_path / "answer.wav", realtime=False))
    events = list(VoiceLoop(engine_for(FOX, tiny), make_session(heard), speaker=speaker).run())
    assert FROM_SPEECH in heard.received[0][0].content and WILL_BE_HEARD in heard.received[0][0].content
    (done,) = [e for e in events if isinstance(e, VoiceTurnDone)]
    assert "transcript_to_first_audio" in done.timings
    assert wer("the window is open now", tiny.transcribe(tmp_path / "answer.wav").text) <= 0.2


# -- (c) timings computed once, in the voice-turn event ----------------------------------------
def test_voice_turn_done_computes_the_stage_timings() -> None:
    from assistant.events import AnswerDone, TurnFailed

    heard = FinalTranscript("hello", "en", 1.2, 1.5, 0.4, 0.1, 0.3, True, "silence")
    marks = TurnMarks(sent=10.0, first_token=10.5, done=12.0, first_audio=11.0)
    done = VoiceTurnDone.record(heard, AnswerDone("s1", 7, "Hi.", "scripted:x"), marks)
    assert done.ok and (done.transcript, done.answer, done.session_id, done.turn_id) == ("hello", "Hi.", "s1", 7)
    assert done.timings == {
        "speech_end_to_transcript": 0.4, "turn_end_to_transcript": 0.1, "transcript_to_first_token": 0.5,
        "transcript_to_answer": 2.0, "speech_end_to_answer": 2.4, "transcript_to_first_audio": 1.0,
        "answer_to_first_audio": -1.0,
    }
    failed = VoiceTurnDone.record(heard, TurnFailed("s1", 8, "backend died", "Hal"), TurnMarks(sent=10.0, done=10.2))
    assert not failed.ok and failed.error == "backend died" and failed.answer == "Hal"
    assert "transcript_to_first_token" not in failed.timings and failed.timings["transcript_to_answer"] == 0.2


@pytest.mark.anyio
async def test_tui_shows_the_timings_of_the_voice_turn_event(records: list[VoiceTurnDone]) -> None:
    app, chat = make_app(["Foxes are quick."], audio_source_factory=lambda: FileAudioSource(FOX, realtime=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        await pilot.press("f5")
        await wait_until(pilot, lambda: chat.received and not app.busy and not app.voice.listening, 30, "voice turn")
        from assistant.tui.widgets.messages import AssistantMessage

        meta = str(app.query(AssistantMessage).last().meta.content)
    (event,) = records
    assert heard_fox(event.transcript) and event.answer == "Foxes are quick."
    t = event.timings
    assert f"speech end → transcript {t['speech_end_to_transcript']:.2f}s" in meta, meta
    assert f"transcript → first token {t['transcript_to_first_token']:.2f}s" in meta, meta


def test_cli_prints_the_timings_of_the_voice_turn_event(
    records: list[VoiceTurnDone], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["voice", "--audio-file", str(FOX), "--model", scripted(tmp_path, ["A pangram."]), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    (turn,) = [json.loads(line) for line in out.strip().splitlines()]
    (event,) = records
    assert wer(FOX_WORDS, turn["transcript"]) <= 0.34 and turn["timings"] == event.timings
