"""Local vision-language models through transformers (assistant/models/vision_local.py & co).

No LLaVA weights can be installed on these machines, so every test here runs a tiny randomly
initialised LLaVA (CLIP tower 32 px, 2-layer Llama, BPE tokenizer trained on a few sentences,
real CLIP image processor and chat template) saved with save_pretrained and loaded through
the same ``llava:PATH`` path a real checkpoint takes. Its output is random text: these tests
prove the mechanics (loading, memory checks, processing, streaming, caching, routing, tool
parsing), never answer quality.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage

from assistant.errors import AttachmentError, ModelUnavailable

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from _tiny_llava import image_message, vision

from assistant.models.hf_loading import (
    Placement,
    choose_placement,
    count_parameters,
    estimate_footprint,
    locate_checkpoint,
    read_config,
)
from assistant.models.registry import ModelFactory
from assistant.settings import load_settings

IMAGE_TOKENS = 16  # (32 px / 8 px patches) ** 2 in the tiny checkpoint

# -- loading, memory honesty, bad input -------------------------------------------------------

@pytest.mark.real_model
def test_load_prints_footprint_and_streams_tokens_for_an_image(tiny_llava: Path, png: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Mechanics only: image + text in, several streamed chunks out (random text)."""
    _, handle = vision(tiny_llava)
    err = capsys.readouterr().err
    assert "parameters, about" in err and "float32 on cpu" in err and "loaded in" in err
    assert handle.label == "llava:tiny-llava" and handle.can_see and not handle.native_tools

    chunks = [c.content for c in handle.chat.stream([SystemMessage("Be brief."), image_message("What is this?", png)])]
    assert len([c for c in chunks if c]) >= 2, chunks
    runtime = handle.chat.inner.runtime
    shapes = runtime.processor_calls[-1]
    assert shapes["pixel_values"] == (1, 3, 32, 32)  # the image went through the model's own processor
    assert runtime.features.encodes == 1


@pytest.mark.real_model
def test_two_images_in_one_message_both_reach_the_model(tiny_llava: Path, png: Path, tmp_path: Path) -> None:
    """Mechanics only: two image parts become two processed images and two runs of image tokens."""
    from PIL import Image

    other = tmp_path / "other.png"
    Image.new("RGB", (50, 200), "blue").save(other)
    _, handle = vision(tiny_llava)
    runtime = handle.chat.inner.runtime
    inputs = runtime.prepare([image_message("Compare these.", png, other)])
    assert tuple(inputs["pixel_values"].shape) == (2, 3, 32, 32)
    image_id = runtime.model.config.image_token_id
    assert int((inputs["input_ids"] == image_id).sum()) == 2 * IMAGE_TOKENS


@pytest.mark.real_model
def test_image_kept_and_not_reencoded_after_a_tool_round_trip(tiny_llava: Path, png: Path) -> None:
    """Mechanics only: step 2 of a turn (after a tool result) still sends the image, and the
    vision tower does not run again (its features are cached by pixel hash)."""
    from assistant.access import AccessPolicy
    from assistant.agent_tools import ToolContext, builtin_tools

    _, handle = vision(tiny_llava, max_new_tokens=8)
    tools = builtin_tools(ToolContext(AccessPolicy(roots=[])))
    chat = handle.chat.bind_tools(tools)
    runtime = handle.chat.inner.runtime
    tower_runs = []
    hook = runtime.model.model.vision_tower.register_forward_hook(lambda *a: tower_runs.append(1))
    try:
        first = [SystemMessage("Answer from evidence."), image_message("What time is shown?", png)]
        chat.invoke(first)
        call = {"name": "current_time", "args": {}, "id": "call_1"}
        second = [*first, AIMessage("", tool_calls=[call]), ToolMessage("12:00", tool_call_id="call_1")]
        chat.invoke(second)
    finally:
        hook.remove()
    assert "pixel_values" in runtime.processor_calls[-1]  # the image is still in the request
    assert len(tower_runs) == 1 and runtime.features.encodes == 1 and runtime.features.hits >= 1


@pytest.mark.real_model
def test_bfloat16_on_request(tiny_llava: Path, png: Path) -> None:
    """Mechanics only: dtype setting reaches the loaded weights and generation runs in it."""
    _, handle = vision(tiny_llava, dtype="bfloat16", max_new_tokens=6)
    assert handle.chat.inner.runtime.model.dtype == torch.bfloat16
    assert "bfloat16 on cpu" in handle.backend
    handle.chat.invoke([image_message("Hi", png)])


