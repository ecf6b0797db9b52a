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
import functools
import hashlib
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.chat_models import generate_from_stream
from langchain_core.messages import AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from pydantic import Field

from assistant.errors import AttachmentError, BackendError
from assistant.models.hf_loading import Placement

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


@dataclass
class FeatureCache:
    """Memoises the model's ``get_image_features``: a tool round-trip re-sends the same image."""

    size: int = 8
    encodes: int = 0
    hits: int = 0
    _entries: OrderedDict[str, Any] = field(default_factory=OrderedDict)

    def install(self, model: Any) -> bool:
        owner = model.model if hasattr(getattr(model, "model", None), "get_image_features") else model
        original = getattr(owner, "get_image_features", None)
        if original is None:
            return False

        # wraps: generate() inspects this function's signature to pick which inputs to pass it.
        @functools.wraps(original)
        def cached(*args: Any, **kwargs: Any) -> Any:
            key = _tensor_key(args, kwargs)
            if key is not None and key in self._entries:
                self.hits += 1
                self._entries.move_to_end(key)
                return self._entries[key]
            self.encodes += 1
            result = original(*args, **kwargs)
            if key is not None:
                self._entries[key] = result
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
            return result

        owner.get_image_features = cached  # instance attribute: the class stays untouched
        return True


def _tensor_key(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
    import torch

    if not any(isinstance(v, torch.Tensor) for v in (*args, *kwargs.values())):
        return None  # nothing image-like to key on: hashing would only cost time
    digest = hashlib.sha1()
    items = [("", a) for a in args] + sorted(kwargs.items(), key=lambda kv: kv[0])
    for name, value in items:
        digest.update(name.encode())
        if isinstance(value, torch.Tensor):
            tensor = value.detach().to("cpu").contiguous()
            digest.update(str((tuple(tensor.shape), tensor.dtype)).encode())
            # A zero-copy byte view: .tobytes() would copy the whole pixel tensor first.
            digest.update(tensor.view(-1).view(torch.uint8).numpy())
        elif isinstance(value, (int, float, str, bool, type(None), list, tuple)):
            digest.update(repr(value).encode())
        else:
            return None  # something we cannot key on safely: do not cache
    return digest.hexdigest()


class _BatchedTextStream:
    """Streamer (generate() only calls put/end): tokens reach the reader in small batches.

    TextIteratorStreamer decodes and wakes the reader once per token, on the generating thread;
    on a busy 2-core CPU that hand-off (queue notify, thread switch, GIL) cost ~20 % of a tiny
    model's decode time. Here every token goes at once until the reader has shown some text
    (time to first token), later ones whenever ``flush_seconds`` have passed since the last
    hand-off: a slow model still streams every token, a fast one in batches no human can tell
    apart. Decoding happens on the reader's side, once per batch.
    """

    def __init__(self, tokenizer: Any, flush_seconds: float) -> None:
        self._tokenizer = tokenizer
        self._queue: queue.SimpleQueue[list[int] | None] = queue.SimpleQueue()
        self._pending: list[int] = []
        self._flush_seconds = flush_seconds
        self._last_flush = 0.0
        self._prompt_seen = False
        self._shown = False  # set by the reader; a stale read only costs one extra hand-off
        self._cache: list[int] = []  # reader side: tokens since the last newline
        self._printed = 0  # characters of decode(_cache) already given out

    # -- generating thread ---------------------------------------------------------------
    def put(self, value: Any) -> None:
        if not self._prompt_seen:  # generate() first puts the prompt
            self._prompt_seen = True
            return
        self._pending.extend(value.reshape(-1).tolist())
        now = time.perf_counter()
        if not self._shown or now - self._last_flush >= self._flush_seconds:
            self._last_flush = now
            self._queue.put(self._pending)
            self._pending = []

    def end(self) -> None:
        if self._pending:
            self._queue.put(self._pending)
            self._pending = []
        self._queue.put(None)

    # -- reading thread ------------------------------------------------------------------
    def __iter__(self) -> Iterator[str]:
        while (batch := self._queue.get()) is not None:
            text = self._decode(batch)
            self._shown = self._shown or bool(text)
            yield text
        yield self._decode([], final=True)

    def _decode(self, ids: list[int], final: bool = False) -> str:
        """New text of the whole answer so far (decoding all of it keeps leading spaces right).

        Held back: only a trailing U+FFFD, a character whose bytes have not all arrived.
        TextStreamer also holds a leading symbol until the next space; that delayed the first
        visible text of an answer by a token for no gain here (nothing renders half-markup).
        """
        self._cache.extend(ids)
        text = self._tokenizer.decode(self._cache, skip_special_tokens=True)
        new = text[self._printed:]
        if not final:
            new = new.rstrip("\ufffd")
        self._printed += len(new)
        if text.endswith("\n") and not final:
            # Keep decode work per batch bounded: restart after a line, the last token as context.
            self._cache = self._cache[-1:]
            self._printed = len(self._tokenizer.decode(self._cache, skip_special_tokens=True))
        return new


class _InputCache:
    """Decoded images by data URL and image-processor outputs by image identity.

    Each step of a turn (a tool round-trip, a text tool-call repair) re-sends the same image
    parts: without this every step base64-decodes, PNG-decodes and resizes them again (~10 ms
    for a screenshot). Only data URLs are keyed (their text is their content; a file path's
    file may change). Cached image objects are held by the keys, so an id is never reused.
    """

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self.images: OrderedDict[str, Any] = OrderedDict()
        self.processed: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

    def image(self, url: Any, load: Any) -> Any:
        if not (isinstance(url, str) and url.startswith("data:")):
            return load()
        if url in self.images:
            self.images.move_to_end(url)
            return self.images[url]
        image = self.images[url] = load()
        _trim(self.images, self.size)
        return image

    def process(self, image_processor: Any, images: Any, kwargs: dict[str, Any]) -> Any:
        import copy

        flat = tuple(images) if isinstance(images, (list, tuple)) else (images,)
        key = (tuple(id(i) for i in flat), repr(sorted(kwargs.items())))
        hit = self.processed.get(key)
        if hit is not None and all(a is b for a, b in zip(hit[0], flat, strict=True)):
            self.processed.move_to_end(key)
            return copy.copy(hit[1])  # callers may add keys to the mapping; the tensors are shared
        result = image_processor(images, **kwargs)
        self.processed[key] = (flat, result)
        _trim(self.processed, self.size)
        return copy.copy(result)

    def clear(self) -> None:
        self.images.clear()
        self.processed.clear()


def _trim(entries: OrderedDict[Any, Any], size: int) -> None:
    while len(entries) > size:
        entries.popitem(last=False)


class _MemoImageProcessor:
    """Stands in for ``processor.image_processor``: calls go through the cache, the rest through."""

    def __init__(self, inner: Any, cache: _InputCache) -> None:
        self.__dict__["_inner"] = inner
        self.__dict__["_cache"] = cache

    def __call__(self, images: Any, **kwargs: Any) -> Any:
        return self._cache.process(self._inner, images, kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._inner, name, value)


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

    inputs: _InputCache = field(default_factory=_InputCache)
    """Decoded and processed images, reused across the steps of a turn."""

    _worker: Any = None

    def __post_init__(self) -> None:
        inner = getattr(self.processor, "image_processor", None)
        if inner is not None and not isinstance(inner, _MemoImageProcessor):
            self.processor.image_processor = _MemoImageProcessor(inner, self.inputs)

    def clear_input_caches(self) -> None:
        """Forget decoded/processed images and image features (a bench's 'new turn')."""
        self.inputs.clear()
        self.features._entries.clear()

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
                      cache: _InputCache | None = None) -> tuple[list[dict[str, Any]], list[Any]]:
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
    from tools.errors import ToolInputError
    from tools.media import image_from_bytes, load_image

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


