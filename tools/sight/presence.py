"""Answer a presence question from what the vision tools found, without a language model.

    vocab = Vocabulary(detector_labels, classifier_labels)   # the two label sets, as concept words
    target = vocab.target(PresenceQuestion("is_there", "puppies"))   # Target(concept="dog", ...)
    verdict = judge(question, target, sight_result, closer)   # Verdict: yes / no / count / kinds / can't tell

Rules (chosen on the dev photos of `assistant eval pope`, never on the held-out ones):
- the detector's boxes decide first (at its threshold, 0.25 by default): yes, with the count;
- else the classifier: the probabilities of the asked thing's ImageNet classes in the top-5,
  added up (Egyptian cat 0.71 + tiger cat 0.15 + tabby 0.13 for "cat"), count from CLASS_YES;
- else a closer look (tools/sight/closer.py), at the same bars: the detector on the whole
  image at a larger input (608), then on four overlapping quarters; a second classifier (EfficientNet-Lite0) on the
  whole image from CLASS_YES; the first classifier on the quarters (from PART_CLASS_YES: four
  more guesses need a stricter bar);
- else "not detected" when either model knows the thing, and "can't tell" when neither does:
  an 80-class detector and a 1000-class classifier cannot deny what they cannot name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from assistant.tools.sight.label_words import (
    EXTRA_CONCEPTS,
    concepts_of,
    normal,
    query_concepts,
    singular,
    words,
)
from assistant.tools.sight.presence_question import PresenceQuestion

if TYPE_CHECKING:
    from assistant.tools.sight.closer import CloserLook
    from assistant.tools.sight.see import SightResult

CLASS_YES = 0.3
"""The asked thing's classes in the whole image's top-5 add up to at least this: yes."""
PART_CLASS_YES = 0.5
"""The same for one quarter of a closer look."""
KIND_MIN = 0.05
"""A class is listed in a "what kind of ..." answer from this probability."""

Verdict = Literal["yes", "no", "count", "kinds", "cant_tell"]


@dataclass(frozen=True)
class Target:
    phrase: str
    """As asked: "puppies"."""
    concept: str | None
    """The concept word both label sets are read as ("dog"); None when neither knows it."""
    coco: frozenset[str] = frozenset()
    """Detector labels that are this concept."""
    imagenet: frozenset[str] = frozenset()
    """Classifier labels that are this concept."""

    @property
    def known(self) -> bool:
        return bool(self.coco or self.imagenet)


class Vocabulary:
    """The detector's 80 and the classifier's 1000 labels, indexed by the words people ask with."""

    def __init__(self, coco: list[str], imagenet: list[str]) -> None:
        self.coco_labels = coco
        self.imagenet_labels = imagenet

    @cached_property
    def _coco(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for label in self.coco_labels:
            for concept in concepts_of(label, "object"):
                out.setdefault(concept, set()).add(label)
        return out

    @cached_property
    def _imagenet(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for index, label in enumerate(self.imagenet_labels):
            extra = {EXTRA_CONCEPTS[label]} if label in EXTRA_CONCEPTS else set()
            for concept in concepts_of(label, "class", index) | extra:
                out.setdefault(concept, set()).add(label)
        return out

    def target(self, question: PresenceQuestion) -> Target | None:
        """What the question asks for; None when the phrase is more than one known thing or a
        thing with words these tools cannot check ("a red car", "cars parked"): the model answers."""
        known = set(self._coco) | set(self._imagenet)
        found, left = query_concepts(question.phrase, known)
        if len(found) == 1 and not left:
            concept = found[0]
            return Target(question.phrase, concept, frozenset(self._coco.get(concept, ())),
                          frozenset(self._imagenet.get(concept, ())))
        if found:
            return None
        # "squirrel" is ImageNet's "fox squirrel", "owl" its "great grey owl": the last word.
        asked = normal(question.phrase)
        tails = {label for label in self.imagenet_labels
                 if " " in label and singular(words(label)[-1]) == asked}
        if tails:
            return Target(question.phrase, asked, frozenset(), frozenset(tails))
        return Target(question.phrase, None)


@dataclass(frozen=True)
class Finding:
    verdict: Verdict
    target: Target
    how: str = ""
    """detector, classifier, closer-large, closer-detector, second-classifier, closer-classifier,
    or "" for no/can't tell."""
    count: int = 0
    scores: tuple[float, ...] = ()
    """Detector confidences (best first), or the classifier's probabilities of the named classes."""
    names: tuple[str, ...] = ()
    """The labels that matched: detector labels or ImageNet class names."""
    part: str = ""
    """Where a closer look found it."""
    looked_closer: bool = False
    detector_found: dict[str, int] = field(default_factory=dict)
    """what_kind: the detector's matching labels and their counts."""


