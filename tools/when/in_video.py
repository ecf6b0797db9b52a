"""When does a text first appear on screen in a video? Coarse sampling, then bisection.

    ocr = frame_ocr_tool()                                   # assistant.tools.video.frame_ocr; any OcrTool works
    result = find_text_appearance("talk.mp4", "HELLO", ocr)  # TextAppearance
    result.found, result.lo_s, result.hi_s                   # absent at lo_s, present at hi_s
    print(result.answer())                                   # the sentence for the user

Frames are read every ``step`` seconds from the start (plus the last frame) until one holds
the text; the gap between the last frame without it and the first frame with it is then halved
until it is at most ``precision`` seconds wide (or no frame lies inside it). Each frame is found
by seeking (assistant.tools.video.decode), shrunk to ``max_side`` and read by the injected OCR, whose
cache makes a repeated question free. Matching forgives case, punctuation and one OCR slip in
words of five or more letters (assistant.tools.text_match).

The search assumes the text stays up once shown: text that comes and goes between two coarse
samples can be missed, and then the result says how densely it looked instead of "absent".
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from assistant.tools.errors import ToolInputError
from assistant.tools.text_match import contains, tokens
from assistant.tools.video.decode import VideoReader, to_image
from assistant.tools.video.frames import format_timestamp, resolve_range
from assistant.tools.when.wording import seconds_text

DEFAULT_PRECISION = 0.5
MAX_COARSE = 16
"""Coarse samples over the whole range by default; each costs one OCR call (~0.1-1 s)."""
MIN_STEP = 1.0
"""Short clips are still sampled at most once a second; bisection does the rest."""
CUT_PASS_MAX_SPAN = 900.0
"""Videos up to this long get the scene-change pass when the even samples miss the text."""
MAX_CUT_FRAMES = 32
CUT_OFFSET = 1.0
"""Seconds after a picture change to read: a title animates in ("THE", then "THE END" 0.5 s later)."""
ALREADY_READ = 0.25
"""A time this close to a frame already read is not read again."""
DEFAULT_MAX_SIDE = 960
_BATCH = 4  # coarse frames decoded per seek run: fewer seeks, little waste after a hit


class TextReader(Protocol):
    """What the search needs from OCR: ``read(png_bytes).text`` (assistant.tools.ocr.reader.OcrTool has it)."""

    def read(self, source: bytes) -> Any: ...


@dataclass(frozen=True)
class FrameCheck:
    timestamp: float
    present: bool
    text: str
    """What OCR read in that frame (kept for the evidence and for debugging misses)."""


@dataclass(frozen=True)
class TextAppearance:
    """Where ``query`` first shows on screen: absent at ``lo_s``, present at ``hi_s``."""

    query: str
    found: bool
    lo_s: float | None
    """Latest frame checked without the text; None when found or not (see ``hi_s``) in the
    first frame searched, or when not found at all."""
    hi_s: float | None
    """Earliest frame checked with the text; None when not found."""
    frames_checked: int
    seconds: float
    """Wall time of the search (decoding + OCR)."""
    step_s: float
    """Spacing of the coarse samples."""
    start_s: float
    end_s: float
    precision_s: float
    source: str
    """The video's file name."""
    checks: tuple[FrameCheck, ...] = ()
    """Every frame read, in time order."""
    cut_frames: int = 0
    """Frames read just after a picture change, when the even samples had not found the text."""

    @property
    def at_start(self) -> bool:
        """The text is already there in the first frame searched."""
        return self.found and self.lo_s is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "found": self.found,
            "lo_s": None if self.lo_s is None else round(self.lo_s, 3),
            "hi_s": None if self.hi_s is None else round(self.hi_s, 3),
            "frames_checked": self.frames_checked,
            "seconds": round(self.seconds, 3),
            "step_s": round(self.step_s, 3),
            "start_s": round(self.start_s, 3),
            "end_s": round(self.end_s, 3),
            "precision_s": self.precision_s,
            "source": self.source,
            "cut_frames": self.cut_frames,
            "checks": [
                {"timestamp": round(c.timestamp, 3), "present": c.present, "text": c.text} for c in self.checks
            ],
        }

    def _vars(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "found": self.found,
            "at_start": self.at_start,
            "lo": seconds_text(self.lo_s),
            "hi": seconds_text(self.hi_s),
            "lo_clock": format_timestamp(self.lo_s or 0.0),
            "hi_clock": format_timestamp(self.hi_s or 0.0),
            "count": self.frames_checked,
            "step": seconds_text(self.step_s),
            "start": seconds_text(self.start_s),
            "end": seconds_text(self.end_s),
            "video": self.source,
            "long": (self.hi_s or 0.0) >= 60,
            "cuts": self.cut_frames,
            "sampled": self.frames_checked - self.cut_frames,
        }

    def answer(self) -> str:
        """The sentence that answers the question, for the user (prompts/when.yaml)."""
        from assistant.prompts import render

        return render("when", "screen_answer", **self._vars())

    def summary(self) -> str:
        from assistant.prompts import render

        return render("when", "screen_summary", seconds=f"{self.seconds:.1f}", **self._vars())

    def evidence_text(self) -> str:
        from assistant.prompts import render

        checks = [
            {"time": seconds_text(c.timestamp), "present": c.present, "text": " / ".join(x.strip() for x in c.text.splitlines() if x.strip())}
            for c in self.checks
        ]
        return render("when", "screen_evidence", answer=self.answer(), checks=checks, **self._vars())


