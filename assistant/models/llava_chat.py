"""A LangChain chat model over a loaded image-text-to-text checkpoint (LLaVA family).

    LangChain messages -> processor chat format (images pulled out in order, ``{"type": "image"}``
    left in their place) -> ``processor.apply_chat_template`` -> ``processor(images, text)`` at the
    model's own resolution -> ``model.generate`` in a thread -> batched token streamer -> chunks

No native tool calls: the registry wraps this in ``TextToolCallingModel``, which renders tools
into the system prompt and parses calls back out of the text. The image stays in the user
message of the turn; on later steps of the same turn (after a tool round-trip) the vision
tower is not run again: image features are cached by the pixel tensor's hash (``FeatureCache``).
"""

from __future__ import annotations

import base64
import binascii
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.messages import AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGenerationChunk
from pydantic import Field

from assistant.errors import AttachmentError, BackendError
from assistant.models.deadline import CallDeadline
from assistant.models.hf_loading import Placement
from assistant.models.streaming_base import StreamingChatModel
from assistant.models.token_stream import BatchedTextStream
from assistant.models.vision_caches import FeatureCache, InputCache, MemoImageProcessor

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


@dataclass
class VisionRuntime:
    """A loaded checkpoint: model, processor, where it lives, how long it took."""

    model: Any
    processor: Any
    placement: Placement
    label: str
    load_seconds: float = 0.0
    features: FeatureCache = field(default_factory=FeatureCache)
    last_new_tokens: int = 0
    """Tokens the last streamed generation produced (also when the reader stopped early)."""
    processor_calls: list[dict[str, tuple[int, ...]]] = field(default_factory=list)
    """Shapes of every processor output (kept short): lets tests see the image reached it."""

    inputs: InputCache = field(default_factory=InputCache)
    """Decoded and processed images, reused across the steps of a turn."""

    _worker: Any = None

    def __post_init__(self) -> None:
        inner = getattr(self.processor, "image_processor", None)
        if inner is not None and not isinstance(inner, MemoImageProcessor):
            self.processor.image_processor = MemoImageProcessor(inner, self.inputs)

    def clear_input_caches(self) -> None:
        """Forget decoded/processed images and image features (a bench's 'new turn')."""
        self.inputs.clear()
        self.features.clear()

    def submit(self, fn: Any) -> Any:
        """Run ``fn`` on this model's one long-lived generation thread.

        Long-lived on purpose: on CUDA a fresh thread per answer made decoding ~12x slower on an
        H100 (22 vs 276 tok/s with the tiny test model); one reused thread reached 151 tok/s.
        """
        if self._worker is None:
            from concurrent.futures import ThreadPoolExecutor

            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vision-generate")
        return self._worker.submit(fn)

    @property
    def tokenizer(self) -> Any:
        return getattr(self.processor, "tokenizer", self.processor)

    def prepare(self, messages: list[BaseMessage]) -> Any:
        """Processor inputs (ids, mask, pixel_values ...) on the model's device."""
        chat, images = to_processor_chat(messages, self.inputs)
        prompt = _apply_template(self.processor, chat)
        kwargs: dict[str, Any] = {"text": prompt, "return_tensors": "pt"}
        if images:
            kwargs["images"] = images
        try:
            inputs = self.processor(**kwargs)
        except ValueError as exc:
            raise BackendError(f"{self.label}: the processor rejected the input: {str(exc).splitlines()[0][:200]}") from None
        self.processor_calls.append({k: tuple(v.shape) for k, v in inputs.items() if hasattr(v, "shape")})
        del self.processor_calls[:-16]
        inputs = inputs.to(self.model.device)
        if "pixel_values" in inputs and inputs["pixel_values"].is_floating_point():
            inputs["pixel_values"] = inputs["pixel_values"].to(self.model.dtype)
        return inputs


