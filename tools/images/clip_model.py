"""CLIP image and text embeddings (transformers), loaded lazily, one tower at a time.

    clip = ClipModel("/models/clip-vit-base-patch32")    # a local dir or a name in the HF cache
    clip.embed_images([pil_image, ...])                   # (n, d) float32, L2-normalised
    clip.embed_texts(["a photo of a cat"])                # the text tower loads only now

Weights come from a local checkpoint directory (``save_pretrained`` layout: config.json,
model.safetensors, tokenizer and preprocessor files) or from the Hugging Face cache by name,
always with ``local_files_only=True``: nothing is downloaded here. No CLIP weights ship in any
registry package, so without a configured checkpoint the image index runs in OCR-text mode.

Each tower is loaded on its own (``CLIPVisionModelWithProjection`` / ``CLIPTextModelWithProjection``
read their half of a full ``CLIPModel`` checkpoint): indexing never pays for the text tower and a
text query never pays for the vision tower.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.tools.errors import EngineUnavailable

if TYPE_CHECKING:
    import numpy as np
    from PIL.Image import Image

_INSTALL_HINT = "pip install torch==2.13.0 transformers"
# CLIP's trained temperature is exp(4.6052) = 100; used when the checkpoint does not carry one.
DEFAULT_LOGIT_SCALE = 100.0


@contextlib.contextmanager
def _quiet_transformers() -> Iterator[None]:
    """Loading one tower of a full checkpoint makes transformers print a table of the other
    tower's "unexpected" weights; that is the point of loading one tower, not a problem."""
    from transformers.utils import logging as hf_logging

    before = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(before)
        hf_logging.enable_progress_bar()