def test_parameter_count_comes_from_safetensors_and_matches_the_model(tiny_llava: Path) -> None:
    from transformers import AutoModelForImageTextToText

    count, source = count_parameters(tiny_llava, {})
    model = AutoModelForImageTextToText.from_pretrained(tiny_llava)
    assert source == "safetensors"
    assert count == sum(p.numel() for p in model.parameters())
    fp32 = estimate_footprint(count, Placement("cpu", "float32"))
    fp16 = estimate_footprint(count, Placement("cpu", "float16"))
    assert fp32.weight_bytes == 4 * count and fp16.weight_bytes == 2 * count
    seven_b = estimate_footprint(7_000_000_000, Placement("cuda", "float16", load_in_4bit=True))
    assert 3.5e9 < seven_b.total_bytes < 6e9  # llava-1.5-7b in 4-bit: ~4-5 GB in practice


@pytest.mark.real_model
def test_refuses_before_loading_when_it_cannot_fit(tiny_llava: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.models import vision_local

    def must_not_load(*args: object) -> None:
        raise AssertionError("weights were loaded despite the refusal")

    monkeypatch.setattr(vision_local, "_load", must_not_load)
    with pytest.raises(ModelUnavailable) as info:
        vision(tiny_llava, max_memory_gb=0.001)
    message = str(info.value)
    assert "\n" not in message and "vision.max_memory_gb" in message and "GiB" in message
    assert "parameters, about" in capsys.readouterr().err  # the estimate was said before refusing


@pytest.mark.real_model
def test_uncached_hub_name_fails_fast_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    started = time.perf_counter()
    with pytest.raises(ModelUnavailable) as info:
        ModelFactory(load_settings()).resolve("hf:llava-hf/llava-1.5-7b-hf")
    assert time.perf_counter() - started < 5
    message = str(info.value)
    assert "\n" not in message and "not in the Hugging Face cache" in message and "vision.model" in message


def test_bad_checkpoints_get_one_line_messages(tmp_path: Path) -> None:
    from transformers import LlamaConfig

    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ModelUnavailable, match="no config.json"):
        locate_checkpoint(str(empty))
    a_file = tmp_path / "model.bin"
    a_file.write_bytes(b"x")
    with pytest.raises(ModelUnavailable, match="not a checkpoint directory"):
        locate_checkpoint(str(a_file))
    text_only = tmp_path / "text-only"
    LlamaConfig(vocab_size=10, hidden_size=8, num_hidden_layers=1, num_attention_heads=1).save_pretrained(text_only)
    with pytest.raises(ModelUnavailable, match="text-only model .*'llama'"):
        read_config(locate_checkpoint(str(text_only)))