def to_processor_chat(messages: list[BaseMessage],
                      cache: InputCache | None = None) -> tuple[list[dict[str, Any]], list[Any]]:
    """LangChain messages to the processor's chat format; images come back separately, in order.

    Consecutive messages of one role are merged: many chat templates (Mistral, Vicuna-style)
    require alternating roles, and the text tool wrapper sends tool results as user messages.
    """
    chat: list[dict[str, Any]] = []
    images: list[Any] = []
    for message in messages:
        role = _ROLES.get(message.type, "user")
        parts: list[dict[str, Any]] = []
        content = message.content
        for part in [content] if isinstance(content, str) else content:
            if isinstance(part, str):
                if part:
                    parts.append({"type": "text", "text": part})
            elif part.get("type") == "text":
                parts.append({"type": "text", "text": part.get("text", "")})
            elif part.get("type") in ("image_url", "image"):
                images.append(cache.image(_url_of(part), lambda p=part: _image_of(p)) if cache else _image_of(part))
                parts.append({"type": "image"})
        if chat and chat[-1]["role"] == role:
            chat[-1]["content"].extend(parts)
        else:
            chat.append({"role": role, "content": parts})
    return chat, images


def _url_of(part: dict[str, Any]) -> Any:
    if part.get("type") == "image_url":
        return part["image_url"]["url"] if isinstance(part.get("image_url"), dict) else part.get("image_url")
    data = part.get("base64") or part.get("data")
    return f"data:;base64,{data}" if data else part.get("url") or part.get("path")


def _image_of(part: dict[str, Any]) -> Any:
    """A PIL image from an OpenAI-style image_url part, a LangChain image block, or a file path."""
    from assistant.tools.errors import ToolInputError
    from assistant.tools.media import image_from_bytes, load_image

    url = _url_of(part)
    try:
        if isinstance(url, str) and url.startswith("data:"):
            try:
                raw = base64.b64decode(url.split(",", 1)[1], validate=False)
            except (IndexError, binascii.Error):
                raise AttachmentError("an image data URL is malformed: attach the image file again") from None
            return image_from_bytes(raw).image
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            raise AttachmentError("local vision models do not fetch image URLs: download the image and attach the file")
        if not url:
            raise AttachmentError("an image part has no data: attach the image file again")
        return load_image(Path(str(url).removeprefix("file://"))).image
    except ToolInputError as exc:
        raise AttachmentError(str(exc)) from None


def _apply_template(processor: Any, chat: list[dict[str, Any]]) -> str:
    try:
        return processor.apply_chat_template(chat, add_generation_prompt=True, tokenize=False)
    except Exception as exc:  # noqa: BLE001 - jinja raises TemplateError for "system role not supported" and the like
        if not chat or chat[0]["role"] != "system":
            raise BackendError(f"the model's chat template failed: {str(exc).splitlines()[0][:200]}") from None
    # Templates without a system role (llava-1.5's, Mistral's): fold it into the first user turn.
    system, rest = chat[0], [dict(m, content=list(m["content"])) for m in chat[1:]]
    first_user = next((m for m in rest if m["role"] == "user"), None)
    if first_user is None:
        rest.insert(0, first_user := {"role": "user", "content": []})
    first_user["content"][:0] = system["content"]
    return processor.apply_chat_template(rest, add_generation_prompt=True, tokenize=False)


