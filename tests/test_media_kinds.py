"""One MediaKind table (assistant/media_kinds.py) drives attachments, `ask`'s flags, the reader
each attachment gets before the model, and the chat app's pasted-path suffixes."""

from __future__ import annotations

import io
import wave

import pytest
from PIL import Image

from assistant.attachments import load_attachment
from assistant.cli import build_parser
from assistant.errors import AttachmentError
from assistant.media_kinds import MEDIA_KINDS, MEDIA_SUFFIXES, kind_of_suffix
from assistant.turn_input import readers_for

EXTENSIONS = [(kind.name, ext) for kind in MEDIA_KINDS for ext in kind.extensions]


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "PNG")
    return out.getvalue()


def _wav() -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\0\0" * 1600)
    return out.getvalue()


@pytest.mark.parametrize(("kind", "ext"), EXTENSIONS)
def test_an_extension_in_the_table_claims_its_kind(tmp_path, kind, ext):
    assert kind_of_suffix(ext.upper()).name == kind
    # The bytes decide; a file whose name claims another kind is refused, naming the claim.
    other = tmp_path / f"clip{ext}"
    other.write_bytes(_wav() if kind == "image" else _png())
    with pytest.raises(AttachmentError, match=f"is named like {kind} but holds"):
        load_attachment(other)


def test_a_file_named_by_the_table_and_holding_that_kind_is_attached(tmp_path):
    (tmp_path / "a.PNG").write_bytes(_png())
    (tmp_path / "b.wav").write_bytes(_wav())
    assert [load_attachment(tmp_path / n).kind for n in ("a.PNG", "b.wav")] == ["image", "audio"]
    assert kind_of_suffix(".txt") is None


def test_ask_has_one_flag_per_kind_and_keeps_their_order():
    from assistant.commands.ask import _attached

    parser = build_parser()
    argv = ["ask", "q"]
    for kind in MEDIA_KINDS:
        argv += [kind.flag, f"{kind.name}1", kind.flag, f"{kind.name}2"]
    args = parser.parse_args(argv)
    assert [getattr(args, kind.name) for kind in MEDIA_KINDS] == [["image1", "image2"], ["audio1", "audio2"],
                                                                  ["video1", "video2"]]
    # A screen capture is an image: it follows the --image files.
    assert _attached(args, ["shot.png"]) == ["image1", "image2", "shot.png", "audio1", "audio2", "video1", "video2"]


@pytest.mark.parametrize("kind", MEDIA_KINDS, ids=lambda k: k.name)
def test_each_kind_is_read_by_its_reader_before_the_model(kind):
    assert readers_for(kind.name, "What is in this file?") == [kind.reader]


def test_the_chat_app_recognises_pasted_paths_by_the_tables_suffixes():
    from assistant.tui.commands import MEDIA_SUFFIXES as TUI_SUFFIXES

    assert TUI_SUFFIXES == MEDIA_SUFFIXES == {ext for _, ext in EXTENSIONS}
    assert [kind.command for kind in MEDIA_KINDS] == ["/image", "/audio", "/video"]
