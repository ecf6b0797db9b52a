"""Speech to text with faster-whisper (CTranslate2), offline, with a silence-hallucination guard.

    tool = SpeechTool("tiny.en")              # or "base" (multilingual) or a model dir
    result = tool.transcribe("talk.mp4")      # any container PyAV reads, video sound included
    result.text, result.segments, result.dropped

The model loads on the first call and is kept. Weights come from packages or a local dir only
(see ``tools.whisper_models``); a bare hub name is refused instead of downloaded.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

import prompts
from tools.audio_io import SAMPLE_RATE, decode_audio
from tools.errors import EngineUnavailable, ToolInputError
from tools.speech_guard import GuardConfig, SegmentSignals, drop_reason, speech_regions
from tools.whisper_models import is_multilingual, resolve_model_dir


@dataclass
class Segment:
    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float = 0.0


@dataclass
class DroppedSegment:
    segment: Segment
    reason: str


@dataclass
class Transcript:
    text: str
    language: str | None
    language_probability: float
    duration: float
    segments: list[Segment]
    seconds: float
    """Processing time (decode + VAD + Whisper), not audio length."""
    dropped: list[DroppedSegment] = field(default_factory=list)
    note: str = ""
    source: str = ""
    model: str = ""
    task: Literal["transcribe", "translate"] = "transcribe"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["segments"] = [
            {
                "start": round(s.start, 2),
                "end": round(s.end, 2),
                "text": s.text,
                "avg_logprob": round(s.avg_logprob, 3),
                "no_speech_prob": round(s.no_speech_prob, 3),
            }
            for s in self.segments
        ]
        data["dropped"] = [
            {
                "start": round(d.segment.start, 2),
                "end": round(d.segment.end, 2),
                "text": d.segment.text,
                "reason": d.reason,
            }
            for d in self.dropped
        ]
        data["duration"] = round(self.duration, 3)
        data["seconds"] = round(self.seconds, 3)
        return data

    def summary(self) -> str:
        lang = f", {self.language}" if self.language else ""
        head = f"{Path(self.source).name or 'audio'}: {self.duration:.1f} s{lang}"
        if not self.text:
            return f"{head}, no speech"
        words = self.text.split()
        preview = " ".join(words[:12]) + (" ..." if len(words) > 12 else "")
        return f"{head}, {len(words)} words: {preview}"

    def evidence_text(self) -> str:
        return prompts.render(
            "speech",
            "evidence",
            source=Path(self.source).name or "audio",
            duration=self.duration,
            language=self.language,
            task=self.task,
            segments=self.segments,
            note=self.note,
        )


def _default_models_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "assistant" / "models"


class SpeechTool:
    """Transcribe audio with a lazily loaded Whisper model.

    ``engine`` injects a ready ``faster_whisper.WhisperModel`` (or anything with the same
    ``transcribe``); otherwise ``model`` names the weights: ``tiny.en``, ``base`` or a dir.
    ``compute_type="auto"`` means int8 on CPU and float16 on CUDA.
    """

    def __init__(
        self,
        model: str = "tiny.en",
        device: str = "auto",
        compute_type: str = "auto",
        models_dir: Path | str | None = None,
        cpu_threads: int | None = None,
        guard: GuardConfig | None = None,
        engine: Any = None,
    ) -> None:
        self.model = model
        self.device = device
        self.compute_type = compute_type
        self.models_dir = Path(models_dir) if models_dir else _default_models_dir()
        self.cpu_threads = cpu_threads or max(1, min(os.cpu_count() or 1, 8))
        self.guard = guard or GuardConfig()
        self._engine = engine
        self._multilingual: bool | None = (
            None if engine is None else bool(getattr(getattr(engine, "model", None), "is_multilingual", True))
        )
        self._lock = threading.Lock()
        self.load_seconds = 0.0

    @property
    def loaded(self) -> bool:
        return self._engine is not None

    def load(self) -> Any:
        """Load the model now (it is otherwise loaded on the first transcription)."""
        with self._lock:
            if self._engine is None:
                self._engine = self._build_engine()
        return self._engine

    def _build_engine(self) -> Any:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a stray hub lookup must fail, not hang
        model_dir = resolve_model_dir(self.model, self.models_dir)
        try:
            import ctranslate2
            from faster_whisper import WhisperModel
        except ImportError:
            raise EngineUnavailable("faster-whisper is not installed: pip install faster-whisper") from None
        device = self.device
        if device == "auto":
            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        compute_type = self.compute_type
        if compute_type == "auto":
            compute_type = "float16" if device == "cuda" else "int8"
        started = time.perf_counter()
        try:
            engine = WhisperModel(
                str(model_dir),
                device=device,
                compute_type=compute_type,
                cpu_threads=self.cpu_threads,
                local_files_only=True,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise EngineUnavailable(f"cannot load Whisper model {self.model} on {device}: {first}") from None
        self.load_seconds = time.perf_counter() - started
        self._multilingual = is_multilingual(model_dir)
        self.resolved_device, self.resolved_compute_type = device, compute_type
        return engine

    def transcribe(
        self,
        path: str | Path,
        language: str | None = None,
        translate: bool = False,
        condition_on_previous_text: bool = False,
        vad_filter: bool = True,
    ) -> Transcript:
        """Transcribe the (first) audio track of ``path``; ToolInputError for bad input."""
        started = time.perf_counter()
        audio = decode_audio(path)
        return self.transcribe_array(
            audio,
            source=str(path),
            language=language,
            translate=translate,
            condition_on_previous_text=condition_on_previous_text,
            vad_filter=vad_filter,
            started=started,
        )

    def transcribe_array(
        self,
        audio: np.ndarray,
        source: str = "audio",
        language: str | None = None,
        translate: bool = False,
        condition_on_previous_text: bool = False,
        vad_filter: bool = True,
        started: float | None = None,
    ) -> Transcript:
        """Transcribe 16 kHz mono float32 samples (e.g. an utterance from the turn detector)."""
        started = time.perf_counter() if started is None else started
        audio = _as_float32(audio)
        if audio.size == 0:
            raise ToolInputError(f"{source} contains no audio samples; check the recording")
        language = _check_language(language)
        task: Literal["transcribe", "translate"] = "translate" if translate else "transcribe"
        duration = audio.size / SAMPLE_RATE
        regions = speech_regions(audio, SAMPLE_RATE, self.guard)
        if not regions:
            # Nothing to hear: skip the decoder entirely, it would only invent text here.
            return Transcript(
                "",
                language,
                0.0,
                duration,
                [],
                time.perf_counter() - started,
                note=prompts.text("speech", "no_speech"),
                source=source,
                model=self.model,
                task=task,
            )
        before_load = time.perf_counter()
        engine = self.load()
        started += time.perf_counter() - before_load  # ``seconds`` is work on this audio only
        self._check_task(language, translate)
        try:
            raw, info = engine.transcribe(
                audio,
                language=language,
                task=task,
                beam_size=5,
                condition_on_previous_text=condition_on_previous_text,
                vad_filter=vad_filter,
                vad_parameters={"threshold": self.guard.vad_threshold} if vad_filter else None,
            )
            raw = list(raw)  # segments are generated lazily; decoding happens here
        except ValueError as exc:
            raise ToolInputError(f"cannot transcribe {source}: {str(exc).splitlines()[0]}") from None
        kept, dropped = [], []
        for r in raw:
            # Whisper stamps in 20 ms steps and can overrun the clip's end: clamp to the audio.
            start, end = min(float(r.start), duration), min(float(r.end), duration)
            seg = Segment(
                start,
                end,
                r.text.strip(),
                float(r.avg_logprob),
                float(r.no_speech_prob),
                float(r.compression_ratio),
            )
            reason = drop_reason(
                SegmentSignals(
                    seg.start, seg.end, seg.text, seg.avg_logprob, seg.no_speech_prob, seg.compression_ratio
                ),
                regions,
                self.guard,
            )
            if reason:
                dropped.append(DroppedSegment(seg, reason))
            else:
                kept.append(seg)
        text = " ".join(s.text for s in kept if s.text).strip()
        note = ""
        if not text:
            note = (
                prompts.render("speech", "all_dropped", count=len(dropped))
                if dropped
                else prompts.text("speech", "no_speech")
            )
        return Transcript(
            text,
            info.language,
            float(info.language_probability),
            duration,
            kept,
            time.perf_counter() - started,
            dropped,
            note,
            source,
            self.model,
            task,
        )

    def _check_task(self, language: str | None, translate: bool) -> None:
        if self._multilingual is False:
            if translate:
                raise ToolInputError(
                    f"model {self.model} is English-only and cannot translate; use --model base"
                )
            if language not in (None, "en"):
                raise ToolInputError(
                    f"model {self.model} is English-only; use --model base for language '{language}'"
                )


def _as_float32(audio: np.ndarray) -> np.ndarray:
    audio = np.asarray(audio).reshape(-1)
    if audio.dtype == np.int16:
        return audio.astype(np.float32) / 32768.0
    return audio.astype(np.float32, copy=False)


def _check_language(language: str | None) -> str | None:
    if not language:
        return None
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    code = language.strip().lower()
    if code not in _LANGUAGE_CODES:
        raise ToolInputError(f"unknown language code '{language}'; use a code such as en, de, es, fr")
    return code
