"""Physical-object nouns in questions and answers, and which of them the photo tools can name.

Words are reduced to concept words by tools/sight/label_words.py ("puppies" -> dog, "women" -> person,
ImageNet's "Labrador retriever" -> dog), the same tables the image index and the presence
answers use. A concept is *detectable* when it is one of the detector's 80 COCO categories: only
then does "the detector found none" say something. Other physical things (a tree, a guitar)
are objects too, but their absence from a reading proves nothing.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.tools.sight.label_words import IMAGENET_GROUPS, concepts_of, normal, words

COCO = frozenset((
    "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light",
    "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow", "elephant",
    "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag", "tie", "suitcase", "frisbee", "skis", "snowboard",
    "sports ball", "kite", "baseball bat", "baseball glove", "skateboard", "surfboard", "tennis racket", "bottle",
    "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple", "sandwich", "orange", "broccoli",
    "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch", "potted plant", "bed", "dining table", "toilet",
    "tv", "laptop", "mouse", "remote", "keyboard", "cell phone", "microwave", "oven", "toaster", "sink",
    "refrigerator", "book", "clock", "vase", "scissors", "teddy bear", "hair drier", "toothbrush",
))
"""The detector's categories (COCO 2017 names, as tools/sight/models.py reports them)."""

NOT_ASKED = frozenset(
    "tie ties remote remotes mouse keyboard orange oranges apple apples book books tv tvs table tables plant plants "
    "ball balls mobile phone phones monitor monitors glass glasses notebook cup cups cell bed sink".split())
"""Words that more often name something else in a question ("the remote server", "the keyboard
shortcut", "the orange warning", "the table in the report", "the phone number"): not read as
objects. The nouns for the same things that are unambiguous ("smartphone", "sofa") still are."""

OTHER_OBJECTS = frozenset(
    "tree flower guitar piano mountain lake river beach house building bridge fish snake lion tiger monkey rabbit "
    "duck goat pig chicken deer fox wolf hat shoe flag statue tent lamp candle tractor van helicopter balloon drum "
    "violin".split())
"""Things a photo may hold that the detector does not name: asked about, they get a note, never
a replacement."""


def object_in(question: str) -> str | None:
    """The first physical object the question names, as a concept word; None when it names none.
    "What is the title of this document?" names none; "Is there a dog in this picture?", "What
    does the dog look like?" and "Can you describe this dog?" name the dog."""
    tokens = [t.split("'")[0] for t in words(question)]  # "the cat's eyes"
    for i, token in enumerate(tokens):
        pair = normal(" ".join(tokens[i:i + 2])) if i + 1 < len(tokens) else ""
        if pair in COCO and " " in pair:  # "teddy bear", "stop sign", "hot dog"
            return pair
        if token in NOT_ASKED:
            continue
        concept = normal(token)
        if concept in COCO or concept in OTHER_OBJECTS:
            return concept
    return None


def detectable(concept: str) -> bool:
    return concept in COCO


@lru_cache(maxsize=4)
def imagenet_labels(models_dir: str) -> tuple[str, ...]:
    """The classifier's 1000 class names in index order ((), when the sight models are not installed)."""
    try:
        text = (Path(models_dir) / "imagenet_classes.txt").read_text(encoding="utf-8")
    except OSError:
        return ()
    labels = tuple(line.strip() for line in text.splitlines() if line.strip())
    return labels if len(labels) == 1000 else ()


def _models_dir(models_dir: Path | None) -> str:
    if models_dir is None:
        from assistant.tools.sight.models import default_models_dir

        models_dir = default_models_dir()
    return str(models_dir)


def seen_concepts(artifact: Any, class_seen: float, models_dir: Path | None = None) -> set[str]:
    """What a photo reading reports, as concept words: its detections, and classifier guesses from
    ``class_seen`` on ("tabby" 0.6 -> cat, pet, animal)."""
    labels = imagenet_labels(_models_dir(models_dir))
    seen: set[str] = set()
    for detection in getattr(artifact, "objects", ()):
        seen |= concepts_of(detection.label, "object")
    for guess in getattr(artifact, "classes", ()):
        if guess.score >= class_seen:
            index = labels.index(guess.label) if guess.label in labels else None
            seen |= concepts_of(guess.label, "class", index)
    return seen


def names(concept: str, text: str, models_dir: Path | None = None) -> bool:
    """Does ``text`` name the concept: its word or a synonym ("puppies" for dog), or the head noun
    of one of the classifier's classes for it ("a brown labrador", "a golden retriever")?"""
    tokens = [t.split("'")[0] for t in words(text)]
    if any(normal(" ".join(tokens[i:i + n])) == concept for n in (2, 1) for i in range(len(tokens) - n + 1)):
        return True
    labels = imagenet_labels(_models_dir(models_dir))
    heads = {labels[i].lower().replace("-", " ").split()[-1] for span in IMAGENET_GROUPS.get(concept, ())
             for i in span if i < len(labels)}
    heads |= {labels[i].lower().split()[0] for span in IMAGENET_GROUPS.get(concept, ()) for i in span
              if i < len(labels) and labels[i][:1].isupper() and len(labels[i].split()) == 2
              and labels[i].split()[0].lower() in _BREED_NAMES}
    return bool(heads & {normal(t) for t in tokens} - _NOT_NAMES)


_BREED_NAMES = frozenset("labrador dalmatian chihuahua pomeranian rottweiler doberman samoyed maltese".split())
"""First words of classifier classes that people use alone for the animal ("a labrador")."""
_NOT_NAMES = frozenset("bull hairless pointer boxer cardigan pembroke newfoundland pyrenees chow dane tzu persian "
                       "setter kelpie".split())
"""Head nouns of classifier classes that name other things in an answer (a pointer, a boxer)."""
