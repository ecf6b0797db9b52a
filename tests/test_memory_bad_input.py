"""Memory that cannot be used must not take the chat down: real chromadb, real MiniLM embedder;
only the chat model is scripted."""

from __future__ import annotations

import os

import pytest
from _scripted_app import app_with, user_text

from assistant.events import AnswerDone, EvidenceAdded
from assistant.memory.store import MemoryStore
from assistant.models.scripted import ScriptedChatModel
from assistant.session import Turn
from assistant.tools.errors import ToolInputError


def garbage_store(home):
    mem = home / "memory"
    mem.mkdir(parents=True)
    (mem / "chroma.sqlite3").write_bytes(b"this is not a database\x00" * 400)
    return mem


def test_corrupt_store_is_one_line_error(tmp_path):
    from assistant.tools.embedding.embedders import MiniLMEmbedder

    store = MemoryStore(path=garbage_store(tmp_path), embedder=MiniLMEmbedder())
    with pytest.raises(ToolInputError) as err:
        store.search("which python version")
    message = str(err.value)
    assert "cannot be used" in message and "file is not a database" in message and "\n" not in message


def test_chat_goes_on_without_a_corrupt_memory_with_one_note(isolated_env):
    garbage_store(isolated_env)
    chat = ScriptedChatModel(["Hello Sam."])
    app = app_with(chat)
    events = list(app.session().send(Turn("Call me Sam. Which Python version does my project use?")))
    done = events[-1]
    assert isinstance(done, AnswerDone) and done.text == "Hello Sam."
    memory_notes = [n for n in done.notes if "memory" in n]
    assert len(memory_notes) == 1 and memory_notes[0].startswith("memory unavailable, answered without it:")
    assert "file is not a database" in memory_notes[0]
    assert not any(isinstance(e, EvidenceAdded) and e.source == "memory" for e in events)
    assert "Call me Sam" in user_text(chat.received[0][-1])


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="running as root: root ignores file permissions, so an unreadable memory dir "
                           "cannot be simulated")
def test_unreadable_store_is_one_line_error(isolated_env):
    mem = isolated_env / "memory"
    mem.mkdir(parents=True)
    MemoryStore(path=mem).add("My project uses Python 3.12")
    os.chmod(mem, 0)
    try:
        chat = ScriptedChatModel(["Noted."])
        done = list(app_with(chat).session().send(Turn("Which Python version does my project use?")))[-1]
        assert isinstance(done, AnswerDone) and done.text == "Noted."
        assert any(n.startswith("memory unavailable") for n in done.notes)
    finally:
        os.chmod(mem, 0o755)


def test_enormous_memory_text_is_rejected_with_the_reason(tmp_path):
    from assistant.tools.embedding.embedders import MiniLMEmbedder

    # On disk, like the app: an EphemeralClient with other settings clashes with one made earlier
    # in the same process (chromadb keeps one shared system per settings).
    store = MemoryStore(path=tmp_path / "memory", embedder=MiniLMEmbedder(), collection="big")
    huge = "My project uses Python 3.12 and " + "very " * 400_000 + "many libraries."
    result = store.add(huge)
    assert result.action == "rejected" and result.memory is None
    assert result.reason.startswith(f"too long ({len(huge.strip())} characters, limit 1000)")
    assert store.count() == 0


def test_enormous_fact_in_the_chat_is_not_stored(isolated_env):
    chat = ScriptedChatModel(["Noted."])
    app = app_with(chat)
    fact = "My project uses " + ", ".join(f"library{i}" for i in range(3000)) + "."
    done = list(app.session().send(Turn(fact)))[-1]
    assert isinstance(done, AnswerDone) and done.text == "Noted."
    assert not any("memory added" in n for n in done.notes)
    if (isolated_env / "memory").exists():
        assert all(len(m.text) <= 1000 for m in app.engines.memory.list())
