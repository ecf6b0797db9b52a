"""Speech to text with faster-whisper (CTranslate2), offline, with a silence-hallucination filter.

    tool = SpeechTool("tiny.en")              # or "base" (multilingual) or a model dir
    result = tool.transcribe("talk.mp4")      # any container PyAV reads, video sound included
    result.text, result.segments, result.dropped

The model loads on the first call and is kept. Weights come from packages or a local dir only
(see ``assistant.tools.speech.whisper_models``); a bare hub name is refused instead of downloaded.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

import numpy as np

from assistant import prompts
from assistant.tools.errors import EngineUnavailable, ToolInputError
from assistant.tools.speech.audio_io import SAMPLE_RATE, iter_pcm, probe_duration
from assistant.tools.speech.hallucination_filter import FilterConfig, SegmentSignals, drop_reason
from assistant.tools.speech.transcript import DroppedSegment, Segment, Transcript, Word
from assistant.tools.speech.whisper_models import is_multilingual, resolve_model_dir
from assistant.tools.speech.windows import Window, iter_windows, slices

BEAM_SIZE = 5


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
        filter_config: FilterConfig | None = None,
        engine: Any = None,
    ) -> None:
        self.model = model
        self.device = device
        self.compute_type = compute_type
        self.models_dir = Path(models_dir) if models_dir else _default_models_dir()
        self.cpu_threads = cpu_threads or max(1, min(os.cpu_count() or 1, 8))
        self.filter_config = filter_config or FilterConfig()
        self._engine = engine
        self._multilingual: bool | None = (
            None if engine is None else bool(getattr(getattr(engine, "model", None), "is_multilingual", True))
        )
        self._lock = threading.Lock()
        self.load_seconds = 0.0
        self.recent_call_seconds: float | None = None
        """Moving average of one Whisper call (one window of at most a minute): how fast this
        model runs on this machine. The voice engine uses it to decide on live partials."""

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
        *,
        on_progress: Callable[[float, float], None] | None = None,
        on_segment: Callable[[Segment], None] | None = None,
        word_timestamps: bool = False,
        stop_when: Callable[[list[Segment]], bool] | None = None,
    ) -> Transcript:
        """Transcribe the (first) audio track of ``path``; ToolInputError for bad input.

        The file is decoded and transcribed in windows of at most a minute cut at silences
        (``assistant.tools.speech.windows``), so memory stays flat for hours of audio.
        ``on_progress(done_s, total_s)`` follows each window (``total_s`` is the container's
        stated duration, 0.0 when it states none); ``on_segment`` receives each kept segment,
        with file-relative times, as soon as its window is done. ``word_timestamps`` fills
        each segment's ``words`` (Whisper's cross-attention alignment; costs some extra time).
        ``stop_when(kept_so_far)`` is asked after each window; True ends the transcription
        there (a search for the first mention need not hear the rest of a long file), and
        ``duration`` is then how far it got.
        """
        started = time.perf_counter()
        # Opening the container twice costs ~8 ms: only pay it when someone reads the total.
        total = probe_duration(path) if on_progress is not None else 0.0
        return self._run(
            iter_pcm(path),
            str(path),
            language,
            translate,
            condition_on_previous_text,
            vad_filter,
            started,
            total,
            on_progress,
            on_segment,
            word_timestamps,
            stop_when,
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
        *,
        word_timestamps: bool = False,
    ) -> Transcript:
        """Transcribe 16 kHz mono float32 samples (e.g. an utterance from the turn detector)."""
        started = time.perf_counter() if started is None else started
        audio = _as_float32(audio)
        if audio.size == 0:
            raise ToolInputError(f"{source} contains no audio samples; check the recording")
        return self._run(
            slices(audio),
            source,
            language,
            translate,
            condition_on_previous_text,
            vad_filter,
            started,
            audio.size / SAMPLE_RATE,
            None,
            None,
            word_timestamps,
        )

    def _run(
        self,
        chunks: Iterable[np.ndarray],
        source: str,
        language: str | None,
        translate: bool,
        condition_on_previous_text: bool,
        vad_filter: bool,
        started: float,
        total: float,
        on_progress: Callable[[float, float], None] | None,
        on_segment: Callable[[Segment], None] | None,
        word_timestamps: bool = False,
        stop_when: Callable[[list[Segment]], bool] | None = None,
    ) -> Transcript:
        language = _check_language(language)
        task: Literal["transcribe", "translate"] = "translate" if translate else "transcribe"
        kept: list[Segment] = []
        dropped: list[DroppedSegment] = []
        detected, probability = language, 0.0
        done = 0.0
        heard = False
        regions: list[tuple[float, float]] = []
        for window in iter_windows(chunks, self.filter_config):
            done = window.offset + window.seconds
            regions.extend((a + window.offset, b + window.offset) for a, b in window.regions)
            if window.regions:  # nothing to hear: skip the decoder, it would only invent text
                if not heard:
                    before_load = time.perf_counter()
                    self.load()
                    started += time.perf_counter() - before_load  # ``seconds``: work on this audio
                    self._check_task(language, translate)
                heard = True
                # Later windows keep the first window's language: re-detecting on every minute
                # of a long file lets a noisy stretch flip it.
                lang, prob, segs, drops = self._window(
                    window, detected, task, condition_on_previous_text, vad_filter, source, word_timestamps
                )
                if detected is None or not probability:
                    detected, probability = lang, prob
                kept.extend(segs)
                dropped.extend(drops)
                if on_segment is not None:
                    for seg in segs:
                        on_segment(seg)
            if on_progress is not None:
                on_progress(done, total)
            if stop_when is not None and window.regions and stop_when(kept):
                break
        if done == 0.0:
            raise ToolInputError(
                f"{Path(source).name or source} contains no audio samples; check the recording"
            )
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
            detected,
            probability,
            done,
            kept,
            time.perf_counter() - started,
            dropped,
            note,
            source,
            self.model,
            task,
            regions,
        )

    def _window(
        self,
        window: Window,
        language: str | None,
        task: Literal["transcribe", "translate"],
        condition_on_previous_text: bool,
        vad_filter: bool,
        source: str,
        word_timestamps: bool = False,
    ) -> tuple[str | None, float, list[Segment], list[DroppedSegment]]:
        """One Whisper call on one window; segments come back filtered and in file time."""
        called = time.perf_counter()
        # Passed only when wanted: injected test engines need not know the keyword.
        extra: dict[str, Any] = {"word_timestamps": True} if word_timestamps else {}
        try:
            raw, info = self._engine.transcribe(
                window.audio,
                language=language,
                task=task,
                beam_size=BEAM_SIZE,
                condition_on_previous_text=condition_on_previous_text,
                vad_filter=vad_filter,
                vad_parameters={"threshold": self.filter_config.vad_threshold} if vad_filter else None,
                **extra,
            )
            raw = list(raw)  # segments are generated lazily; decoding happens here
        except ValueError as exc:
            raise ToolInputError(f"cannot transcribe {source}: {str(exc).splitlines()[0]}") from None
        took = time.perf_counter() - called
        previous = self.recent_call_seconds
        self.recent_call_seconds = took if previous is None else 0.5 * previous + 0.5 * took
        kept, dropped = [], []
        length = window.seconds
        for r in raw:
            # Whisper stamps in 20 ms steps and can overrun the clip's end: clamp to the audio.
            start, end = min(float(r.start), length), min(float(r.end), length)
            signals = SegmentSignals(
                start,
                end,
                r.text.strip(),
                float(r.avg_logprob),
                float(r.no_speech_prob),
                float(r.compression_ratio),
            )
            reason = drop_reason(signals, window.regions, self.filter_config)
            seg = Segment(
                start + window.offset,
                end + window.offset,
                signals.text,
                signals.avg_logprob,
                signals.no_speech_prob,
                signals.compression_ratio,
                _words(r, length, window.offset),
            )
            if reason:
                dropped.append(DroppedSegment(seg, reason))
            else:
                kept.append(seg)
        return info.language, float(info.language_probability), kept, dropped

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


def _words(raw: Any, length: float, offset: float) -> list[Word]:
    """A raw segment's words in file time, clamped to the window like the segment itself."""
    return [
        Word(min(float(w.start), length) + offset, min(float(w.end), length) + offset, w.word, float(w.probability))
        for w in (getattr(raw, "words", None) or [])
    ]


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
