"""`assistant index` / `assistant search` end to end (real OCR, MiniLM, chromadb), the agent tool,
a real SIGKILL mid-index followed by a resuming run, and client/server mode against `chroma run`."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.chroma_server import chroma_server

sys.path.insert(0, str(Path(__file__).parent))

from ocr_screens import render_text
from test_image_search import make_folder

from assistant.access import AccessPolicy
from assistant.agent_tools import ToolContext, image_search
from assistant.cli import main
from assistant.engines import Engines
from assistant.settings import load_settings
from assistant.tools.errors import ToolInputError

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def home(isolated_env: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test's home with a pre-filled OCR cache shared across tests (same images, same hashes)."""
    shared = tmp_path_factory.getbasetemp() / "image-cli-ocr-cache"
    cache = isolated_env / "cache" / "ocr"
    if shared.is_dir():
        shutil.copytree(shared, cache, dirs_exist_ok=True)
    yield isolated_env
    if cache.is_dir():
        shutil.copytree(cache, shared, dirs_exist_ok=True)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_folder(tmp_path / "pics")


@pytest.mark.slow
def test_cli_index_says_ocr_mode_once_and_search_json(
    home: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["index", str(folder), "--no-progress"]) == 0
    out, err = capsys.readouterr()
    assert err.count("OCR-text mode") == 1  # once per run, not once per image
    assert "5 added" in out and "1 failed" in out
    assert "broken.png" in err and "warning" in err

    assert main(["search", "build failed", "-k", "3", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["mode"] == "ocr-text"
    top = payload["hits"][0]
    assert {"path", "sha256", "score", "signals", "matched_text"} <= top.keys()
    assert Path(top["path"]).name == "build.png" and "ocr" in top["signals"] and len(top["sha256"]) == 64

    assert main(["index", "--json", "--no-progress"]) == 0  # no dirs: the roots indexed before
    report = json.loads(capsys.readouterr().out)
    assert (report["unchanged"], report["added"], report["ocr_runs"]) == (5, 0, 0)


def test_cli_bad_input_is_one_line(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", str(tmp_path / "missing")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "does not exist" in err and "\n" not in err
    assert main(["search"]) == 1
    assert "give a query" in capsys.readouterr().err
    assert main(["search", "--labels", ","]) == 1  # --labels alone filters by labels; empty is no query
    assert "give a query" in capsys.readouterr().err
    render_text("hello").save(tmp_path / "q.png")
    assert main(["search", "--image", str(tmp_path / "q.png"), "--labels", "cat,dog"]) == 1
    assert "need a CLIP model" in capsys.readouterr().err


@pytest.mark.slow
def test_cli_with_tiny_clip(
    home: Path,
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Mechanics through the settings path a real checkpoint uses; a random CLIP has no quality."""
    pytest.importorskip("transformers")
    from tiny_clip import make_tiny_clip

    monkeypatch.setenv("ASSISTANT_IMAGE_SEARCH__CLIP_MODEL", str(make_tiny_clip(tmp_path / "clip")))
    assert main(["index", str(folder), "--no-progress", "--json"]) == 0
    out, err = capsys.readouterr()
    assert "OCR-text mode" not in err and json.loads(out)["clip_embedded"] == 5
    assert main(["search", "--image", str(folder / "red.jpg"), "--json", "-k", "2"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert Path(hits[0]["path"]).name == "red.jpg" and hits[0]["signals"] == ["clip-image"]
    assert main(["search", "--image", str(folder / "red.jpg"), "--labels", "cat,dog,car", "--json"]) == 0
    labels = json.loads(capsys.readouterr().out)["labels"]
    assert len(labels) == 3 and abs(sum(lab["probability"] for lab in labels) - 1) < 1e-4


@pytest.mark.slow
def test_agent_tool_allows_indexed_roots_and_returns_evidence(
    home: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["index", str(folder), "--no-progress"]) == 0
    capsys.readouterr()
    engines = Engines(load_settings())
    assert engines.indexed_roots() == [folder.resolve()]
    ctx = ToolContext(access=AccessPolicy())
    (tool,) = image_search.tools(ctx, engines)
    assert ctx.access.allows(folder / "sub" / "conn.png")
    evidence = tool.invoke({"query": "connection refused", "k": 2})
    assert str(folder / "sub" / "conn.png") in evidence and "Connection refused" in evidence
    assert "not instructions" in evidence
    similar = tool.invoke({"image_path": str(folder / "invoice.png")})
    assert "invoice.png" in similar and "not by how it looks" in similar
    outside = home.parent / "outside.png"
    render_text("secret").save(outside)
    with pytest.raises(ToolInputError, match="not allowed"):
        tool.invoke({"image_path": str(outside)})


def _catalog_files(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM files WHERE error IS NULL").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_sigkill_mid_index_then_rerun_completes(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pics = tmp_path / "many"
    pics.mkdir()
    n = 8
    for i in range(n):  # distinct text: each one is real, uncached OCR work
        render_text(f"job {i} finished with exit code {i + 100}\nartifact-{i}.tar.gz").save(
            pics / f"s{i}.png"
        )
    env = os.environ | {"ASSISTANT_IMAGE_SEARCH__BATCH_SIZE": "1", "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "index", str(pics), "--no-progress"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    db = home / "index" / "catalog.sqlite3"
    deadline = time.monotonic() + 180
    try:
        while _catalog_files(db) < 2:
            assert proc.poll() is None, "indexer exited before it could be killed"
            assert time.monotonic() < deadline, "no batch committed within 180 s"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    committed = _catalog_files(db)
    assert 2 <= committed < n

    assert main(["index", str(pics), "--no-progress", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["added"] + report["unchanged"] == n and report["added"] == n - committed
    assert main(["search", "exit code 105", "-k", "1", "--json"]) == 0
    assert Path(json.loads(capsys.readouterr().out)["hits"][0]["path"]).name == "s5.png"


@pytest.mark.slow
def test_index_on_a_chroma_server(home: Path, folder: Path, tmp_path: Path) -> None:
    from assistant.tools.embedding.embedders import MiniLMEmbedder
    from assistant.tools.images.index import ImageIndex
    from assistant.tools.images.search import ImageSearch
    from assistant.tools.ocr.reader import OcrTool

    with chroma_server(tmp_path / "db") as port:
        ocr = OcrTool(cache_dir=home / "cache" / "ocr")
        index = ImageIndex(
            tmp_path / "idx", host="127.0.0.1", port=port, ocr=ocr, text_embedder=MiniLMEmbedder()
        )
        assert index.update([folder]).added == 5
        assert Path(ImageSearch(index).search("invoice 2024", k=1).hits[0].path).name == "invoice.png"
        assert not (tmp_path / "idx" / "chroma").exists()  # vectors went to the server, not local disk
        import chromadb

        other = chromadb.HttpClient(host="127.0.0.1", port=port)
        assert other.get_collection("images_ocr_text").count() == 3
        index.close()


def _app_with(chat):  # type: ignore[no-untyped-def]
    """The app with the settings of the test's home and ``chat`` as its only model."""
    from assistant.app import make_app
    from assistant.models.registry import ModelHandle

    app = make_app(load_settings())

    class Static:
        def resolve(self, name=None):
            return ModelHandle("scripted:test", chat, "scripted", can_see=False, native_tools=True)

        def close(self):
            pass

    app.models = Static()
    return app


@pytest.mark.slow
def test_a_collection_question_is_searched_before_the_model_and_the_hit_reaches_it(
    home: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The packaged 1.5B, offered image_search, answered "I cannot see images" without calling it.
    from assistant.events import AnswerDone, ToolFinished
    from assistant.models.scripted import ScriptedChatModel
    from assistant.session import Turn

    assert main(["index", str(folder), "--no-progress"]) == 0
    capsys.readouterr()
    chat = ScriptedChatModel(["It is sub/conn.png [E1].", "Port 5432 [E1]."])
    app = _app_with(chat)
    events = list(app.session().send(Turn("Find the screenshot with connection refused in my images")))
    (search,) = [e for e in events if isinstance(e, ToolFinished)]
    assert search.name == "image_search" and search.origin == "plan" and search.ok
    assert search.args == {"query": "connection refused"}
    # One hit well ahead of the rest answers a request to find it (search_best_match.py)...
    assert isinstance(events[-1], AnswerDone) and events[-1].tool_calls[0]["origin"] == "plan"
    assert events[-1].text.startswith("**Best match:** `conn.png`") and chat.received == []
    # ...and a question about what it shows goes to the model with the hits.
    events = list(app.session().send(Turn("What port is refused in the screenshot with connection refused in my images?")))
    sent = chat.received[0][-1].content
    assert str(folder / "sub" / "conn.png") in sent and "image collection was searched" in sent
    assert chat.script.bound_tools == []  # searched already: the schema is not offered again
    assert isinstance(events[-1], AnswerDone) and events[-1].tool_calls[0]["origin"] == "plan"


@pytest.mark.slow
def test_a_photo_asked_for_when_only_screenshots_match_is_answered_so_without_the_model(
    home: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.events import AnswerDone
    from assistant.models.scripted import ScriptedChatModel
    from assistant.session import Turn

    assert main(["index", str(folder), "--no-progress"]) == 0
    capsys.readouterr()
    chat = ScriptedChatModel(["The photo is sub/conn.png [E1]."])
    app = _app_with(chat)
    done = list(app.session().send(Turn("Find the photo of connection refused in my pictures")))[-1]
    assert isinstance(done, AnswerDone) and chat.received == []
    assert done.text.startswith('No photo in your indexed folders matched "connection refused".')
    assert str(folder / "sub" / "conn.png") in done.text  # what did match, said to be a screenshot
    assert done.tool_calls[0]["result"]["hits"][0]["photo"] is False
