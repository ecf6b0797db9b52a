"""Caches that spare a local vision model repeated work within a turn.

Each step of a turn (a tool round-trip, a text tool-call repair) re-sends the same image:
``FeatureCache`` keeps the vision tower's output by the pixel tensor's hash, ``InputCache`` the
decoded image by data URL and the image processor's output by image identity.
"""

from __future__ import annotations

import functools
import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any


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

    def clear(self) -> None:
        self._entries.clear()


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
            digest.update(tensor.view(-1).view(torch.uint8).numpy().data)
        elif isinstance(value, (int, float, str, bool, type(None), list, tuple)):
            digest.update(repr(value).encode())
        else:
            return None  # something we cannot key on safely: do not cache
    return digest.hexdigest()



class InputCache:
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


class MemoImageProcessor:
    """Stands in for ``processor.image_processor``: calls go through the cache, the rest through."""

    def __init__(self, inner: Any, cache: InputCache) -> None:
        self.__dict__["_inner"] = inner
        self.__dict__["_cache"] = cache

    def __call__(self, images: Any, **kwargs: Any) -> Any:
        return self._cache.process(self._inner, images, kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._inner, name, value)

