"""Finding, sizing and placing a transformers checkpoint before a single weight is read.

    locate_checkpoint(name)      a local dir, or a snapshot in the HF cache (never the network)
    read_config(dir)             config.json, checked to be an image-text-to-text model
    estimate_footprint(...)      parameter count x bytes per dtype + overhead, in bytes
    choose_placement(...)        device and dtype: CPU float32/bfloat16, CUDA float16, 4-bit
    check_fits(...)              refuse before loading when the estimate exceeds the budget

Everything here is cheap: safetensors headers are read (8 bytes + a JSON index), no tensors;
torch is imported only to ask about CUDA. The user hears the estimate before the wait.
"""

from __future__ import annotations

import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import ModelUnavailable

GIB = 1024**3
_BYTES = {"float32": 4.0, "bfloat16": 2.0, "float16": 2.0, "4bit": 0.5}
_DTYPE_BYTES_ON_DISK = {"F32": 4, "F16": 2, "BF16": 2, "F64": 8, "I8": 1, "U8": 1, "I32": 4, "I64": 8,
                        "I16": 2, "BOOL": 1, "F8_E4M3": 1, "F8_E5M2": 1}
# Weights are most of it; activations, the KV cache of a few thousand tokens, the vision tower's
# intermediate maps and allocator slack add roughly 15 % plus a fixed part for runtime and processor.
_OVERHEAD_RATIO = 0.15
_OVERHEAD_FIXED = 0.3 * GIB
# 4-bit quantises linear layers only; embeddings, norms and the vision tower stay in float16.
_4BIT_UNQUANTISED_SHARE = 0.1


@dataclass(frozen=True)
class Placement:
    device: str  # "cpu" or "cuda"
    dtype: str  # "float32" | "bfloat16" | "float16"
    load_in_4bit: bool = False

    @property
    def label(self) -> str:
        return f"{'4-bit' if self.load_in_4bit else self.dtype} on {self.device}"


@dataclass(frozen=True)
class Footprint:
    parameters: int
    weight_bytes: int
    total_bytes: int
    source: str  # where the parameter count came from: "safetensors" or "config"

    def describe(self) -> str:
        count = f"{self.parameters / 1e9:.2f} B" if self.parameters >= 1e8 else f"{self.parameters / 1e6:.2f} M"
        return f"{count} parameters, about {self.total_bytes / GIB:.1f} GiB"


def locate_checkpoint(name: str) -> Path:
    """A checkpoint directory for a path or a Hugging Face repo id already in the cache."""
    path = Path(name).expanduser()
    if path.exists() or name.startswith(("/", ".", "~")):
        if not path.is_dir():
            raise ModelUnavailable(f"{path} is not a checkpoint directory: give the folder that holds config.json")
        if not (path / "config.json").is_file():
            raise ModelUnavailable(
                f"{path} is not a transformers checkpoint (no config.json): give the folder a model was saved to"
            )
        return path
    try:
        from huggingface_hub import snapshot_download
    except ImportError:  # pragma: no cover - transformers depends on it
        raise ModelUnavailable("huggingface_hub is missing: pip install transformers accelerate") from None
    try:
        # local_files_only: never a download, so an uncached name fails at once instead of hanging.
        return Path(snapshot_download(name, local_files_only=True))
    except Exception:  # noqa: BLE001 - hub raises several types for 'not cached'; all mean the same
        raise ModelUnavailable(
            f"model {name!r} is not in the Hugging Face cache and downloads are off here: "
            "set vision.model (or llava:PATH) to a local checkpoint folder"
        ) from None


