"""The system prompt is processed once per model: kept in the server's slot across turns, and
saved to the data dir and restored by the next process. Real llama.cpp, the packaged 0.5B."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.app import make_app
from assistant.events import AnswerDone
from assistant.models.prefix_cache import PrefixCache, model_identity
from assistant.session import Turn
from assistant.settings import load_settings

SMALL = "embedded:qwen2.5-coder-0.5b"


def test_the_cache_name_changes_with_the_prompt_and_with_the_model(tmp_path):
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"x" * 10)
    one = PrefixCache("http://127.0.0.1:1", tmp_path, model_identity(gguf, "aaa", 8192))
    other_model = PrefixCache("http://127.0.0.1:1", tmp_path, model_identity(gguf, "bbb", 8192))
    other_ctx = PrefixCache("http://127.0.0.1:1", tmp_path, model_identity(gguf, "aaa", 4096))
    keys = {one.key("You are helpful."), one.key("You are helpful!"), other_model.key("You are helpful."),
            other_ctx.key("You are helpful.")}
    assert len(keys) == 4


def test_a_dead_server_never_fails_the_turn(tmp_path):
    cache = PrefixCache("http://127.0.0.1:9", tmp_path, "m")
    assert cache.prime("You are helpful.") == "off" and list(tmp_path.iterdir()) == []


def _turn(app, text: str, spoken: bool = False) -> AnswerDone:
    done = list(app.session().send(Turn(text, from_speech=spoken, will_be_heard=spoken)))[-1]
    assert isinstance(done, AnswerDone), done
    return done


@pytest.mark.slow
@pytest.mark.real_model
def test_the_prefix_is_saved_then_reused_in_process_and_restored_by_the_next_process(isolated_env: Path):
    settings = load_settings(model=SMALL, memory={"enabled": False}, embedded={"max_tokens": 16})
    slots = settings.home / "cache" / "slots"
    first = make_app(settings)
    try:
        handle = first.models.resolve()
        cache = handle.chat.prefix_cache
        assert "4" in _turn(first, "What is 2 plus 2? Answer with the number.").text
        assert cache.last_outcome == "saved" and len(list(slots.glob("*.bin"))) == 1
        _turn(first, "What is 3 plus 3?")
        assert cache.last_outcome == "warm"  # same process: the slot still starts with the prefix
    finally:
        first.close()

    second = make_app(settings)  # a new server, as in the next `assistant ask`
    try:
        cache = second.models.resolve().chat.prefix_cache
        assert "paris" in _turn(second, "Name the capital of France in one word.").text.lower()
        assert cache.last_outcome == "restored" and len(list(slots.glob("*.bin"))) == 1
        _turn(second, "What is 2 plus 2?", spoken=True)  # another system prompt: its own file
        assert cache.last_outcome == "saved" and len(list(slots.glob("*.bin"))) == 2
    finally:
        second.close()
