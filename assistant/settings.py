"""One Settings object: a TOML file plus ``ASSISTANT_*`` environment variables.

Built once at the edge (CLI, TUI) by :func:`load_settings` and passed down; nothing reads
configuration at import time. Precedence, highest first: explicit overrides (CLI flags),
environment variables, the TOML file, defaults.

Nested sections use ``__`` in environment variables: ``ASSISTANT_OPENAI__MODEL=gpt-4o-mini``.
``OPENAI_API_KEY`` and ``OPENAI_BASE_URL`` are honoured as well.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from assistant.errors import ConfigError


def default_config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "assistant" / "config.toml"


def default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "assistant"


class EmbeddedSettings(BaseModel):
    """The offline default: a packaged Qwen2.5-Coder GGUF run in-process by llama.cpp."""

    model: Literal["qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"] = "qwen2.5-coder-1.5b"
    """Which packaged model `embedded` means (see `assistant models`)."""
    gguf_path: Path | None = None
    """Use this GGUF file instead of the packaged one (any llama.cpp chat model)."""
    mmproj_path: Path | None = None
    """Multimodal projector GGUF for a LLaVA-style gguf_path: the embedded model then sees images."""
    n_ctx: int = Field(default=8192, gt=0)
    """Context window in tokens."""
    threads: int = Field(default_factory=lambda: max(1, min(os.cpu_count() or 2, 8)), ge=1)
    """CPU threads for decoding and prompt processing."""
    max_tokens: int = Field(default=768, gt=0)
    """Upper bound on tokens generated per model call."""
    prefix_cache: bool = True
    """Save the processed system prompt under <home>/cache/slots and restore it in later processes
    (each `assistant ask` is one), instead of processing it again every time."""
    temperature: float = 0.0
    """0 decodes greedily: the small packaged models answer facts and sums most reliably so."""


class OpenAISettings(BaseModel):
    """GPT-4o / GPT-4V or any OpenAI-compatible server (vLLM, Ollama, LM Studio, llama.cpp)."""

    api_key: SecretStr | None = None
    """Secret; also read from OPENAI_API_KEY. Never printed, logged or stored."""
    base_url: str | None = None
    """Server URL such as http://localhost:11434/v1; also read from OPENAI_BASE_URL."""
    model: str = "gpt-4o"
    vision: bool | None = None
    """Whether the model accepts images; None guesses from the model name."""
    native_tools: bool = True
    """Use the API's tool calling; set false for servers whose models only write JSON text."""
    image_detail: Literal["low", "high", "auto"] = "auto"
    timeout: float = Field(default=60.0, gt=0)
    """Seconds before a request is abandoned."""
    max_retries: int = Field(default=3, ge=0)
    """Retries with exponential backoff on 429 / 5xx / connection errors."""
    max_tokens: int = Field(default=1024, gt=0)
    temperature: float = 0.2


class AgentSettings(BaseModel):
    max_steps: int = Field(default=8, ge=1)
    """Model calls per turn before the turn is stopped."""
    tools: Literal["auto", "always"] = "auto"
    """auto: offer a tool only when the turn refers to what it serves (assistant/turn_plan.py), so
    plain questions reach the model with no tool schema; always: every tool on every turn."""
    max_tool_call_repairs: int = Field(default=2, ge=0)
    """How many times a malformed tool call goes back to the model to be corrected."""
    model_call_deadline: float = Field(default=300.0, gt=0)
    """Seconds one model call may take in all, every backend (openai, embedded, llava/hf). The
    per-read openai.timeout cannot stop a server that keeps the stream alive (SSE comments) without
    answering; past this the call is stopped and the turn ends with an error. A local vision model
    on a slow CPU may need more."""


class MemorySettings(BaseModel):
    """Long-term memory (chromadb) under ``home/memory``."""

    enabled: bool = True
    """Recall saved notes into turns and remember facts the user states."""
    embedder: Literal["minilm", "openai"] = "minilm"
    """minilm: offline int8 MiniLM (packaged); openai: the embeddings API with the openai key."""
    openai_model: str = "text-embedding-3-small"
    chroma_host: str | None = None
    """Use a `chroma run` server at this host instead of the embedded database."""
    chroma_port: int = Field(default=8000, ge=1, le=65535)
    duplicate_similarity: float = Field(default=0.9, gt=0, le=1)
    """Cosine similarity above which a new fact updates an existing one instead of adding."""
    recall_tokens: int = Field(default=300, ge=0)
    """Approximate token budget for memories recalled into a prompt."""


