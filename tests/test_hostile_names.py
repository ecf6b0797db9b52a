"""Issue 16, items 10 and 11: `index` never follows a link out of the folder it indexes, and a
file name that is not UTF-8 is no traceback in `ask` (the store) or `index` (which still indexes
every good file)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from assistant.cli import main
from tests.ocr_screens import render_text

BAD_NAME = b"shot-\xff\xfe.png"  # not UTF-8: Python sees it as surrogate escapes


def _bad_path(folder: Path) -> Path:
    return Path(os.fsdecode(os.fsencode(folder) + b"/" + BAD_NAME))


def test_ask_with_a_non_utf8_file_name_is_stored(tmp_path, capsys, isolated_env):
    image = _bad_path(tmp_path)
    render_text("ValueError: bad input").save(image)
    script = tmp_path / "s.json"
    script.write_text(json.dumps(["It is a ValueError."] * 2))
    for extra in ([], ["--json"]):
        rc = main(["ask", "what is this?", "--image", str(image), "--model", f"scripted:{script}", *extra])
        out, err = capsys.readouterr()
        assert rc == 0, err
        assert "Traceback" not in err and "ValueError" in out
    from assistant.store import ConversationStore

    store = ConversationStore(isolated_env)
    session = store.list_sessions()[0]
    (att,) = store.turns(session.id)[0].attachments
    assert att.name.startswith("shot-") and att.name.endswith(".png")
    assert main(["history", "show", session.id]) == 0 and "shot-" in capsys.readouterr().out


@pytest.mark.slow  # real OCR and MiniLM over a few small screenshots
def test_index_skips_links_out_and_bad_names_and_indexes_the_rest(tmp_path, capsys):
    outside = tmp_path / "outside"
    outside.mkdir()
    render_text("payroll secret figures").save(outside / "secret.png")
    pics = tmp_path / "pics"
    (pics / "sub").mkdir(parents=True)
    render_text("build failed exit code 2").save(pics / "sub" / "build.png")
    render_text("disk quota exceeded").save(_bad_path(pics))
    (pics / "secret_link.png").symlink_to(outside / "secret.png")
    (pics / "outside_dir").symlink_to(outside, target_is_directory=True)
    (pics / "inside_link.png").symlink_to(pics / "sub" / "build.png")  # stays inside: fine

    assert main(["index", str(pics), "--no-progress", "--json"]) == 0
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["added"] == 2 and "Traceback" not in err  # build.png and the link to it
    assert "secret_link.png" in err and "outside_dir" in err and "not valid UTF-8" in err
    assert main(["search", "payroll secret figures", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert not any("secret" in hit["path"] or str(outside) in hit["path"] for hit in hits)
    assert main(["search", "build failed", "--json"]) == 0
    paths = {hit["path"] for hit in json.loads(capsys.readouterr().out)["hits"]}
    assert paths & {str(pics / "sub" / "build.png"), str(pics / "inside_link.png")}  # one hit per image

    # A link swapped in after the scan is refused at read time too.
    from assistant.tools.images.walk import inside_root as _inside

    assert not _inside(pics / "secret_link.png", pics) and _inside(pics / "inside_link.png", pics)