class LocalVisionChatModel(StreamingChatModel):
    """Chat with a local image-text-to-text model; streams tokens as they are generated."""

    runtime: Any = Field(exclude=True, repr=False)
    max_new_tokens: int = 512
    temperature: float = 0.2
    num_beams: int = 1
    stream_flush_seconds: float = 0.03
    """After the first token, hand tokens to the reader at most this often (0: every token)."""
    deadline: float | None = None
    """Seconds one call may take in all (agent.model_call_deadline): generation stops at the
    next token past it and the call fails with that setting's name."""

    @property
    def _llm_type(self) -> str:
        return "local-vision"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model": self.runtime.label, "placement": self.runtime.placement.label}

    def _generation_kwargs(self, **overrides: Any) -> dict[str, Any]:
        temperature = overrides.get("temperature", self.temperature)
        tokenizer = self.runtime.tokenizer
        gen: dict[str, Any] = {
            "max_new_tokens": overrides.get("max_new_tokens", overrides.get("max_tokens", self.max_new_tokens)),
            "num_beams": overrides.get("num_beams", self.num_beams),
            "do_sample": temperature > 0,
            "pad_token_id": tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id,
        }
        if temperature > 0:
            gen["temperature"] = temperature
        return gen

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList

        rt = self.runtime
        deadline = CallDeadline(self.deadline) if self.deadline else None
        inputs = rt.prepare(messages)
        prompt_tokens = int(inputs["input_ids"].shape[-1])
        gen = self._generation_kwargs(**kwargs)
        halt, timed_out = threading.Event(), threading.Event()

        class _Halt(StoppingCriteria):
            def __call__(self, input_ids: Any, scores: Any, **kw: Any) -> Any:
                if deadline is not None and deadline.left() <= 0:
                    timed_out.set()
                stop_now = halt.is_set() or timed_out.is_set()
                return torch.full((input_ids.shape[0],), stop_now, dtype=torch.bool, device=input_ids.device)

        if gen["num_beams"] > 1:
            # transformers streams only one hypothesis; beam search answers in one piece.
            with torch.inference_mode():
                out = rt.model.generate(**inputs, **gen, stopping_criteria=StoppingCriteriaList([_Halt()]))
            if deadline is not None and timed_out.is_set():
                raise deadline.error()
            text = rt.tokenizer.decode(out[0][prompt_tokens:], skip_special_tokens=True)
            yield _final_chunk(_cut_at_stop(text, stop)[0], prompt_tokens, len(out[0]) - prompt_tokens, gen)
            return

        streamer = BatchedTextStream(rt.tokenizer, self.stream_flush_seconds)
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                with torch.inference_mode():
                    outcome["out"] = rt.model.generate(
                        **inputs, **gen, streamer=streamer, stopping_criteria=StoppingCriteriaList([_Halt()])
                    )
                rt.last_new_tokens = int(outcome["out"].shape[-1]) - prompt_tokens
            except BaseException as exc:  # noqa: BLE001 - reported in the caller's thread below
                outcome["error"] = exc
                streamer.end()

        future = rt.submit(work)
        text = ""
        try:
            for piece in streamer:
                if not piece:
                    continue
                before = len(text)
                text += piece
                kept, stopped = _cut_at_stop(text, stop)
                piece = kept[before:]
                if piece:
                    if run_manager:
                        run_manager.on_llm_new_token(piece)
                    yield ChatGenerationChunk(message=AIMessageChunk(content=piece))
                if stopped:
                    break
        finally:
            # Also reached when the consumer stops early (a cancelled turn): end generation now.
            halt.set()
            future.result()
        if deadline is not None and timed_out.is_set():
            raise deadline.error()
        if "error" in outcome:
            exc = outcome["error"]
            raise BackendError(f"{rt.label} failed while generating: {type(exc).__name__}: "
                               f"{str(exc).splitlines()[0][:200] if str(exc) else ''}") from exc
        new_tokens = int(outcome["out"].shape[-1]) - prompt_tokens if "out" in outcome else 0
        yield _final_chunk("", prompt_tokens, new_tokens, gen)



def _cut_at_stop(text: str, stop: list[str] | None) -> tuple[str, bool]:
    cuts = [text.find(s) for s in stop or () if s and s in text]
    return (text[: min(cuts)], True) if cuts else (text, False)


def _final_chunk(text: str, prompt_tokens: int, new_tokens: int, gen: dict[str, Any]) -> ChatGenerationChunk:
    finish = "length" if new_tokens >= gen["max_new_tokens"] else "stop"
    return ChatGenerationChunk(message=AIMessageChunk(
        content=text,
        response_metadata={"finish_reason": finish},
        usage_metadata={"input_tokens": prompt_tokens, "output_tokens": new_tokens,
                        "total_tokens": prompt_tokens + new_tokens},
    ))
