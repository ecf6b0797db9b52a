"""The POPE photo set and its questions (Li et al. 2023, "Evaluating Object Hallucination in
Large Vision-Language Models").

    photos = load_photos()                               # tests/data/pope_labels.jsonl
    questions = pope_questions(photos, "heldout")        # PopeQuestion list, three negative kinds

For each photo of the split: one "yes" question per labelled object, and as many "no" questions
per sampling, over the 80 COCO class names the photo does not show:

- random: drawn at random (fixed seed);
- popular: the classes labelled most often in the whole set;
- adversarial: the classes that most often appear together with the photo's own objects in the
  set; ties (the set is small) go to classes of the same COCO supercategory, then to popular ones.

Classes a person might argue are there ("unsure" in the labels) are never asked as "no".
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.evals.cases import read_jsonl_cases, refuse_unknown_fields

LABELS = Path(__file__).resolve().parents[2] / "tests" / "data" / "pope_labels.jsonl"
PHOTO_DIR = LABELS.parent / "external" / "pope"
SEED = 15
SAMPLINGS = ("random", "popular", "adversarial")
SPLITS = ("dev", "heldout")

# COCO 2017's 80 object classes, in their category-id order, with their supercategories.
COCO: dict[str, str] = {
    **dict.fromkeys(["person"], "person"),
    **dict.fromkeys(["bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat"], "vehicle"),
    **dict.fromkeys(["traffic light", "fire hydrant", "stop sign", "parking meter", "bench"], "outdoor"),
    **dict.fromkeys(["bird", "cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe"],
                    "animal"),
    **dict.fromkeys(["backpack", "umbrella", "handbag", "tie", "suitcase"], "accessory"),
    **dict.fromkeys(["frisbee", "skis", "snowboard", "sports ball", "kite", "baseball bat", "baseball glove",
                     "skateboard", "surfboard", "tennis racket"], "sports"),
    **dict.fromkeys(["bottle", "wine glass", "cup", "fork", "knife", "spoon", "bowl"], "kitchen"),
    **dict.fromkeys(["banana", "apple", "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut",
                     "cake"], "food"),
    **dict.fromkeys(["chair", "couch", "potted plant", "bed", "dining table", "toilet"], "furniture"),
    **dict.fromkeys(["tv", "laptop", "mouse", "remote", "keyboard", "cell phone"], "electronic"),
    **dict.fromkeys(["microwave", "oven", "toaster", "sink", "refrigerator"], "appliance"),
    **dict.fromkeys(["book", "clock", "vase", "scissors", "teddy bear", "hair drier", "toothbrush"], "indoor"),
}


@dataclass(frozen=True)
class Photo:
    id: str
    file: str
    source: str
    """Where it comes from: ``pip:NAME==VERSION`` (a wheel) or ``deb:NAME=VERSION`` (Debian)."""
    member: str
    """Its path inside the wheel or the .deb."""
    sha256: str
    split: str
    objects: tuple[str, ...]
    unsure: tuple[str, ...] = ()
    note: str = ""

    @property
    def path(self) -> Path:
        return PHOTO_DIR / self.file


@dataclass(frozen=True)
class PopeQuestion:
    photo: Photo
    object: str
    expect: str
    """yes or no."""
    samplings: tuple[str, ...]
    """The samplings this question belongs to: every one for a "yes", the ones that drew it for a "no"."""

    @property
    def id(self) -> str:
        return f"{self.photo.id}:{self.object.replace(' ', '_')}"

    @property
    def text(self) -> str:
        article = "an" if self.object[0] in "aeiou" else "a"
        # POPE's question; the small model rambles without the second sentence (and takes ~20 s).
        return f"Is there {article} {self.object} in the image? Answer yes or no."


def _photo(number: int, data: dict[str, Any]) -> Photo:
    refuse_unknown_fields(data, Photo)
    photo = Photo(**{**data, "objects": tuple(data.get("objects", ())), "unsure": tuple(data.get("unsure", ()))})
    unknown = [name for name in (*photo.objects, *photo.unsure) if name not in COCO]
    if unknown:
        raise ValueError(f"not COCO class names: {', '.join(unknown)}")
    if not photo.objects:
        raise ValueError("a POPE photo needs at least one labelled object")
    if photo.split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {photo.split!r}")
    return photo


def load_photos(path: Path | str = LABELS) -> list[Photo]:
    return read_jsonl_cases(path, _photo)[1]


def pope_questions(photos: list[Photo], split: str = "heldout", seed: int = SEED) -> list[PopeQuestion]:
    """Every question of ``split`` ("all" for both), in a fixed order; statistics (popular,
    co-occurring) come from the whole labelled set, as POPE takes them from all of COCO."""
    frequency = Counter(name for photo in photos for name in photo.objects)
    together: Counter[tuple[str, str]] = Counter(
        (a, b) for photo in photos for a in photo.objects for b in photo.objects if a != b)
    popular = sorted(COCO, key=lambda name: (-frequency[name], list(COCO).index(name)))
    chosen = [p for p in photos if split in ("all", p.split)]
    out: list[PopeQuestion] = []
    for photo in chosen:
        rng = random.Random(f"{seed}:{photo.id}")  # one photo's draw does not move another's
        k = len(photo.objects)
        candidates = [name for name in COCO if name not in photo.objects and name not in photo.unsure]
        supercats = {COCO[name] for name in photo.objects}
        adversarial = sorted(candidates, key=lambda name: (
            -sum(together[(own, name)] for own in photo.objects), COCO[name] not in supercats, popular.index(name)))
        drawn = {
            "random": rng.sample(candidates, k),
            "popular": [name for name in popular if name in candidates][:k],
            "adversarial": adversarial[:k],
        }
        out.extend(PopeQuestion(photo, name, "yes", SAMPLINGS) for name in photo.objects)
        negatives = dict.fromkeys(name for sampling in SAMPLINGS for name in drawn[sampling])
        out.extend(PopeQuestion(photo, name, "no", tuple(s for s in SAMPLINGS if name in drawn[s]))
                   for name in negatives)
    return out


def by_sampling(questions: list[PopeQuestion], sampling: str) -> list[PopeQuestion]:
    return [q for q in questions if sampling in q.samplings]


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