class LocalVisionChatModel(BaseChatModel):
    """Chat with a local image-text-to-text model; streams tokens as they are generated."""

    runtime: Any = Field(exclude=True, repr=False)
    max_new_tokens: int = 512
    temperature: float = 0.2
    num_beams: int = 1
    stream_flush_seconds: float = 0.03
    """After the first token, hand tokens to the reader at most this often (0: every token)."""

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
        inputs = rt.prepare(messages)
        prompt_tokens = int(inputs["input_ids"].shape[-1])
        gen = self._generation_kwargs(**kwargs)
        if gen["num_beams"] > 1:
            # transformers streams only one hypothesis; beam search answers in one piece.
            with torch.inference_mode():
                out = rt.model.generate(**inputs, **gen)
            text = rt.tokenizer.decode(out[0][prompt_tokens:], skip_special_tokens=True)
            yield _final_chunk(_cut_at_stop(text, stop)[0], prompt_tokens, len(out[0]) - prompt_tokens, gen)
            return

        halt = threading.Event()

        class _Halt(StoppingCriteria):
            def __call__(self, input_ids: Any, scores: Any, **kw: Any) -> Any:
                return torch.full((input_ids.shape[0],), halt.is_set(), dtype=torch.bool, device=input_ids.device)

        streamer = _BatchedTextStream(rt.tokenizer, self.stream_flush_seconds)
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
        if "error" in outcome:
            exc = outcome["error"]
            raise BackendError(f"{rt.label} failed while generating: {type(exc).__name__}: "
                               f"{str(exc).splitlines()[0][:200] if str(exc) else ''}") from exc
        new_tokens = int(outcome["out"].shape[-1]) - prompt_tokens if "out" in outcome else 0
        yield _final_chunk("", prompt_tokens, new_tokens, gen)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return generate_from_stream(self._stream(messages, stop=stop, run_manager=run_manager, **kwargs))


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
