"""Resolve a model name (``--model``, settings) to a ready chat model and what it can do.

Names:
  embedded                       the default packaged model (settings.embedded.model)
  embedded:qwen2.5-coder-0.5b    a packaged model by name (also the bare name)
  embedded:/path/model.gguf      any llama.cpp chat GGUF
  openai | openai:gpt-4o         the OpenAI API, or OPENAI_BASE_URL / openai.base_url
  scripted:/path/script.json     the scripted test model
  llava:PATH_OR_NAME | hf:...    a local vision-language checkpoint through transformers
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import ModelUnavailable
from assistant.models.gguf import PACKAGED_MODELS, assembled_path, ensure_gguf, packaged_available

# Re-exported: most callers know these two types from here.
from assistant.models.handle import ModelHandle as ModelHandle
from assistant.models.handle import ModelInfo as ModelInfo

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from assistant.models.embedded import EmbeddedServer
    from assistant.settings import Settings


@dataclass
class ModelFactory:
    """Builds chat models from settings; keeps embedded servers alive for the process."""

    settings: Settings
    _servers: dict[Path, EmbeddedServer] = field(default_factory=dict)
    _prefix_caches: dict[Path, Any] = field(default_factory=dict)
    _handles: dict[str, ModelHandle] = field(default_factory=dict)
    _vision_handles: dict[str, ModelHandle] = field(default_factory=dict)

    _lock: threading.RLock = field(default_factory=threading.RLock)
    _preloading: threading.Thread | None = None

    def resolve(self, name: str | None = None) -> ModelHandle:
        """The handle for ``name``, built once per factory so later turns reuse its HTTP client.
        A scripted model is read from its file on every call: each turn starts its script anew."""
        name = (name or self.settings.model).strip()
        if name.startswith("scripted:"):
            return self._build(name)
        with self._lock:  # a preload still running finishes first; its handle is then reused
            if name not in self._handles:
                self._handles[name] = self._build(name)
            return self._handles[name]

    def preload(self, name: str | None = None) -> None:
        """Start building ``name`` on a thread while the caller does other start-up work.

        A fresh `assistant ask` spends ~1 s importing its libraries and ~1-3 s loading the model;
        done side by side they overlap. A failure here is ignored: ``resolve`` builds again and
        reports it.
        """
        def build() -> None:
            try:
                self.resolve(name)
            except Exception:  # noqa: BLE001 - resolve() raises it again where it is reported
                log.debug("preloading %s failed", name, exc_info=True)

        self._preloading = threading.Thread(target=build, name="model-preload", daemon=True)
        self._preloading.start()

    def _build(self, name: str) -> ModelHandle:
        backend, _, rest = name.partition(":")
        if backend in PACKAGED_MODELS:
            backend, rest = "embedded", backend
        if backend == "embedded":
            return self._embedded(rest or None)
        if backend == "openai":
            return self._openai(rest or None)
        if backend == "scripted":
            return self._scripted(rest)
        if backend == "llava" or backend == "hf":
            return self._vision(backend, rest or None)
        raise ModelUnavailable(
            f"unknown model {name!r}: use embedded, embedded:NAME, openai:MODEL or scripted:FILE "
            "(see `assistant models`)"
        )

    def _embedded(self, which: str | None) -> ModelHandle:
        from assistant.models.embedded import EmbeddedServer

        cfg = self.settings.embedded
        if which and (which.endswith(".gguf") or "/" in which):
            self._refuse_if_blocked(which)
            gguf, label = Path(which).expanduser(), f"embedded:{Path(which).name}"
        elif cfg.gguf_path and not which:
            self._refuse_if_blocked(str(cfg.gguf_path))
            gguf, label = cfg.gguf_path.expanduser(), f"embedded:{cfg.gguf_path.name}"
        else:
            which = which or cfg.model
            if which not in PACKAGED_MODELS:
                raise ModelUnavailable(
                    f"unknown embedded model {which!r}: choose {', '.join(PACKAGED_MODELS)} or a .gguf path"
                )
            self._refuse_if_blocked(f"embedded:{which}")
            gguf, label = ensure_gguf(self.settings.models_dir, which), f"embedded:{which}"
        server = self._servers.get(gguf)
        if server is None:
            # The projector belongs to embedded.gguf_path's model; packaged models have none.
            mmproj = cfg.mmproj_path if cfg.gguf_path and gguf == cfg.gguf_path.expanduser() else None
            slot_dir = self.settings.home / "cache" / "slots" if cfg.prefix_cache else None
            server = EmbeddedServer(gguf, n_ctx=cfg.n_ctx, threads=cfg.threads, mmproj=mmproj, slot_dir=slot_dir,
                                    wait=False)
            try:
                # The chat client's libraries import here while the child loads the model.
                import assistant.models.openai_compat  # noqa: F401
                import assistant.models.text_tools  # noqa: F401

                server.wait_until_listening()
            except BaseException:
                server.close()
                raise
            self._servers[gguf] = server
            if slot_dir is not None:
                from assistant.models.prefix_cache import PrefixCache, model_identity

                packaged = PACKAGED_MODELS.get(which or "")
                identity = model_identity(gguf, packaged.sha256 if packaged else None, cfg.n_ctx)
                self._prefix_caches[gguf] = PrefixCache(server.root_url, slot_dir, identity)
        from assistant.models.openai_compat import make_openai_chat
        from assistant.models.text_tools import TextToolCallingModel

        inner = make_openai_chat(
            model=gguf.stem,
            base_url=server.base_url,
            api_key=None,
            timeout=300.0,
            max_retries=0,
            max_tokens=cfg.max_tokens,
            temperature=cfg.temperature,
            deadline=self.settings.agent.model_call_deadline,  # closing the connection stops llama.cpp
        )
        chat = TextToolCallingModel(inner=inner, max_repairs=self.settings.agent.max_tool_call_repairs,
                                    prefix_cache=self._prefix_caches.get(gguf))
        return ModelHandle(label, chat, "embedded", can_see=server.sees_images, native_tools=False,
                           load_seconds=server.load_seconds, reports_finish=True)

    def _openai(self, model: str | None) -> ModelHandle:
        from assistant.logs import redact, register_secret
        from assistant.models.openai_compat import guess_vision, make_openai_chat
        from assistant.models.text_tools import TextToolCallingModel

        cfg = self.settings.openai
        model = model or cfg.model
        self._refuse_if_blocked(f"openai:{model}")
        key = cfg.api_key.get_secret_value() if cfg.api_key else None
        register_secret(key)
        if not key and not cfg.base_url:
            raise ModelUnavailable(
                "no OpenAI API key: set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server, "
                "or use --model embedded"
            )
        chat = make_openai_chat(
            model=model,
            base_url=cfg.base_url,
            api_key=key,
            timeout=cfg.timeout,
            max_retries=cfg.max_retries,
            max_tokens=cfg.max_tokens,
            temperature=cfg.temperature,
            deadline=self.settings.agent.model_call_deadline,
        )
        if not cfg.native_tools:
            chat = TextToolCallingModel(inner=chat, max_repairs=self.settings.agent.max_tool_call_repairs)
        can_see = cfg.vision if cfg.vision is not None else guess_vision(model)
        where = redact(cfg.base_url) if cfg.base_url else "api.openai.com"  # no URL password in labels
        return ModelHandle(f"openai:{model}", chat, f"openai ({where})", can_see=can_see,
                           native_tools=cfg.native_tools, image_detail=cfg.image_detail, reports_finish=True)

    def _vision(self, backend: str, which: str | None) -> ModelHandle:
        from assistant.models.vision_local import make_vision_handle

        key = f"{backend}:{which or self.settings.vision.model}"
        self._refuse_if_blocked(key)
        # Loading takes seconds to minutes and gigabytes: once per process, like embedded servers.
        if key not in self._vision_handles:
            self._vision_handles[key] = make_vision_handle(self.settings, backend, which)
        return self._vision_handles[key]

    def _refuse_if_blocked(self, name: str) -> None:
        if self.settings.block_real_models:
            raise ModelUnavailable(f"real model {name!r} blocked: this test did not opt in to real models")

    def _scripted(self, path: str) -> ModelHandle:
        from assistant.models.scripted import ScriptedChatModel

        if not path:
            raise ModelUnavailable("scripted model needs a file: --model scripted:/path/to/replies.json")
        return ModelHandle(f"scripted:{Path(path).name}", ScriptedChatModel.from_file(path), "scripted",
                           can_see=False, native_tools=True)

    def available(self) -> list[ModelInfo]:
        from assistant.logs import redact

        default = self.settings.model
        infos = []
        for name, spec in PACKAGED_MODELS.items():
            ready = assembled_path(self.settings.models_dir, name).exists()
            installed = packaged_available(name)
            state = "assembled" if ready else ("installed" if installed else f"not installed: {spec.install_hint()}")
            is_default = default in (name, f"embedded:{name}") or (
                default == "embedded" and self.settings.embedded.model == name
            )
            infos.append(ModelInfo(f"embedded:{name}", "embedded (llama.cpp)", installed, False,
                                   f"{spec.description}; {state}", is_default))
        cfg = self.settings.openai
        has_access = bool(cfg.api_key or cfg.base_url)
        where = redact(cfg.base_url) if cfg.base_url else "api.openai.com"  # no URL password in labels
        infos.append(ModelInfo(
            f"openai:{cfg.model}", f"openai-compatible ({where})", has_access,
            cfg.vision if cfg.vision is not None else _guess(cfg.model),
            "ready" if has_access else "set OPENAI_API_KEY or OPENAI_BASE_URL",
            default.startswith("openai"),
        ))
        from assistant.models.vision_local import vision_model_infos

        infos.extend(vision_model_infos(self.settings))
        return infos

    def close(self) -> None:
        if self._preloading is not None:
            self._preloading.join()  # never tear down a server that is still being built
        with self._lock:  # nor one another thread is building (a warm-up) right now
            self._close_all()

    def _close_all(self) -> None:
        self._handles.clear()
        for server in self._servers.values():
            server.close()
        self._servers.clear()
        self._prefix_caches.clear()
        self._vision_handles.clear()


def _guess(model: str) -> bool:
    from assistant.models.openai_compat import guess_vision

    return guess_vision(model)
