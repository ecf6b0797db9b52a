"""Local vision-language models through transformers: ``llava:PATH_OR_NAME`` / ``hf:PATH_OR_NAME``.

    locate (dir or HF cache, offline) -> check it is a vision model -> estimate the footprint and
    say it on stderr -> refuse if it cannot fit -> load processor + model (progress bar) ->
    LocalVisionChatModel wrapped in TextToolCallingModel (LLaVA has no native tool calls)

One loader for every checkpoint, real or the tiny random one the tests build
(``assistant.models.tiny_vision``), so the tests run the path users run.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import ModelUnavailable, one_line
from assistant.models.handle import ModelHandle, ModelInfo
from assistant.models.hf_loading import (
    Placement,
    check_fits,
    choose_placement,
    count_parameters,
    estimate_footprint,
    is_vision_config,
    locate_checkpoint,
    memory_budget,
    read_config,
)
from assistant.models.llava_chat import LocalVisionChatModel, VisionRuntime

if TYPE_CHECKING:
    from assistant.settings import Settings, VisionSettings

log = logging.getLogger(__name__)
Status = Callable[[str], None]


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def load_vision_runtime(name: str, cfg: VisionSettings, status: Status | None = None) -> VisionRuntime:
    """Load a checkpoint for chat; every refusal is a one-line ModelUnavailable."""
    status = status or _stderr
    checkpoint = locate_checkpoint(name)
    read_config(checkpoint)
    placement = choose_placement(cfg.device, cfg.dtype, cfg.load_in_4bit)
    parameters, source = count_parameters(checkpoint, {})
    footprint = estimate_footprint(parameters, placement, source)
    budget = memory_budget(placement.device, cfg.max_memory_gb)
    label = checkpoint.name
    # Said before the wait, so a user knows what loading will cost (and why it may be refused).
    status(f"{label}: {footprint.describe()} as {placement.label}; {budget.describe()}")
    check_fits(footprint, placement, budget, label)
    started = time.perf_counter()
    processor, model = _load(checkpoint, placement)
    runtime = VisionRuntime(model, processor, placement, label, time.perf_counter() - started)
    runtime.features.install(model)
    status(f"{label}: loaded in {runtime.load_seconds:.1f} s")
    return runtime


def _load(checkpoint: Path, placement: Placement) -> tuple[Any, Any]:
    try:
        import torch
        import transformers
        from transformers import AutoModelForImageTextToText, AutoProcessor
    except ImportError:
        raise ModelUnavailable(
            "local vision models need torch and transformers: pip install torch==2.13.0 transformers accelerate"
        ) from None
    transformers.utils.logging.enable_progress_bar()  # transformers' own "Loading weights" bar, on stderr
    try:
        processor = AutoProcessor.from_pretrained(checkpoint)
    except Exception as exc:  # noqa: BLE001 - any failure here means: not a usable checkpoint
        raise ModelUnavailable(f"cannot load the processor of {checkpoint}: {one_line(exc)[:200]}") from None
    if getattr(processor, "image_processor", None) is None:
        raise ModelUnavailable(f"{checkpoint} has no image processor: it is not a complete vision-language checkpoint")
    kwargs: dict[str, Any] = {"dtype": getattr(torch, placement.dtype)}
    if placement.device == "cuda":
        kwargs["device_map"] = "cuda"
    if placement.load_in_4bit:
        from transformers import BitsAndBytesConfig

        kwargs["quantization_config"] = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_compute_dtype=torch.float16)
    try:
        model = AutoModelForImageTextToText.from_pretrained(checkpoint, **kwargs)
    except Exception as exc:  # noqa: BLE001 - any failure here means: not a usable checkpoint
        raise ModelUnavailable(f"transformers could not load {checkpoint}: {one_line(exc)[:200]}") from None
    model.eval()
    return processor, model


def make_vision_handle(settings: Settings, backend: str, which: str | None,
                       status: Status | None = None) -> ModelHandle:
    """A ModelHandle for ``llava:X`` / ``hf:X``; X defaults to ``vision.model``."""
    from assistant.models.text_tools import TextToolCallingModel

    cfg = settings.vision
    name = which or cfg.model
    if not name:
        raise ModelUnavailable(f"{backend}: which model? use {backend}:/path/to/checkpoint or set vision.model")
    runtime = load_vision_runtime(name, cfg, status)
    inner = LocalVisionChatModel(runtime=runtime, max_new_tokens=cfg.max_new_tokens,
                                 temperature=cfg.temperature, num_beams=cfg.num_beams,
                                 deadline=settings.agent.model_call_deadline)
    chat = TextToolCallingModel(inner=inner, max_repairs=settings.agent.max_tool_call_repairs)
    return ModelHandle(f"{backend}:{runtime.label}", chat, f"transformers ({runtime.placement.label})",
                       can_see=True, native_tools=False, image_detail="high", load_seconds=runtime.load_seconds)


def vision_model_infos(settings: Settings) -> list[ModelInfo]:
    """Configured vision checkpoints and vision models in the HF cache, for `assistant models`."""

    infos: list[ModelInfo] = []
    seen: set[str] = set()
    for name, why in ((settings.vision.model, "vision.model"), (_strip(settings.vision.route_images_to), "route")):
        if not name or name in seen:
            continue
        seen.add(name)
        try:
            read_config(locate_checkpoint(name))
            infos.append(ModelInfo(f"llava:{name}", "transformers (local)", True, True, f"configured ({why})",
                                   settings.model in (f"llava:{name}", f"hf:{name}")))
        except ModelUnavailable as exc:
            infos.append(ModelInfo(f"llava:{name}", "transformers (local)", False, True, str(exc)))
    for repo in _cached_vision_repos():
        if repo not in seen:
            infos.append(ModelInfo(f"hf:{repo}", "transformers (HF cache)", True, True, "in the Hugging Face cache"))
    return infos


def _strip(name: str | None) -> str | None:
    if name and name.split(":", 1)[0] in ("llava", "hf"):
        return name.split(":", 1)[1]
    return None


def _cached_vision_repos() -> list[str]:
    try:
        import json

        from huggingface_hub import scan_cache_dir

        repos = []
        for repo in scan_cache_dir().repos:
            if repo.repo_type != "model":
                continue
            for revision in repo.revisions:
                config = Path(revision.snapshot_path) / "config.json"
                if config.is_file() and is_vision_config(json.loads(config.read_text(encoding="utf-8"))):
                    repos.append(repo.repo_id)
                    break
        return sorted(repos)
    except Exception as exc:  # noqa: BLE001 - no cache dir, unreadable cache: nothing to list
        log.debug("HF cache scan skipped: %s", exc)
        return []