def default_step(span: float, max_coarse: int = MAX_COARSE) -> float:
    return max(MIN_STEP, span / max_coarse)


def find_text_appearance(
    path: Path | str,
    text: str,
    ocr: TextReader,
    *,
    step: float | None = None,
    precision: float = DEFAULT_PRECISION,
    start: float | str | None = None,
    end: float | str | None = None,
    max_side: int = DEFAULT_MAX_SIDE,
    max_frames: int = 64,
    timeout: float = 300.0,
) -> TextAppearance:
    """Find when ``text`` first appears on screen in ``path``, to within ``precision`` seconds.

    ``step`` is the coarse spacing (default: the range over 16, at least 1 s); ``start``/``end``
    limit the search. Raises ToolInputError for a bad file or arguments.
    """
    if not tokens(text):
        raise ToolInputError(f"nothing to look for in {text!r}; give a word or phrase")
    if precision <= 0:
        raise ToolInputError(f"precision must be a positive number of seconds, got {precision}")
    if step is not None and step <= 0:
        raise ToolInputError(f"step must be a positive number of seconds, got {step}")
    began = time.perf_counter()
    with VideoReader(path, timeout=timeout) as reader:
        lo, hi = resolve_range(reader.info, start, end)
        step = step or default_step(hi - lo)
        targets = _coarse_targets(lo, hi, step, reader.info.fps)
        if len(targets) > max_frames:
            raise ToolInputError(
                f"one frame every {step:g} s over {hi - lo:.1f} s is {len(targets)} frames, more than "
                f"max_frames={max_frames}; use a larger step or a shorter start/end range"
            )
        search = _Search(reader, text, ocr, max_side)
        absent_at, present_at = search.coarse(targets)
        cut_frames = 0
        if present_at is None and hi - lo <= CUT_PASS_MAX_SPAN:
            # A title card or "THE END" shown for two seconds falls between even samples of a long
            # video; such cards start where the picture changes, so those frames are read next.
            after_cuts = _after_cuts(reader, lo, hi, search.checked(), max_frames - len(targets))
            cut_frames = len(after_cuts)
            absent_at, present_at = search.coarse(after_cuts, search.checked())
        if present_at is not None and absent_at is not None:
            absent_at, present_at = search.bisect(absent_at, present_at, precision)
        return TextAppearance(
            query=text,
            found=present_at is not None,
            lo_s=absent_at if present_at is not None else None,
            hi_s=present_at,
            frames_checked=len(search.checks),
            seconds=time.perf_counter() - began,
            step_s=step,
            start_s=lo,
            end_s=hi,
            precision_s=precision,
            source=reader.path.name,
            checks=tuple(sorted(search.checks, key=lambda c: c.timestamp)),
            cut_frames=cut_frames,
        )