class OcrSettings(BaseModel):
    """Reading text in images (tools/ocr/reader.py); results are cached under ``home/cache/ocr``."""

    engine: Literal["rapidocr", "tesseract"] = "rapidocr"
    """rapidocr: PP-OCR models inside the pip wheel; tesseract: needs apt-get install tesseract-ocr."""


class SpeechSettings(BaseModel):
    """Transcription (tools/speech/transcriber.py) and voice turn taking (tools/speech/vad.py)."""

    model: str = "tiny.en"  # the voice loop's: tiny.en (packaged), base (multilingual, packaged), a CTranslate2 dir
    file_model: str = "base"
    """For audio files (more accurate, 0.5-1.3 s slower: docs/models.md); ``model`` if not installed."""
    device: Literal["auto", "cpu", "cuda"] = "auto"
    compute_type: str = "auto"
    """auto: int8 on CPU, float16 on CUDA; or any CTranslate2 type (int8_float16, float32...)."""
    vad_silence_ms: int = Field(default=700, gt=0)
    """Silence that ends a hands-free utterance."""
    pre_roll_ms: int = Field(default=1000, ge=0)
    """Audio kept from before speech was detected, so the first word is not clipped."""
    piper_voice: str | None = None
    """A Piper voice (.onnx, its .onnx.json beside it) for spoken answers; else espeak-ng."""
    espeak_voice: str = "en"
    speak_words_per_minute: int = Field(default=175, gt=0)
    barge_in: bool = True
    """Speaking over a spoken answer stops it. Needs headphones (or echo cancellation): with
    loudspeakers the microphone hears the answer itself; set false to stop listening while an
    answer is read aloud."""


class VisionSettings(BaseModel):
    """Local vision-language models through transformers (``llava:PATH_OR_NAME`` / ``hf:PATH_OR_NAME``)."""

    model: str | None = None
    """Checkpoint dir or Hugging Face cache name that bare `llava` / `hf` means."""
    dtype: Literal["auto", "float32", "bfloat16", "float16"] = "auto"
    """auto: float32 on CPU, float16 on CUDA."""
    device: Literal["auto", "cpu", "cuda"] = "auto"
    load_in_4bit: bool = False
    """4-bit weights through bitsandbytes (CUDA only; pip install bitsandbytes)."""
    max_new_tokens: int = Field(default=512, gt=0)
    temperature: float = 0.2
    """0 decodes greedily."""
    num_beams: int = Field(default=1, ge=1)
    """Beam search (>1) cannot stream: the answer arrives in one piece."""
    max_memory_gb: float | None = Field(default=None, gt=0)
    """Refuse to load when the estimated footprint exceeds this (GiB); default: memory available now."""
    route_images_to: str | None = None
    """Model that answers turns carrying an image when the chosen model cannot see (e.g. llava:/path)."""


class ImageSearchSettings(BaseModel):
    """The image index (`assistant index` / `assistant search`): OCR text + optional CLIP vectors."""

    clip_model: str | None = None
    """A local CLIP checkpoint dir (save_pretrained layout) or a model name already in the HF cache;
    None: OCR-text mode (images found by the text in them, not by how they look)."""
    index_path: Path | None = None
    """Where the index lives (default: <home>/index)."""
    chroma_host: str | None = None
    """Keep the vectors on a `chroma run` server at this host instead of the embedded database."""
    chroma_port: int = Field(default=8000, ge=1, le=65535)
    batch_size: int = Field(default=16, ge=1)
    """Images per committed batch (and per CLIP forward pass)."""
    device: str = "cpu"
    """torch device for CLIP: cpu, cuda, cuda:1..."""


