"""Issue 16, item 4: a key the model or OCR echoes is redacted in what is shown live, not only in
the stored copy: `ask` (streamed text and --json), the TUI transcript, and the voice loop's
printed and spoken text. The scripted model streams each key split across several chunks."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.live_redaction import LiveRedactor
from assistant.tools.secret_scan import REDACTED, redact_secrets, register_secret

# Built at run time: no real-looking key in the repository.
CONFIGURED = "LocalServerPass" + "7Q2w9xK3"  # a config key of no known shape: found only by registration
GITHUB = "ghp_" + "Q7dLx2Rk9TmWv4Ny8Bc3" + "Hs6Jp1Zf5Ga0Ke7Ui2Oq"  # detect-secrets' GitHubTokenDetector
BEARER = "Zk3" + "q9LmWx7Rt2Vb8Np4"


def split_reply(*texts: str, size: int = 5) -> dict[str, list[str]]:
    """A scripted reply streamed in pieces of ``size`` characters: every key spans several."""
    whole = "".join(texts)
    return {"chunks": [whole[i : i + size] for i in range(0, len(whole), size)]}


ANSWER = f"Your key is {CONFIGURED} and the token {GITHUB}; send Authorization: Bearer {BEARER} now."


def pieces(key: str) -> list[str]:
    return [key[i : i + 6] for i in range(4, len(key) - 6, 3)]


def leaks(text: str, *keys: str) -> list[str]:
    return [p for key in keys for p in pieces(key) if p in text]


def script(tmp_path: Path, replies: list) -> str:
    path = tmp_path / "replies.json"
    path.write_text(json.dumps(replies))
    return f"scripted:{path}"


@pytest.fixture
def configured_key(monkeypatch: pytest.MonkeyPatch) -> str:
    # Registered at start-up by load_settings, whatever model runs (item 1).
    monkeypatch.setenv("ASSISTANT_OPENAI__API_KEY", CONFIGURED)
    return CONFIGURED


# -- the redactor itself -----------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(30))
def test_any_split_of_a_stream_shows_what_redacting_it_whole_shows(seed: int) -> None:
    register_secret(CONFIGURED)
    register_secret("correct horse " + "battery staple")  # a configured value with spaces
    text = (f"{ANSWER}\npassword = hunter2hunter and use correct horse battery staple; "
            f"key sk-pr\u200boj-{GITHUB[4:]} then\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA{GITHUB}\n"
            "-----END RSA PRIVATE KEY-----\nbye 你好，世界")
    rng = random.Random(seed)
    stream, shown, i = LiveRedactor(), [], 0
    while i < len(text):
        n = rng.randint(1, 9)
        shown.append(stream.feed(text[i : i + n]))
        i += n
    shown.append(stream.flush())
    live, whole = "".join(shown), redact_secrets(text)
    assert not leaks(live, CONFIGURED, GITHUB, BEARER, "hunter2hunter", "MIIEpAIBAAKCAQEA"), live
    assert live.count(REDACTED) == whole.count(REDACTED) == 7
    # The same text either way, but where a keyword pattern takes its keyword along ("token <key>"
    # is one finding): the stream had shown the keyword before the key arrived.
    assert live.replace("the token [REDACTED]", "the [REDACTED]") == whole


def test_ordinary_text_is_released_as_it_streams() -> None:
    stream = LiveRedactor()
    assert stream.feed("The answer ") == "The answer "
    assert stream.feed("is forty") == "is "  # "forty" could still grow into a key
    assert stream.feed("-two.\n") == "forty-two.\n"
    assert stream.feed("你好，世界。") == "你好，世界。"  # no spaces, and still shown at once
    assert stream.flush() == ""


# -- ask ---------------------------------------------------------------------------------------

def test_ask_streams_no_key_split_across_chunks(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                configured_key: str) -> None:
    model = script(tmp_path, [split_reply(ANSWER)])
    assert main(["ask", "what is my key?", "--model", model]) == 0
    out, err = capsys.readouterr()
    assert not leaks(out + err, CONFIGURED, GITHUB, BEARER), out
    assert out.count(REDACTED) == 3 and out.startswith("Your key is [REDACTED] and the token [REDACTED];")
    assert out.rstrip().endswith("send Authorization: Bearer [REDACTED] now.")


def test_ask_json_redacts_the_answer_and_the_ocr_evidence(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          configured_key: str) -> None:
    from ocr_screens import render_text

    shot = tmp_path / "terminal.png"
    render_text(f"export GITHUB_TOKEN={GITHUB}\nrun the deploy", size=28).save(shot)
    model = script(tmp_path, [split_reply(ANSWER)])
    assert main(["ask", "what does this screenshot say?", "--image", str(shot), "--model", model, "--json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["answer"] == redact_secrets(ANSWER) and REDACTED in data["answer"]
    # OCR read the token off the screenshot: the evidence and the tool call carry it redacted.
    assert any(c["name"] == "ocr" for c in data["tool_calls"])
    evidence = json.dumps(data["evidence"])
    assert "export GITHUB_T" in evidence and REDACTED in evidence
    assert not leaks(out + err, CONFIGURED, GITHUB, BEARER)


# -- the TUI transcript ------------------------------------------------------------------------

@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_tui_transcript_shows_no_key_split_across_chunks(configured_key: str) -> None:
    from _tui_pilot import make_app, ready, send

    app, _ = make_app([split_reply(ANSWER)], delay=0.01)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot, app)
        message = await send(pilot, app, "what is my key?")
        assert message.text == redact_secrets(ANSWER)
        assert not leaks(message.text + message.markdown.source, CONFIGURED, GITHUB, BEARER)


# -- the voice loop ----------------------------------------------------------------------------

class WrittenDownSpeaker:
    """The speaker seam: records each sentence instead of synthesising it."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self.first_audio_at: float | None = None
        self.speaking = False
        self.interrupted = False

    def begin(self) -> None:
        self.interrupted = False

    def say(self, sentence: str) -> None:
        self.said.append(sentence)
        self.first_audio_at = self.first_audio_at or time.monotonic()

    def stop(self) -> None:
        self.interrupted = True

    def close(self, finish: bool = True) -> None:
        pass


def test_voice_loop_neither_prints_nor_speaks_a_key(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    configured_key: str) -> None:
    from _speech_helpers import FOX
    from test_voice import engine_for, make_session

    from assistant.models.scripted import ScriptedChatModel
    from assistant.tools.speech.transcriber import SpeechTool
    from assistant.voice.events import VoiceTurnDone
    from assistant.voice.loop import VoiceLoop

    speech = SpeechTool("tiny.en")
    speaker = WrittenDownSpeaker()
    session = make_session(ScriptedChatModel([split_reply(ANSWER)]))
    events = list(VoiceLoop(engine_for(FOX, speech), session, speaker=speaker).run())
    (done,) = [e for e in events if isinstance(e, VoiceTurnDone)]
    spoken = " ".join(speaker.said)
    assert done.ok and done.answer == redact_secrets(ANSWER)
    assert speaker.said and not leaks(spoken, CONFIGURED, GITHUB, BEARER), spoken
    # `assistant voice` prints the streamed answer: the same text.
    model = script(tmp_path, [split_reply(ANSWER)])
    assert main(["voice", "--audio-file", str(FOX), "--model", model]) == 0
    out, err = capsys.readouterr()
    assert "assistant: Your key is [REDACTED]" in out and not leaks(out + err, CONFIGURED, GITHUB, BEARER)