def _after_cuts(reader: VideoReader, lo: float, hi: float, checked: list[float], budget: int) -> list[float]:
    """A second after each picture change (titles fade or type in), skipping times already read."""
    from assistant.tools.video.scenes import find_cuts

    targets = [min(hi, cut.timestamp + CUT_OFFSET) for cut in find_cuts(reader, lo, hi) if cut.score is not None]
    fresh = [t for t in targets if all(abs(t - c) > ALREADY_READ for c in checked)]
    return fresh[:max(0, min(budget, MAX_CUT_FRAMES))]


def _coarse_targets(lo: float, hi: float, step: float, fps: float) -> list[float]:
    """``lo, lo+step, ...`` before ``hi``, and the last frame, so text shown only in the final
    stretch is not missed."""
    count = int((hi - lo) / step - 1e-9) + 1
    targets = [lo + k * step for k in range(count)]
    last = hi - 1 / fps if fps > 0 else hi
    if last > targets[-1] + 1e-6:
        targets.append(last)
    return targets


class _Search:
    """One open video, one query: reads frames, remembers what each held."""

    def __init__(self, reader: VideoReader, text: str, ocr: TextReader, max_side: int) -> None:
        self.reader = reader
        self.text = text
        self.ocr = ocr
        self.max_side = max_side
        self.checks: list[FrameCheck] = []
        self._eps = 1e-6

    def _check(self, ts: float, frame: Any) -> bool:
        buf = io.BytesIO()
        to_image(frame, self.max_side).save(buf, format="PNG")
        seen = str(self.ocr.read(buf.getvalue()).text).strip()
        present = contains(seen, self.text)
        self.checks.append(FrameCheck(ts, present, seen))
        return present

    def _frames(self, targets: list[float]) -> Iterator[tuple[float, Any]]:
        # Decoded a few at a time: frames_at decodes on instead of seeking when targets are
        # close, and stopping at the first hit leaves most of a long video undecoded.
        seen: set[float] = set()
        for i in range(0, len(targets), _BATCH):
            for ts, frame in self.reader.frames_at(targets[i : i + _BATCH]):
                if round(ts, 6) not in seen:  # a short clip can map two targets to one frame
                    seen.add(round(ts, 6))
                    yield ts, frame

    def coarse(self, targets: list[float], absent: Sequence[float] = ()) -> tuple[float | None, float | None]:
        """(last frame without the text, first frame with it) over the coarse samples; ``absent``:
        times already read without it, which may lie between these targets."""
        absent_at: float | None = None
        for ts, frame in self._frames(targets):
            if self._check(ts, frame):
                before = [t for t in (*absent, *([absent_at] if absent_at is not None else [])) if t < ts]
                return (max(before) if before else None), ts
            absent_at = ts
        return absent_at, None

    def checked(self) -> list[float]:
        return [c.timestamp for c in self.checks]

    def bisect(self, lo: float, hi: float, precision: float) -> tuple[float, float]:
        while hi - lo > precision + self._eps:
            got = self.reader.frame_at((lo + hi) / 2)
            if got is None:
                break
            ts, frame = got
            if ts >= hi - self._eps:
                # Nothing from the middle on; with a variable frame rate there may still be a
                # frame just after lo.
                got = self.reader.frame_at(lo + 1e-3)
                if got is None or not lo + self._eps < got[0] < hi - self._eps:
                    break  # no frame between lo and hi: the interval is one frame wide
                ts, frame = got
            if self._check(ts, frame):
                hi = ts
            else:
                lo = ts
        return lo, hi


__all__ = ["DEFAULT_PRECISION", "FrameCheck", "TextAppearance", "TextReader", "default_step", "find_text_appearance"]