def read_config(checkpoint: Path) -> dict[str, Any]:
    try:
        config = json.loads((checkpoint / "config.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelUnavailable(f"cannot read {checkpoint / 'config.json'}: {exc}") from None
    if not isinstance(config, dict):
        raise ModelUnavailable(f"{checkpoint / 'config.json'} is not a model config")
    if not is_vision_config(config):
        kind = config.get("model_type", "unknown")
        raise ModelUnavailable(
            f"{checkpoint} is a text-only model (model_type {kind!r}), not a vision-language one: "
            "use an image-text-to-text checkpoint (llava, llava_next, llava_onevision, ...) or run it as a text model"
        )
    return config


def is_vision_config(config: dict[str, Any]) -> bool:
    # T5/Bart are "...ForConditionalGeneration" too, so the class name alone does not tell.
    return "vision_config" in config or any(
        "ImageTextToText" in a or "Vision" in a or "VL" in a for a in config.get("architectures") or []
    )


def count_parameters(checkpoint: Path, config: dict[str, Any]) -> tuple[int, str]:
    """Parameter count from safetensors headers (exact), else from the config on the meta device."""
    files = sorted(checkpoint.glob("*.safetensors"))
    if files:
        total = 0
        for file in files:
            total += _safetensors_parameters(file)
        return total, "safetensors"
    return _meta_parameters(checkpoint), "config"


def _safetensors_parameters(file: Path) -> int:
    with file.open("rb") as fh:
        (length,) = struct.unpack("<Q", fh.read(8))
        header = json.loads(fh.read(length))
    total = 0
    for key, entry in header.items():
        if key == "__metadata__":
            continue
        count = 1
        for dim in entry.get("shape", []):
            count *= int(dim)
        total += count
    return total


def _meta_parameters(checkpoint: Path) -> int:
    """No safetensors (old .bin checkpoints): build the model on the meta device and count."""
    from accelerate import init_empty_weights
    from transformers import AutoConfig, AutoModelForImageTextToText

    config = AutoConfig.from_pretrained(checkpoint)
    with init_empty_weights():
        model = AutoModelForImageTextToText.from_config(config)
    return sum(p.numel() for p in model.parameters())


def estimate_footprint(parameters: int, placement: Placement, source: str = "config") -> Footprint:
    if placement.load_in_4bit:
        per = _BYTES["4bit"] * (1 - _4BIT_UNQUANTISED_SHARE) + _BYTES["float16"] * _4BIT_UNQUANTISED_SHARE
    else:
        per = _BYTES[placement.dtype]
    weights = int(parameters * per)
    total = int(weights * (1 + _OVERHEAD_RATIO) + _OVERHEAD_FIXED)
    return Footprint(parameters, weights, total, source)


def cuda_available() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return bool(torch.cuda.is_available())


def choose_placement(device: str = "auto", dtype: str = "auto", load_in_4bit: bool = False) -> Placement:
    has_cuda = cuda_available()
    if device == "auto":
        device = "cuda" if has_cuda else "cpu"
    elif device == "cuda" and not has_cuda:
        raise ModelUnavailable("vision.device is cuda but torch sees no CUDA GPU: set vision.device = 'cpu'")
    if dtype == "auto":
        # float16 matmuls are slow or missing on many CPUs; bfloat16 only pays on CPUs with AMX/AVX512-BF16.
        dtype = "float16" if device == "cuda" else "float32"
    if load_in_4bit:
        if device != "cuda":
            raise ModelUnavailable("4-bit loading needs a CUDA GPU (bitsandbytes): set vision.load_in_4bit = false")
        try:
            import bitsandbytes  # noqa: F401
        except ImportError:
            raise ModelUnavailable("vision.load_in_4bit needs bitsandbytes: pip install bitsandbytes") from None
    return Placement(device, dtype, load_in_4bit)


def available_bytes(device: str) -> int:
    """Free memory on the target device right now."""
    if device == "cuda":
        import torch

        free, _total = torch.cuda.mem_get_info()
        return int(free)
    try:
        import psutil

        return int(psutil.virtual_memory().available)
    except ImportError:
        pass
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_AVPHYS_PAGES"))


@dataclass(frozen=True)
class Budget:
    bytes: int
    configured: bool  # True: vision.max_memory_gb; False: memory free on the device now
    device: str

    def describe(self) -> str:
        where = "allowed by vision.max_memory_gb" if self.configured else f"free on {self.device}"
        return f"{self.bytes / GIB:.1f} GiB {where}"


def memory_budget(device: str, max_memory_gb: float | None) -> Budget:
    if max_memory_gb is not None:
        return Budget(int(max_memory_gb * GIB), True, device)
    return Budget(available_bytes(device), False, device)


def check_fits(footprint: Footprint, placement: Placement, budget: Budget, label: str) -> None:
    """Refuse before loading: a model that does not fit swaps the machine to a halt instead."""
    if footprint.total_bytes > budget.bytes:
        raise ModelUnavailable(
            f"{label} needs about {footprint.total_bytes / GIB:.1f} GiB ({placement.label}) but only "
            f"{budget.describe()}: use a smaller model, 4-bit on a GPU, or set vision.max_memory_gb "
            "higher to load anyway"
        )