class SightSettings(BaseModel):
    """`assistant see` (tools/sight/see.py): YOLOv3-tiny (80 COCO classes) + MobileNetV2 (ImageNet-1k)."""

    threads: int = Field(default=1, ge=1)
    """CPU threads for both models (OpenCV's and torch's process-wide pools). 1 by default: on the
    2-core build machine under load, MobileNetV2 took ~1.6 s with 2 torch threads and ~20 ms
    with 1, while YOLO was ~80 ms either way."""
    min_score: float = Field(default=0.25, gt=0.0, le=1.0)
    """Detections below this score are dropped (darknet's own default is 0.25)."""
    models_dir: Path | None = None
    """Folder with the YOLO files; default: <venv>/share/assistant/sight (scripts/install_vision.sh)."""
    enabled: bool = True
    """Read photo attachments with both models in turns (and answer "is there a dog?" from them);
    false: OCR only, as `assistant eval pope` measures for its "without vision tools" row."""


class Settings(BaseSettings):
    """Everything the assistant can be told. Fields carry their own documentation."""

    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_",
        env_nested_delimiter="__",
        extra="ignore",
        validate_default=True,
    )

    home: Path = Field(default_factory=default_home)
    """Data dir: conversation database, memory, indexes, assembled models. ASSISTANT_HOME."""
    config_file: Path | None = None
    """The TOML file these settings were read from, if any."""
    model: str = "embedded"
    """Default chat model: embedded, embedded:qwen2.5-coder-0.5b, openai:gpt-4o, scripted:..."""
    allowed_dirs: Annotated[list[Path], NoDecode] = Field(default_factory=list)
    """Folders tools may read besides attachments and indexed folders. ASSISTANT_ALLOWED_DIRS takes
    them comma- or colon-separated (~/a,~/b or ~/a:~/b) or as a JSON list."""
    models_path: Path | None = None
    """Where assembled model files live (default: <home>/models). ASSISTANT_MODELS_PATH."""
    block_real_models: bool = False
    """Refuse every backend but `scripted` (set by the test suite; a test opts in to real ones)."""
    debug: bool = False
    embedded: EmbeddedSettings = Field(default_factory=EmbeddedSettings)
    openai: OpenAISettings = Field(default_factory=OpenAISettings)
    agent: AgentSettings = Field(default_factory=AgentSettings)
    ocr: OcrSettings = Field(default_factory=OcrSettings)
    speech: SpeechSettings = Field(default_factory=SpeechSettings)
    memory: MemorySettings = Field(default_factory=MemorySettings)
    image_search: ImageSearchSettings = Field(default_factory=ImageSearchSettings)
    vision: VisionSettings = Field(default_factory=VisionSettings)
    sight: SightSettings = Field(default_factory=SightSettings)

    @field_validator("allowed_dirs", mode="before")
    @classmethod
    def _split_path_list(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if value.lstrip().startswith("["):
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                raise ValueError('not a JSON list; write ["/a", "/b"] or /a,/b') from None
        return [Path(part.strip()).expanduser() for part in re.split(r"[,:]", value) if part.strip()]

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The TOML file comes in through init kwargs (see load_settings), so it sits below env.
        return (init_settings, env_settings)

    @property
    def db_path(self) -> Path:
        return self.home / "conversations.sqlite3"

    @property
    def models_dir(self) -> Path:
        return self.models_path or self.home / "models"


def register_secrets(settings: BaseModel) -> None:
    """Hand every SecretStr in the settings to the redactor, whatever model will run: a key that
    is not shaped like one (a local server's password) is then still hidden everywhere."""
    from assistant.tools.secret_scan import register_secret

    for name in type(settings).model_fields:
        value = getattr(settings, name, None)
        if isinstance(value, SecretStr):
            register_secret(value.get_secret_value())
        elif isinstance(value, BaseModel):
            register_secrets(value)


def _deep_merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _env_view() -> dict[str, Any]:
    """Values from the environment, so they can be merged above the TOML file."""
    view: dict[str, Any] = {}
    openai_env = {}
    if os.environ.get("OPENAI_API_KEY"):
        openai_env["api_key"] = os.environ["OPENAI_API_KEY"]
    if os.environ.get("OPENAI_BASE_URL"):
        openai_env["base_url"] = os.environ["OPENAI_BASE_URL"]
    if openai_env:
        view["openai"] = openai_env
    return view


def load_settings(config_file: Path | str | None = None, **overrides: Any) -> Settings:
    """Read the TOML file (ASSISTANT_CONFIG or the default path), the environment, overrides.

    Raises ConfigError with a one-line message for an unreadable file or an invalid value.
    """
    explicit = config_file or os.environ.get("ASSISTANT_CONFIG")
    path = Path(explicit).expanduser() if explicit else default_config_path()
    file_values: dict[str, Any] = {}
    if path.exists():
        try:
            file_values = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {path}: {exc}; fix or remove it") from None
        file_values["config_file"] = path
    elif explicit:
        raise ConfigError(f"config file {path} does not exist; create it or drop --config")
    # OPENAI_* sit between the file and ASSISTANT_* variables: env beats file.
    values = _drop_env_shadowed(_deep_merge(file_values, _env_view()))
    # Explicit overrides (CLI flags) beat everything, environment included.
    values = _deep_merge(values, {k: v for k, v in overrides.items() if v is not None})
    try:
        settings = Settings(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [str(p) for p in first.get("loc", ()) if not isinstance(p, int)]
        raise ConfigError(f"invalid setting {'.'.join(loc) or 'settings'}: {_reason(first)} "
                          f"({_where_set(loc, overrides, file_values)})") from None
    except SettingsError as exc:
        # pydantic-settings could not parse an ASSISTANT_* variable (a section given as bad JSON).
        m = re.search(r'field "(\w+)"', str(exc))
        field = m.group(1) if m else ""
        raise ConfigError(f"cannot read ASSISTANT_{field.upper()}: give a JSON object such as "
                          f"'{{\"model\": \"gpt-4o\"}}', or set one value as ASSISTANT_{field.upper()}__NAME"
                          if field else f"cannot read an ASSISTANT_* variable: {exc}") from None
    for name in ("home", "models_path"):
        _check_data_dir(getattr(settings, name), name, overrides, file_values)
    register_secrets(settings)
    return settings


def _reason(error: Any) -> str:
    msg = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    msg = msg[0].lower() + msg[1:] if msg else msg
    value = error.get("input")
    shown = "" if isinstance(value, dict | list) or value is None else f", got {str(value)[:60]!r}"
    return f"{msg}{shown}"


def _where_set(loc: list[str], overrides: dict[str, Any], file_values: dict[str, Any]) -> str:
    """Where the user can fix a setting: the flag, the variable that set it, or the config file."""
    if loc and loc[0] in overrides and overrides[loc[0]] is not None:
        return f"from --{loc[0]}"
    env = "ASSISTANT_" + "__".join(part.upper() for part in loc)
    if env in os.environ or (loc and f"ASSISTANT_{loc[0].upper()}" in os.environ):
        return f"from {env if env in os.environ else 'ASSISTANT_' + loc[0].upper()}"
    if loc == ["openai", "base_url"] and os.environ.get("OPENAI_BASE_URL"):
        return "from OPENAI_BASE_URL"
    where = file_values.get("config_file")
    if where:
        return f"fix it in {where}, [{loc[0]}] {'.'.join(loc[1:])}" if len(loc) > 1 else f"fix it in {where}"
    return f"set {env}"


def _check_data_dir(path: Path | None, name: str, overrides: dict[str, Any], file_values: dict[str, Any]) -> None:
    """A data folder must be a folder, or creatable: the nearest existing parent a writable folder."""
    if path is None:
        return
    source = _where_set([name], overrides, file_values).removeprefix("from ")
    path = path.expanduser()
    if path.exists() and not path.is_dir():
        raise ConfigError(f"{name} {path} ({source}) is a file, not a folder; point it at a folder "
                          "(it is created if missing)")
    parent = path
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        what = "is a file" if parent.exists() and not parent.is_dir() else "is not writable"
        raise ConfigError(f"{name} {path} ({source}) cannot be created: {parent} {what}; "
                          "point it at a folder you can write to")


def _drop_env_shadowed(values: dict[str, Any]) -> dict[str, Any]:
    """Init kwargs beat env in pydantic-settings; drop file values an ASSISTANT_* var sets."""
    result = dict(values)
    for key in list(result):
        env_name = f"ASSISTANT_{key.upper()}"
        if env_name in os.environ:
            result.pop(key)
        elif isinstance(result[key], dict):
            nested = {
                k: v for k, v in result[key].items() if f"{env_name}__{k.upper()}" not in os.environ
            }
            result[key] = nested
    return result


__all__ = ["SecretStr", "Settings", "default_config_path", "default_home", "load_settings", "register_secrets"]
