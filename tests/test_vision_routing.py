"""Local vision models in the app: routing image turns, the session, `assistant models`/`ask`, GGUF + mmproj.

The tiny random LLaVA of tests/_tiny_llava.py: mechanics only, never answer quality.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.errors import ModelUnavailable

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from assistant.models.registry import ModelFactory, ModelHandle
from assistant.settings import load_settings

# -- routing and the session -----------------------------------------------------------------


@pytest.mark.real_model
@pytest.mark.slow
def test_routing_sends_image_turns_to_the_vision_model(tiny_llava: Path, png: Path, tmp_path: Path) -> None:
    """Mechanics only: a text-only main model, an image turn answered by the tiny LLaVA and
    labelled so, the next text turn answered by the main model again."""
    from assistant.events import AnswerDone, TurnStarted
    from assistant.models.routing import choose_model_for_turn
    from assistant.session import Session, Turn
    from assistant.store import ConversationStore

    script = tmp_path / "replies.json"
    script.write_text(json.dumps(["Text answer one.", "Text answer two."]))
    settings = load_settings(model=f"scripted:{script}",
                             vision={"route_images_to": f"llava:{tiny_llava}", "max_new_tokens": 8, "temperature": 0})
    factory = ModelFactory(settings)
    assert choose_model_for_turn(settings, factory, None, has_image=False).label == "scripted:replies.json"
    assert choose_model_for_turn(settings, factory, None, has_image=True).label == "llava:tiny-llava"

    session = Session(settings, ConversationStore(settings.home), factory)
    events = list(session.send(Turn("What is in this picture?", attachments=[png])))
    started = next(e for e in events if isinstance(e, TurnStarted))
    done = [e for e in events if isinstance(e, AnswerDone)]
    assert started.model == "llava:tiny-llava" and done and done[0].model == "llava:tiny-llava"
    assert factory.resolve(f"llava:{tiny_llava}").chat.inner.runtime.processor_calls  # the image was processed

    events = list(session.send(Turn("And without a picture?")))
    done = [e for e in events if isinstance(e, AnswerDone)]
    assert done and done[0].model == "scripted:replies.json" and done[0].text == "Text answer one."


def test_routing_without_a_configured_vision_model_keeps_the_text_model(tmp_path: Path) -> None:
    from assistant.models.routing import choose_model_for_turn

    script = tmp_path / "replies.json"
    script.write_text("[]")
    settings = load_settings(model=f"scripted:{script}")
    handle = choose_model_for_turn(settings, ModelFactory(settings), None, has_image=True)
    assert handle.label == "scripted:replies.json" and not handle.can_see  # OCR tools answer instead


def test_routing_to_a_broken_vision_model_names_the_setting(tmp_path: Path) -> None:
    from assistant.models.routing import choose_model_for_turn

    script = tmp_path / "replies.json"
    script.write_text("[]")
    settings = load_settings(model=f"scripted:{script}", vision={"route_images_to": f"llava:{tmp_path / 'nope'}"})
    with pytest.raises(ModelUnavailable, match="vision.route_images_to"):
        choose_model_for_turn(settings, ModelFactory(settings), None, has_image=True)


def test_text_tool_call_round_trip_keeps_the_image_in_the_turn(png: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The wrapper a local vision model gets (TextToolCallingModel) with a scripted inner model,
    because the tiny LLaVA writes random text: a JSON call is parsed, the tool runs, and the
    second request still carries the image in the user message of this turn (only there)."""
    from assistant.events import AnswerDone, ToolFinished
    from assistant.models.scripted import ScriptedChatModel
    from assistant.models.text_tools import TextToolCallingModel
    from assistant.session import Session, Turn
    from assistant.store import ConversationStore

    settings = load_settings()
    inner = ScriptedChatModel(['{"name": "current_time", "arguments": {}}', "It is the time shown."])
    handle = ModelHandle("llava:scripted", TextToolCallingModel(inner=inner), "test", can_see=True,
                         native_tools=False)
    factory = ModelFactory(settings)
    monkeypatch.setattr(factory, "resolve", lambda name=None: handle)
    session = Session(settings, ConversationStore(settings.home), factory)
    # "What time is it" calls for the clock tool even with an image attached (turn_plan.py).
    events = list(session.send(Turn("What time is it now, and does the clock show it?", attachments=[png])))
    assert any(isinstance(e, ToolFinished) and e.name == "current_time" and e.ok for e in events)
    done = [e for e in events if isinstance(e, AnswerDone)]
    assert done and done[0].model == "llava:scripted" and done[0].text == "It is the time shown."

    second_request = inner.received[1]
    with_images = [m for m in second_request
                   if isinstance(m.content, list) and any(p.get("type") == "image_url" for p in m.content)]
    assert len(with_images) == 1 and "What time" in with_images[0].content[0]["text"]


# -- listing and the CLI ---------------------------------------------------------------------

def test_models_lists_configured_vision_checkpoint(tiny_llava: Path, tmp_path: Path) -> None:
    settings = load_settings(vision={"model": str(tiny_llava), "route_images_to": f"llava:{tmp_path / 'missing'}"})
    infos = {i.name: i for i in ModelFactory(settings).available()}
    assert infos[f"llava:{tiny_llava}"].available and infos[f"llava:{tiny_llava}"].can_see
    assert not infos[f"llava:{tmp_path / 'missing'}"].available


@pytest.mark.real_model
@pytest.mark.slow
def test_cli_ask_with_a_local_llava(tiny_llava: Path, png: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """Mechanics only: `assistant ask --model llava:PATH --image X` answers (random text) and says the model."""
    from assistant.cli import main

    monkeypatch.setenv("ASSISTANT_VISION__MAX_NEW_TOKENS", "8")
    monkeypatch.setenv("ASSISTANT_VISION__TEMPERATURE", "0")
    rc = main(["ask", "--json", "--model", f"llava:{tiny_llava}", "--image", str(png), "What is this?"])
    out = capsys.readouterr().out
    assert rc == 0, out
    assert json.loads(out)["model"] == "llava:tiny-llava"


# -- GGUF + mmproj through llama.cpp ---------------------------------------------------------

def test_gguf_mmproj_params_and_missing_file(tmp_path: Path) -> None:
    pytest.importorskip("xllamacpp")
    from assistant.models.embedded import build_params

    gguf, mmproj = tmp_path / "llava.gguf", tmp_path / "mmproj.gguf"
    gguf.write_bytes(b"GGUF")
    mmproj.write_bytes(b"GGUF")
    params = build_params(gguf, n_ctx=2048, threads=2, mmproj=mmproj)
    assert params.mmproj.path == str(mmproj) and params.model.path == str(gguf)
    assert build_params(gguf).mmproj.path == ""
    with pytest.raises(ModelUnavailable, match="embedded.mmproj_path"):
        build_params(gguf, mmproj=tmp_path / "absent.gguf")