def _classes(result: SightResult, labels: frozenset[str]) -> list[tuple[str, float]]:
    return [(c.label, c.score) for c in result.classes if c.label in labels]


def judge(question: PresenceQuestion, target: Target, result: SightResult,
          closer: CloserLook | None = None) -> Finding:
    """The answer the evidence gives; ``closer`` only matters when the first look found nothing."""
    if target.concept is None or not target.known:
        return Finding("cant_tell", target)
    boxes = sorted((d for d in result.objects if d.label in target.coco), key=lambda d: -d.score)
    classes = _classes(result, target.imagenet)
    if question.kind == "what_kind":
        listed = [(name, p) for name, p in classes if p >= KIND_MIN]
        found = {label: sum(d.label == label for d in boxes) for label in dict.fromkeys(d.label for d in boxes)}
        if not listed and not found:
            return Finding("no", target, looked_closer=closer is not None)
        return Finding("kinds", target, "classifier" if listed else "detector", len(boxes),
                       tuple(p for _, p in listed), tuple(n for n, _ in listed), detector_found=found)
    if boxes:
        verdict: Verdict = "count" if question.kind == "how_many" else "yes"
        return Finding(verdict, target, "detector", len(boxes), tuple(d.score for d in boxes),
                       tuple(dict.fromkeys(d.label for d in boxes)))
    if sum(p for _, p in classes) >= CLASS_YES:
        return Finding("yes", target, "classifier", 0, tuple(p for _, p in classes), tuple(n for n, _ in classes))
    if closer is not None:
        # The whole image at a larger input first: the same view, the same threshold, more pixels.
        large = sorted((d for d in closer.large if d.label in target.coco), key=lambda d: -d.score)
        if large:
            return Finding("yes", target, "closer-large", len(large), tuple(d.score for d in large),
                           tuple(dict.fromkeys(d.label for d in large)), "", True)
        for part in closer.parts:
            hits = sorted((d for d in part.objects if d.label in target.coco), key=lambda d: -d.score)
            if hits:
                return Finding("yes", target, "closer-detector", len(hits), tuple(d.score for d in hits),
                               tuple(dict.fromkeys(d.label for d in hits)), part.part, True)
        second = [(c.label, c.score) for c in closer.second_classes if c.label in target.imagenet]
        if sum(p for _, p in second) >= CLASS_YES:  # a second classifier of the whole image: the same bar
            return Finding("yes", target, "second-classifier", 0, tuple(p for _, p in second),
                           tuple(n for n, _ in second), "", True)
        for part in closer.parts:
            named = [(c.label, c.score) for c in part.classes if c.label in target.imagenet]
            if sum(p for _, p in named) >= PART_CLASS_YES:
                return Finding("yes", target, "closer-classifier", 0, tuple(p for _, p in named),
                               tuple(n for n, _ in named), part.part, True)
    return Finding("no", target, looked_closer=closer is not None)


def wants_closer_look(question: PresenceQuestion, target: Target | None, result: SightResult) -> bool:
    """Whether a closer look could change the answer: a known thing, not found at first."""
    if target is None or not target.known or question.kind == "what_kind":
        return False
    return judge(question, target, result).verdict == "no"


__all__ = ["CLASS_YES", "PART_CLASS_YES", "Finding", "Target", "Vocabulary", "judge", "wants_closer_look"]
