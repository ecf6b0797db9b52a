"""Issue 16, item 13: terminal control sequences in a model answer, a file name, OCR text or
history never reach the terminal raw (ask, history, search, index, error lines)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.terminal_text import clean, json_text

OSC52 = "\x1b]52;c;cm0gLXJmIH4v\x07"          # writes "rm -rf ~/" to the clipboard
CLEAR = "\x1b[2J\x1b[H"                         # clears the screen, cursor home
TITLE = "\x1b]0;owned\x1b\\"                     # retitles the window (ST-terminated)
C1_CSI = "\x9b31m"                              # an 8-bit CSI
BIDI = "\u202e"                                 # right-to-left override
HOSTILE = f"fine{OSC52} answer{CLEAR} here{TITLE}{C1_CSI} and {BIDI}txt.exe\r\x08\x00 end"
RAW = ("\x1b", "\x9b", "\x07", "\u202e", "\x00", "\x08", "\r")


def _raw(text: str) -> list[str]:
    return [repr(c) for c in RAW if c in text]


def test_clean_drops_sequences_and_controls_but_keeps_text():
    assert clean(HOSTILE) == "fine answer here and txt.exe end"
    kept = "Ligne 1\n\tcafé — 東京 ✓ [E1]"
    assert clean(kept) == kept
    # A sequence split across streamed chunks loses its ESC in the first; the rest is plain text.
    assert "\x1b" not in clean("\x1b") + clean("]52;c;eA==\x07")
    assert clean("bad \udcff name") == "bad \ufffd name"  # surrogate-escaped bytes print


def test_json_text_escapes_what_json_dumps_leaves_raw():
    text = json_text({"a": HOSTILE, "b": "bad \udcff"})
    assert not _raw(text) and "\udcff" not in text
    assert json.loads(text)["a"] == HOSTILE  # the same data, only escaped


def _script(tmp_path: Path, replies: list[str]) -> str:
    path = tmp_path / "replies.json"
    path.write_text(json.dumps(replies))
    return f"scripted:{path}"


def test_ask_and_history_print_no_control_sequences(tmp_path, capsys):
    model = _script(tmp_path, [HOSTILE, HOSTILE])
    assert main(["ask", f"question {CLEAR}{TITLE}", "--model", model]) == 0
    out, err = capsys.readouterr()
    assert "fine answer here" in out and not _raw(out + err)
    assert main(["ask", "again", "--model", model, "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["answer"] == HOSTILE and not _raw(out + err)
    from assistant.settings import load_settings
    from assistant.store import ConversationStore

    sid = ConversationStore(load_settings().home).list_sessions()[0].id
    for argv in (["history", "list"], ["history", "list", "--json"], ["history", "show", sid],
                 ["history", "show", sid, "--json"], ["history", "export", sid],
                 ["history", "search", "answer"], ["history", "search", "answer", "--json"]):
        assert main(argv) == 0, argv
        out, err = capsys.readouterr()
        assert out.strip() and not _raw(out + err), (argv, _raw(out + err))


def test_error_lines_carry_no_control_sequences(tmp_path, capsys):
    bad = tmp_path / f"shot{OSC52}{CLEAR}.png"
    assert main(["ask", "what?", "--image", str(bad), "--model", _script(tmp_path, ["x"])]) == 1
    out, err = capsys.readouterr()
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1 and not _raw(out + err)


@pytest.mark.slow  # real OCR and MiniLM over two small images
def test_index_and_search_print_hostile_file_names_clean(tmp_path, capsys):
    from tests.ocr_screens import render_text

    pics = tmp_path / "pics"
    pics.mkdir()
    render_text("build failed: exit code 2").save(pics / f"log{OSC52}{TITLE}.png")
    (pics / f"broken{CLEAR}.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00junk" * 10)
    assert main(["index", str(pics), "--no-progress"]) == 0
    out, err = capsys.readouterr()
    assert "broken" in err and not _raw(out + err)
    for argv in (["search", "build failed"], ["search", "build failed", "--json"]):
        assert main(argv) == 0
        out, err = capsys.readouterr()
        assert "log" in out and not _raw(out + err), argv


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_tui_widgets_show_no_control_sequences(anyio_backend):
    from assistant.tui.widgets.messages import AssistantMessage, Notice, UserMessage
    from assistant.tui.widgets.sidebar import Sidebar
    from tests.test_tui import make_app, ready, seed_session, send, wait_until

    seed_session(f"old question {TITLE}", f"old answer {OSC52}")
    app, _ = make_app([HOSTILE])
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot, app)
        sidebar = app.query_one(Sidebar)
        await wait_until(pilot, lambda: sidebar.query("SessionItem Label"), what="sessions listed")
        titles = [str(label.content) for label in sidebar.query("SessionItem Label")]
        message = await send(pilot, app, f"new question {CLEAR}")
        assert message.text == HOSTILE  # kept as sent (copy), shown clean
        shown = [message.markdown.source, str(message.meta.content), *titles]
        shown += [str(u.query_one(".body").content) for u in app.query(UserMessage)]
        shown += [str(n.content) for n in app.query(Notice)]
        assert "fine answer here" in shown[0]
        assert not _raw("\n".join(shown)), _raw("\n".join(shown))
        app.action_copy()  # the clipboard may be pasted into a shell: sanitised as well
        assert "fine answer here" in app.clipboard and not _raw(app.clipboard)
        assert app.query(AssistantMessage)