def test_four_bit_needs_cuda_and_bitsandbytes(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.models import hf_loading

    assert choose_placement() == Placement("cpu", "float32") or torch.cuda.is_available()
    with pytest.raises(ModelUnavailable, match="needs a CUDA GPU"):
        choose_placement("cpu", "auto", load_in_4bit=True)
    monkeypatch.setattr(hf_loading, "cuda_available", lambda: True)
    monkeypatch.setitem(sys.modules, "bitsandbytes", None)  # import fails, as when missing
    with pytest.raises(ModelUnavailable, match="pip install bitsandbytes"):
        choose_placement("auto", "auto", load_in_4bit=True)
    assert choose_placement("auto", "auto") == Placement("cuda", "float16")


def test_too_large_or_remote_images_are_refused_with_one_line() -> None:
    import io

    from PIL import Image

    from assistant.models.llava_chat import to_processor_chat
    from assistant.tools.media import MAX_PIXELS

    side = int(MAX_PIXELS**0.5) + 100
    buf = io.BytesIO()
    Image.new("1", (side, side)).save(buf, format="PNG")
    import base64

    url = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
    with pytest.raises(AttachmentError):
        to_processor_chat([HumanMessage(content=[{"type": "image_url", "image_url": {"url": url}}])])
    with pytest.raises(AttachmentError, match="do not fetch image URLs"):
        to_processor_chat([HumanMessage(content=[{"type": "image_url", "image_url": {"url": "https://x/y.png"}}])])


def test_chat_conversion_keeps_image_places_and_merges_roles(png: Path) -> None:
    from assistant.models.llava_chat import to_processor_chat

    chat, images = to_processor_chat([
        SystemMessage("sys"), image_message("look", png), HumanMessage("tool result"), AIMessage("ok"),
    ])
    assert [m["role"] for m in chat] == ["system", "user", "assistant"]
    assert [p["type"] for p in chat[1]["content"]] == ["text", "image", "text"]
    assert len(images) == 1 and images[0].size == (120, 80)  # native size: the processor resizes


@pytest.mark.real_model
def test_cancelling_the_stream_stops_generation(tiny_llava: Path, png: Path) -> None:
    """Mechanics only: a consumer that stops reading (a cancelled turn) ends the generate thread."""
    _, handle = vision(tiny_llava, max_new_tokens=400)
    runtime = handle.chat.inner.runtime
    runtime.model.generation_config.eos_token_id = None  # random weights may say </s> early otherwise
    try:
        stream = handle.chat.inner.stream([image_message("Talk a lot.", png)])
        next(stream)
        stream.close()
    finally:
        runtime.model.generation_config.eos_token_id = runtime.tokenizer.eos_token_id
    assert runtime.submit(lambda: "idle").result(timeout=5) == "idle"  # the generation thread is free again
    assert 0 < runtime.last_new_tokens < 100  # stopped within a few tokens, not after all 400


@pytest.mark.real_model
@pytest.mark.parametrize("flush_seconds", [0.0, 60.0])
def test_batched_streaming_gives_the_same_text_as_plain_generate(tiny_llava: Path, png: Path,
                                                                 flush_seconds: float) -> None:
    """Mechanics only: tokens handed over one by one (0 s) or in one batch (60 s) decode to
    exactly the text of a raw greedy model.generate; batching only changes how many chunks."""
    _, handle = vision(tiny_llava, max_new_tokens=40)
    inner = handle.chat.inner.model_copy(update={"stream_flush_seconds": flush_seconds})
    runtime = inner.runtime
    messages = [image_message("Describe it.", png)]
    runtime.model.generation_config.eos_token_id = None  # a fixed number of tokens to compare
    try:
        chunks = [c.content for c in inner.stream(messages) if c.content]
        inputs = runtime.prepare(messages)
        with torch.inference_mode():
            out = runtime.model.generate(**inputs, **inner._generation_kwargs())
    finally:
        runtime.model.generation_config.eos_token_id = runtime.tokenizer.eos_token_id
    expected = runtime.tokenizer.decode(out[0][inputs["input_ids"].shape[-1]:], skip_special_tokens=True)
    assert runtime.last_new_tokens == 40
    assert "".join(chunks) == expected and expected
    if flush_seconds:
        # First visible text at once, the rest held for the 60 s window. The tiny random model's text
        # can hold control symbols and half characters, each handed over as it completes (a CI run saw
        # 4 chunks: 'th', '\x01', a run of bytes, '\ufffd\ufffd'); one chunk per token would be 40.
        assert len(chunks) <= 6
    else:
        assert len(chunks) >= 3


def test_token_stream_shows_symbols_at_once_and_holds_half_characters(tiny_llava: Path) -> None:
    """The streamer's reader side: a leading symbol is shown without waiting for a space, the
    bytes of a multi-byte character are held until complete, and the pieces add up to decode()."""
    from transformers import AutoTokenizer

    from assistant.models.token_stream import BatchedTextStream

    tokenizer = AutoTokenizer.from_pretrained(tiny_llava)
    text = '{"a": 1} caf\u00e9 \U0001F600!\nnext line'
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    stream = BatchedTextStream(tokenizer, flush_seconds=0.0)
    stream.put(torch.tensor([[0]]))  # the prompt: skipped
    for token in ids:
        stream.put(torch.tensor([token]))
    stream.end()
    pieces = list(stream)
    assert pieces[0] == tokenizer.decode(ids[:1])  # '{' (or what it starts) at once
    assert "".join(pieces) == text
    assert not any("\ufffd" in p for p in pieces)  # the emoji's 4 bytes came out as one character
    assert "\U0001F600" in pieces


@pytest.mark.real_model
def test_later_steps_reuse_the_decoded_and_processed_image(tiny_llava: Path, png: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Mechanics only: a second request with the same image part (a tool round-trip, a repair)
    skips image decoding and the image processor, and gets identical pixel values."""
    _, handle = vision(tiny_llava)
    runtime = handle.chat.inner.runtime
    calls = []
    cls = type(runtime.processor.image_processor._inner)
    original = cls.__call__
    monkeypatch.setattr(cls, "__call__", lambda self, *a, **k: calls.append(1) or original(self, *a, **k))
    first = [SystemMessage("Be brief."), image_message("What is this?", png)]
    a = runtime.prepare(first)
    b = runtime.prepare([*first, AIMessage("A red box."), HumanMessage("And the colour?")])
    assert len(calls) == 1
    assert torch.equal(a["pixel_values"], b["pixel_values"])
    assert b["input_ids"].shape[-1] > a["input_ids"].shape[-1]  # the new text was still tokenised
    runtime.clear_input_caches()
    runtime.prepare(first)
    assert len(calls) == 2
