"""The bad-input corpus (tests/badinput/corpus.py) through the CLI commands and the agent.

Every case must end in a documented error (exit 1 and one ``error: ...`` line on stderr, or a
failed tool card whose summary is one line) or a correct answer; never a traceback. Hostile
paths chosen by the model must be refused by the access policy, whatever the file holds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from assistant.app import make_app
from assistant.cli import main
from assistant.events import AnswerDone, ToolFinished, TurnFailed
from assistant.models.registry import ModelHandle
from assistant.models.scripted import ScriptedChatModel
from assistant.models.text_tools import TextToolCallingModel
from assistant.models.tool_parse import parse_tool_calls
from assistant.session import Session, Turn
from assistant.settings import load_settings
from assistant.store import ConversationStore
from tests.badinput.corpus import Case, build

pytestmark = pytest.mark.slow  # ~100 CLI runs; real OCR/Whisper/PyAV on the few decodable cases

# Outcomes that are a *correct answer*, not an error: (case, command).
OK_CASES = {
    ("silent.wav", "transcribe"),       # silence: empty text and a note, exit 0
    ("silent.wav", "ask"),              # the transcript is empty; the model still answers
    ("audio_only.mp4", "transcribe"),   # sound in an mp4 is fine for transcribe
    ("audio_only.mp4", "ask"),          # ... and as --video: the streams decide, it is transcribed
    # Good images under hostile names (bytes that are not UTF-8, terminal escapes) are read.
    *((name, cmd) for name in ("non_utf8_name.png", "escape_name.png") for cmd in ("ocr", "ask")),
    ("wav_named.mp4", "transcribe"),    # transcribe reads by content, names do not matter
    # A path the user types is theirs to read (the access policy guards model-chosen paths):
    # these are a real PNG outside the allowed dir, reached directly or through symlinks.
    *((name, cmd) for name in ("absolute_outside", "symlink_out", "symlinked_dir_out") for cmd in ("ocr", "ask")),
}
# Python exception names that only show up when something undocumented escaped.
UNDOCUMENTED = re.compile(r"\b(Traceback|RuntimeError|OSError|ValueError|TypeError|KeyError|IndexError|"
                          r"AttributeError|UnicodeDecodeError|AssertionError|ZeroDivisionError)\b")

COUNTER = {"n": 0}
# Hostile paths that lead outside the allowed dir: the policy must refuse them by name.
OUTSIDE = {"dotdot", "dotdot_from_root", "absolute_outside", "etc_passwd", "symlink_out", "symlinked_dir_out",
           "tilde_root", "dev_zero"}


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Case]]:
    base = tmp_path_factory.mktemp("badinput")
    root, outside = base / "allowed", base / "outside"
    return root, outside, build(root, outside)


@pytest.fixture(scope="session")
def script_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("script") / "replies.json"
    path.write_text(json.dumps(["I looked at it."] * 20))
    return path


def _commands(case: Case, script: Path) -> list[tuple[str, list[str]]]:
    p = str(case.path)
    ask = ["ask", "what is this?", "--model", f"scripted:{script}", "--json"]
    if case.kind == "image":
        return [("ocr", ["ocr", p]), ("ask", [*ask, "--image", p])]
    if case.kind == "audio":
        return [("transcribe", ["transcribe", p]), ("ask", [*ask, "--audio", p])]
    if case.kind == "video":
        return [("frames", ["frames", p, "--json", "-n", "2"]), ("transcribe", ["transcribe", p]),
                ("ask", [*ask, "--video", p])]
    # A path typed by the user on the command line is theirs to read: it must only fail cleanly.
    return [("ocr", ["ocr", p]), ("transcribe", ["transcribe", p]), ("frames", ["frames", p]),
            ("ask", [*ask, "--image", p])]


def _run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        rc = main(argv)
    except SystemExit as exc:  # argparse
        rc = int(exc.code or 0)
    except BaseException as exc:
        raise AssertionError(f"{argv[0]} {argv[1:]!r:.200} raised {type(exc).__name__}: {exc}") from exc
    out, err = capsys.readouterr()
    return rc, out, err


def test_corpus_through_cli(corpus, script_file, capsys, monkeypatch):
    root, outside, cases = corpus
    monkeypatch.chdir(root)
    seen: list[str] = []
    for case in cases:
        for command, argv in _commands(case, script_file):
            rc, out, err = _run_cli(argv, capsys)
            label = f"{case.name} via {command}: rc={rc} stderr={err!r:.300}"
            seen.append(label)
            assert not UNDOCUMENTED.search(err), label
            assert not re.search(r"[\x1b\x07\x9b\u202e]", out + err), f"{label}: raw control characters"
            lines = [ln for ln in err.splitlines() if ln.strip()]
            if rc == 0 and command == "ask":
                answer = json.loads(out)
                assert answer["answer"] == "I looked at it.", label
                summaries = [c["result_summary"] for c in answer["tool_calls"]]
                if case.name == "audio_only.mp4":  # sound-only "video": transcribed, not sampled
                    assert [c["name"] for c in answer["tool_calls"] if c["ok"]] == ["transcribe"], label
                assert all("\n" not in s and not UNDOCUMENTED.search(s) for s in summaries), label
                if (case.name, command) not in OK_CASES:
                    # The attachment sniffed as media but cannot be read: a failed tool card,
                    # and the model is told so; the turn goes on.
                    assert summaries and all(s.startswith("error: ") for s in summaries), label
                continue
            if (case.name, command) in OK_CASES:
                assert rc == 0 and not lines[1:], label
                continue
            assert rc == 1, label
            if command == "ask" and not lines:  # --json: the failure is a JSON object on stdout
                error = json.loads(out)["error"]
                assert error and "\n" not in error and not UNDOCUMENTED.search(error), label
            else:
                assert len(lines) == 1 and lines[0].startswith("error: "), label
    COUNTER["n"] += len(seen)
    print(f"bad-input corpus: {len(cases)} files/paths, {len(seen)} CLI cases")
    assert len(seen) >= 30


def _agent_tool(case: Case) -> list[str]:
    return {"image": ["ocr"], "audio": ["transcribe"], "video": ["video_frames", "transcribe"]}.get(
        case.kind, ["ocr", "transcribe", "video_frames"])


def test_corpus_through_agent(corpus, tmp_path):
    root, outside, cases = corpus
    # Every tool on every turn: this drives each tool with each bad file, whatever the question.
    app = make_app(load_settings(allowed_dirs=[root], agent={"tools": "always"}))
    n = 0
    try:
        for case in cases:
            for tool in _agent_tool(case):
                script = tmp_path / f"{case.name}-{tool}.json"
                call = {"tool_calls": [{"name": tool, "args": {"path": str(case.path)}}]}
                script.write_text(json.dumps([call, {"tool_calls": [{"name": "list_files", "args": {"path": str(case.path)}}]},
                                              "Done."]))
                # "read it" names no file: the user says yes to the read (provenance.py), so the
                # tool itself meets the bad file.
                events = list(app.session().send(Turn("read it", model=f"scripted:{script}"), lambda action: True))
                label = f"{case.name} via agent {tool}"
                finished = [e for e in events if isinstance(e, ToolFinished)]
                assert isinstance(events[-1], AnswerDone), f"{label}: {events[-1]}"
                assert [f.name for f in finished] == [tool, "list_files"], label
                first, listing = finished
                assert "\n" not in first.summary and not UNDOCUMENTED.search(first.summary), f"{label}: {first.summary}"
                if case.name in OUTSIDE or case.name == "link_out.png":
                    assert not first.ok and "is not allowed" in first.summary, f"{label}: {first.summary}"
                elif (case.name, tool if tool != "video_frames" else "frames") in OK_CASES:
                    assert first.ok, f"{label}: {first.summary}"
                else:
                    assert not first.ok and first.summary.startswith("error: "), f"{label}: {first.summary}"
                # list_files ignores the hostile argument and lists only allowed files.
                assert listing.ok and str(outside) not in listing.summary
                evidence = next(e for e in events[-1].evidence if e["source"] == "list_files") \
                    if any(e["source"] == "list_files" for e in events[-1].evidence) else {"text": ""}
                assert "secret.png" not in evidence["text"] and "/etc/passwd" not in evidence["text"], label
                n += 1
    finally:
        app.close()
    print(f"bad-input corpus: {n} agent cases")
    assert n >= 30


MALFORMED_CALLS = [
    '{"name": "ocr", "arguments": {"path": ',                        # cut mid-call
    '{"name": "ocr", "arguments": "not json at all"}',
    '<tool_call>{"name": 42}</tool_call>',
    "[" * 5000,
    '{"name": "current_time", "arguments": {"x": ' + "{" * 2000 + "}" * 2000 + "}}",  # deep nesting
    '```json\n{"name": "shell", "arguments": {"cmd": "rm -rf /"}}\n```',  # no such tool
    "current_time(",
    'ocr(path="../../etc/passwd")',                                  # hostile path, python-call form
    '{"name": "ocr", "arguments": {"path": "/etc/shadow"}}',
    "\x00{\"name\": \"current_time\"}",
    '{"name": null, "arguments": null}',
    '{"name": "ocr", "arguments": {"path": "' + "a" * 100_000 + '"}}',
    '{"name": "current_time", "arguments": {}} {"name": "current_time"',
    '{"name": "ocr", "arguments": {"path": ["a", "b"]}}',            # wrong argument type
    "\ud800 broken surrogate {",
]


def test_malformed_tool_calls_through_parser_and_agent(tmp_path):
    settings = load_settings()
    store = ConversationStore(settings.home)
    app = make_app(settings)
    n = 0
    try:
        for text in MALFORMED_CALLS:
            result = parse_tool_calls(text, {"ocr", "current_time", "list_files"})
            assert isinstance(result.calls, list) and isinstance(result.errors, list)
            inner = ScriptedChatModel([text, text, text, "I could not call a tool."])
            handle = ModelHandle("scripted:text", TextToolCallingModel(inner=inner, max_repairs=2), "scripted",
                                 can_see=False, native_tools=False)

            class Models:
                def resolve(self, name: Any = None) -> ModelHandle:
                    return handle

            session = Session(settings, store, Models(), tools=app.tools)
            events = list(session.send(Turn("what time is it?")))
            end = events[-1]
            label = f"malformed call {text[:60]!r}"
            assert isinstance(end, (AnswerDone, TurnFailed)), label
            if isinstance(end, TurnFailed):
                assert "\n" not in end.error and not UNDOCUMENTED.search(end.error), f"{label}: {end.error}"
            for finished in (e for e in events if isinstance(e, ToolFinished)):
                assert "\n" not in finished.summary, label
                if finished.name == "ocr":  # any path it got is outside the allowed roots
                    assert not finished.ok, label
            n += 1
    finally:
        app.close()
        store.close()
    print(f"bad-input corpus: {n} malformed tool calls")
    assert n == len(MALFORMED_CALLS)