class ClipModel:
    """A CLIP checkpoint: image and text embeddings in one shared space."""

    def __init__(self, source: str | Path, device: str = "cpu", batch_size: int = 16) -> None:
        self.source = str(source)
        self.device = device
        self.batch_size = max(1, batch_size)
        self._config: Any = None
        self._vision: Any = None
        self._image_processor: Any = None
        self._text: Any = None
        self._tokenizer: Any = None
        self._logit_scale: float | None = None
        self._lock = threading.Lock()

    # -- identity --------------------------------------------------------------------------

    @property
    def model_id(self) -> str:
        """Names the vector space: vectors from two different checkpoints must never mix.

        A local dir is named by its config and weights' sizes too, so a re-trained checkpoint
        saved to the same path is not mistaken for the old one.
        """
        path = Path(self.source).expanduser()
        if path.is_dir():
            digest = hashlib.sha256()
            for name in ("config.json", "model.safetensors", "pytorch_model.bin"):
                f = path / name
                if f.is_file():
                    digest.update(name.encode())
                    digest.update(str(f.stat().st_size).encode())
                    if name == "config.json":
                        digest.update(f.read_bytes())
            return f"clip:{path.name}:{digest.hexdigest()[:12]}"
        return f"clip:{self.source}"

    @property
    def dim(self) -> int:
        return int(self._get_config().projection_dim)

    @property
    def vision_loaded(self) -> bool:
        return self._vision is not None

    @property
    def text_loaded(self) -> bool:
        return self._text is not None

    # -- loading ---------------------------------------------------------------------------

    def _imports(self) -> Any:
        try:
            import torch  # noqa: F401
            import transformers
        except ImportError:
            raise EngineUnavailable(f"CLIP needs torch and transformers; {_INSTALL_HINT}") from None
        return transformers

    def _resolved(self) -> str:
        path = Path(self.source).expanduser()
        return str(path) if path.exists() else self.source

    def _load_error(self, exc: Exception) -> EngineUnavailable:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return EngineUnavailable(
            f"cannot load CLIP checkpoint {self.source!r} ({reason[:160]}); set image_search.clip_model to"
            " a local dir saved with save_pretrained, or a model name already in the Hugging Face cache"
        )

    def _get_config(self) -> Any:
        if self._config is None:
            transformers = self._imports()
            try:
                self._config = transformers.CLIPConfig.from_pretrained(
                    self._resolved(), local_files_only=True
                )
            except (OSError, ValueError) as exc:
                raise self._load_error(exc) from None
        return self._config

    def _load_vision(self) -> None:
        with self._lock:
            if self._vision is not None:
                return
            transformers = self._imports()
            config = self._get_config()
            vision_cfg = config.vision_config
            # The projection size lives on the joint config; the tower's own default is 512.
            vision_cfg.projection_dim = config.projection_dim
            try:
                with _quiet_transformers():
                    model = transformers.CLIPVisionModelWithProjection.from_pretrained(
                        self._resolved(), config=vision_cfg, local_files_only=True
                    )
                    processor = transformers.AutoImageProcessor.from_pretrained(
                        self._resolved(), local_files_only=True
                    )
            except (OSError, ValueError, RuntimeError) as exc:
                raise self._load_error(exc) from None
            self._vision = model.to(self.device).eval()
            self._image_processor = processor

    def _load_text(self) -> None:
        with self._lock:
            if self._text is not None:
                return
            transformers = self._imports()
            config = self._get_config()
            text_cfg = config.text_config
            text_cfg.projection_dim = config.projection_dim
            try:
                with _quiet_transformers():
                    model = transformers.CLIPTextModelWithProjection.from_pretrained(
                        self._resolved(), config=text_cfg, local_files_only=True
                    )
                    tokenizer = transformers.AutoTokenizer.from_pretrained(
                        self._resolved(), local_files_only=True
                    )
            except (OSError, ValueError, RuntimeError) as exc:
                raise self._load_error(exc) from None
            self._text = model.to(self.device).eval()
            self._tokenizer = tokenizer

    @property
    def logit_scale(self) -> float:
        """The checkpoint's learned temperature (read from the weights file without the model)."""
        if self._logit_scale is None:
            self._logit_scale = DEFAULT_LOGIT_SCALE
            weights = Path(self._resolved()) / "model.safetensors"
            if weights.is_file():
                try:
                    import math

                    from safetensors import safe_open

                    with safe_open(str(weights), framework="pt") as fh:
                        if "logit_scale" in fh.keys():  # noqa: SIM118 - safe_open has no __contains__
                            self._logit_scale = float(math.exp(float(fh.get_tensor("logit_scale"))))
                except (ImportError, OSError, ValueError):
                    pass
        return self._logit_scale

    # -- embedding -------------------------------------------------------------------------

    def embed_images(self, images: Sequence[Image]) -> np.ndarray:
        """(n, dim) float32 unit vectors for RGB PIL images, in batches of ``batch_size``."""
        import numpy as np
        import torch

        if not images:
            return np.zeros((0, self.dim), dtype=np.float32)
        self._load_vision()
        out = []
        for start in range(0, len(images), self.batch_size):
            batch = [im.convert("RGB") for im in images[start : start + self.batch_size]]
            pixels = self._image_processor(images=batch, return_tensors="pt")
            with torch.inference_mode():
                emb = self._vision(pixel_values=pixels["pixel_values"].to(self.device)).image_embeds
            out.append(_normalise(emb.float().cpu().numpy()))
        return np.concatenate(out, axis=0)

    def embed_texts(self, texts: Sequence[str]) -> np.ndarray:
        """(n, dim) float32 unit vectors for texts (truncated to the model's context)."""
        import numpy as np
        import torch

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        self._load_text()
        limit = int(getattr(self._get_config().text_config, "max_position_embeddings", 77))
        out = []
        for start in range(0, len(texts), self.batch_size):
            tokens = self._tokenizer(
                list(texts[start : start + self.batch_size]),
                padding=True,
                truncation=True,
                max_length=limit,
                return_tensors="pt",
            )
            with torch.inference_mode():
                emb = self._text(
                    input_ids=tokens["input_ids"].to(self.device),
                    attention_mask=tokens["attention_mask"].to(self.device),
                ).text_embeds
            out.append(_normalise(emb.float().cpu().numpy()))
        return np.concatenate(out, axis=0)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    import numpy as np

    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.clip(norms, 1e-12, None)).astype(np.float32)


__all__ = ["DEFAULT_LOGIT_SCALE", "ClipModel"]
