"""OCR engines behind one small protocol; each loads its model on first use, never at import.

RapidOCR (PP-OCR ONNX models shipped inside the ``rapidocr`` wheel) is the default: it works
offline with nothing but pip. Tesseract is the alternative: faster on clean screenshots, but
it needs the Debian binary.
"""

from __future__ import annotations

import os
import shutil
import threading
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from assistant.tools.errors import EngineUnavailable, ToolInputError
from assistant.tools.ocr.layout import RawBox, polygon_to_box

if TYPE_CHECKING:
    from PIL.Image import Image

ENGINE_NAMES = ("rapidocr", "tesseract")


@runtime_checkable
class OcrEngine(Protocol):
    name: str
    """Short engine name shown to users (``rapidocr``)."""
    cache_key: str
    """Changes whenever the same image could read differently (engine, language, mode)."""

    def recognize(self, image: Image) -> list[RawBox]:
        """Words or line fragments with boxes; order does not matter."""
        ...


class RapidOcrEngine:
    name = "rapidocr"

    def __init__(self, text_score: float = 0.5, threads: int | None = None) -> None:
        self.text_score = text_score
        self.threads = threads
        self.cache_key = f"rapidocr-s{text_score}-reread2"  # -reread2: unsure lines are re-read (reread_lines.py)
        self._ocr = None
        self._lock = threading.Lock()
        self._call_lock = threading.Lock()

    def _load(self):  # type: ignore[no-untyped-def]
        with self._lock:
            if self._ocr is None:
                try:
                    from rapidocr import RapidOCR
                except ImportError:
                    raise EngineUnavailable(
                        "RapidOCR is not installed; run: pip install 'rapidocr>=3.4' onnxruntime "
                        "(or the [ocr] extra)" + self.missing_hint
                    ) from None
                params = self._params()
                if self.threads:
                    params["EngineConfig.onnxruntime.intra_op_num_threads"] = self.threads
                self._ocr = RapidOCR(params=params)
        return self._ocr

    missing_hint = ", or use --engine tesseract"
    """Said after the install line when RapidOCR is missing."""

    def _params(self) -> dict[str, object]:
        """RapidOCR settings; subclasses add theirs (frame_ocr.py caps the detector size)."""
        return {"Global.log_level": "error", "Global.text_score": self.text_score}

    def recognize(self, image: Image) -> list[RawBox]:
        from assistant.tools.ocr.reread_lines import reread_unsure_lines

        return reread_unsure_lines(image, self._detect_and_read(image), self._read_line)

    def _run(self, image: Image, *, use_det: bool, use_cls: bool) -> Any:
        # Every stage named on each call: RapidOCR keeps the switches of the last call otherwise,
        # so a recogniser-only call would leave the next image without detection. The switches
        # live on the shared instance, so calls go one at a time.
        engine = self._load()
        with self._call_lock:
            return engine(image, use_det=use_det, use_cls=use_cls, use_rec=True)

    def _read_line(self, image: Image) -> tuple[str, float]:
        """The recogniser alone on an image holding one line (reread_lines.py)."""
        out = self._run(image, use_det=False, use_cls=False)
        texts, scores = getattr(out, "txts", None) or (), getattr(out, "scores", None) or ()
        return (str(texts[0]), float(scores[0])) if texts and scores else ("", 0.0)

    def _detect_and_read(self, image: Image) -> list[RawBox]:
        out = self._run(image, use_det=True, use_cls=bool(self._params().get("Global.use_cls", True)))
        if out is None or getattr(out, "txts", None) is None or getattr(out, "boxes", None) is None:
            return []
        return [
            RawBox(text=str(t), box=polygon_to_box(b), confidence=float(s))
            for b, t, s in zip(out.boxes, out.txts, out.scores)
        ]


class TesseractEngine:
    name = "tesseract"

    def __init__(self, lang: str = "eng", psm: int = 6) -> None:
        # psm 6 (one uniform block) keeps terminal rows whole; the layout step re-splits columns.
        self.lang = lang
        self.psm = psm
        self.cache_key = f"tesseract-{lang}-psm{psm}"
        self._pytesseract = None

    def _load(self):  # type: ignore[no-untyped-def]
        if self._pytesseract is None:
            try:
                import pytesseract
            except ImportError:
                raise EngineUnavailable(
                    "pytesseract is not installed; run: pip install pytesseract "
                    "(and apt-get install tesseract-ocr tesseract-ocr-eng)"
                ) from None
            if not shutil.which(pytesseract.pytesseract.tesseract_cmd):
                raise EngineUnavailable(
                    "the tesseract binary is missing; run: apt-get install tesseract-ocr tesseract-ocr-eng"
                )
            # OpenMP threads fight each other on small machines: 6-13x slower on 2 cores.
            os.environ.setdefault("OMP_THREAD_LIMIT", "1")
            self._pytesseract = pytesseract
        return self._pytesseract

    def recognize(self, image: Image) -> list[RawBox]:
        from PIL import ImageOps

        pt = self._load()
        gray = image.convert("L")
        # Tesseract is trained on dark ink on light paper; a dark terminal reads better inverted.
        if _mean(gray) < 128:
            gray = ImageOps.invert(gray)
        try:
            data = pt.image_to_data(
                gray, lang=self.lang, config=f"--psm {self.psm}", output_type=pt.Output.DICT
            )
        except pt.TesseractError as exc:
            msg = str(exc).strip().splitlines()[-1] if str(exc).strip() else "tesseract failed"
            if "Failed loading language" in str(exc) or "traineddata" in str(exc):
                msg = f"tesseract has no '{self.lang}' language data; apt-get install tesseract-ocr-{self.lang}"
            raise EngineUnavailable(msg) from None
        boxes = []
        for i, word in enumerate(data["text"]):
            conf = float(data["conf"][i])
            if not str(word).strip() or conf < 0:
                continue
            x, y, w, h = (int(data[k][i]) for k in ("left", "top", "width", "height"))
            boxes.append(RawBox(text=str(word), box=(x, y, x + w, y + h), confidence=conf / 100.0))
        return boxes


def _mean(gray: Image) -> float:
    hist = gray.histogram()
    total = sum(hist) or 1
    return sum(i * n for i, n in enumerate(hist)) / total


def make_engine(name: str) -> OcrEngine:
    """An engine by name; an unknown name raises ToolInputError naming the choices."""
    if name == "rapidocr":
        return RapidOcrEngine()
    if name == "tesseract":
        return TesseractEngine()
    raise ToolInputError(f"unknown OCR engine {name!r}; choose one of: {', '.join(ENGINE_NAMES)}")
