"""Labels in the image index: `see` runs once per image at index time; searches match words to them.

    sight = IndexSight(SightTool())           # the process's shared models, loaded on first need
    rows = sight.look(sha, data)              # LabelRow list (COCO objects, ImageNet top classes)
    found = match_labels(catalog, "photos with a dog")   # LabelMatches: ranked hashes + why

What is stored: each detected COCO object label (count, best score at the detector's default
0.25), the classifier's top-5 ImageNet classes with their probabilities, and colours measured on
the pixels ("black car", "red person" for a person's clothes; "black and white" for a photo in grey
tones only), so "the black car by the hill" prefers the black car to a blue one. Thresholds for a
class to count are applied when searching (a class counts from CLASS_MIN; a broad group such as
"cat" adds up the probabilities of its classes: Egyptian cat 0.71 + tiger cat 0.15 + tabby
0.13), so changing them needs no re-index. An 80-class detector and a 1000-class classifier
cannot name everything: an image without a label may still show the thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.tools.errors import EngineUnavailable, ToolInputError
from assistant.tools.images.catalog import Catalog, LabelRow
from assistant.tools.sight.label_words import concepts_of, normal, query_concepts, vocabulary, words

if TYPE_CHECKING:
    from PIL.Image import Image

    from assistant.tools.sight.see import SightResult, SightTool

CLASS_MIN = 0.2
"""An ImageNet class (or the sum of a group's classes) counts as a label from this probability."""
SHOWN_MIN = 0.05
"""Classes below this still add to a group's sum but are not listed as why an image matched."""
INDEX_MIN_SCORE = 0.25
"""Detections stored at index time: darknet's default, whatever `see --min-score` is set to."""
COLOURS_VERSION = "colours 1"
"""Part of the sight column: images indexed before colours were stored are looked at again."""
SIGHT_MISSING = (
    "image index: no object labels ({reason}); images are indexed by their text"
    " (and CLIP when set) only, and the next run adds labels once the models are installed"
)


class IndexSight:
    """The `see` models as the index uses them: loaded once per process, a missing model said once."""

    def __init__(self, tool: SightTool | None) -> None:
        self.tool = tool
        self._ready: bool | None = None if tool is not None else False

    @property
    def model_id(self) -> str | None:
        """What a blob's ``sight`` column records: which models looked, at which threshold."""
        if self.tool is None:
            return None
        models = self.tool.models
        return f"{models.detector.name} + {models.classifier.name} @ {INDEX_MIN_SCORE} + {COLOURS_VERSION}"

    def ready(self, warn: Callable[[str], None]) -> bool:
        """Load both models now (once); False, with one line through ``warn``, when they are missing."""
        if self._ready is None:
            assert self.tool is not None
            try:
                self.tool.models.load()
                self._ready = True
            except EngineUnavailable as exc:
                self._ready = False
                warn(SIGHT_MISSING.format(reason=str(exc).splitlines()[0]))
        return self._ready

    def look(self, sha: str, data: bytes) -> list[LabelRow]:
        """The labels of one image; none for one too small to look at (it is still indexed)."""
        assert self.tool is not None
        try:
            result, image = self.tool.look_with_image(data, min_score=INDEX_MIN_SCORE)
        except ToolInputError:
            return []
        names = self.tool.models.classifier.labels
        ids = {name: i for i, name in enumerate(names)}
        rows = [
            LabelRow(sha, "object", label, float(result.best_score(label) or 0.0), n)
            for label, n in result.counts.items()
        ]
        rows += [LabelRow(sha, "class", c.label, float(c.score), 1, ids.get(c.label)) for c in result.classes]
        return rows + colour_rows(sha, result, image)


def colour_rows(sha: str, result: SightResult, image: Image) -> list[LabelRow]:
    """"<colour> <object>" per measured box colour (both of "blue and white"), best score of the
    boxes of that colour; "black and white" for a picture in grey tones only."""
    from assistant.tools.video.palette import GREY_BELOW, tone

    best: dict[str, tuple[float, int]] = {}
    for d in result.objects:
        for colour in d.colour.split(" and ") if d.colour else ():
            score, n = best.get(f"{colour} {d.label}", (0.0, 0))
            best[f"{colour} {d.label}"] = (max(score, d.score), n + 1)
    rows = [LabelRow(sha, "colour", name, float(score), n) for name, (score, n) in best.items()]
    colourfulness, brightness = tone(image)
    if colourfulness < GREY_BELOW and brightness > 0.05:
        rows.append(LabelRow(sha, "colour", BLACK_AND_WHITE, 1.0, 1))
    return rows


BLACK_AND_WHITE = "black and white"
COLOUR_WORDS = frozenset("black white grey gray red orange brown beige yellow green blue purple pink".split())
_MONOCHROME = re.compile(r"\b(black[\s-]*(and|&|n)[\s-]*white|b\s*&\s*w|b/w|monochrome|gr[ae]yscale|sepia)\b", re.I)


def colour_concepts(query: str, concepts: list[str], known: set[str]) -> tuple[list[str], set[str]]:
    """The stored colour labels a query asks for, and the query words they used: each colour word it
    says with each object it names ("the black car by the hill" -> "black car"), and "black and
    white" for an old b&w or sepia photo."""
    found, used = [], set()
    monochrome = _MONOCHROME.search(query)
    if monochrome and BLACK_AND_WHITE in known:
        found.append(BLACK_AND_WHITE)
        used |= set(words(monochrome.group(0)))
    rest = _MONOCHROME.sub(" ", query)
    for word in dict.fromkeys(w for w in words(rest) if w in COLOUR_WORDS):
        colour = "grey" if word == "gray" else word
        pairs = [f"{colour} {o}" for o in concepts if f"{colour} {o}" in known]
        found += pairs
        used |= {word} if pairs else set()
    return found, used


@dataclass
class LabelMatches:
    """Which indexed images carry the labels a query or ``--labels`` named."""

    concepts: list[str]
    """The label words found (singular, everyday name: "dog" for "puppies")."""
    leftover: list[str] = field(default_factory=list)
    """Content words of the query that are no label."""
    ranked: list[tuple[str, float]] = field(default_factory=list)
    """(sha256, score) best first: images matching more concepts, then higher scores."""
    why: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """sha256 -> the stored labels that matched, for the hit's ``labels`` field."""
    missing: list[str] = field(default_factory=list)
    """Requested labels no indexed image carries (for ``--labels``)."""
    coloured: set[str] = field(default_factory=set)
    """Images whose measured colours match what the query said ("black car", "black and white"):
    a colour and an object together are specific, so these lead the results."""

    @property
    def whole_query(self) -> bool:
        """The query names only labels ("photos with a dog"): label hits lead the results."""
        return bool(self.concepts) and not self.leftover


def match_labels(
    catalog: Catalog, query: str = "", required: Sequence[str] = (), explain: int = 200
) -> LabelMatches:
    """Images whose stored labels answer the query's label words, or all of ``required``; the
    first ``explain`` of them also say which labels matched."""
    by_concept: dict[str, set[tuple[str, str]]] = {}
    stored_names = catalog.label_names()
    for name, source, class_id in stored_names:
        for concept in concepts_of(name, source, class_id):
            by_concept.setdefault(concept, set()).add((name, source))
    colour_labels = {name for name, source, _ in stored_names if source == "colour"}
    # Colour labels are matched after the object words ("black car" must not swallow "car").
    known = (set(by_concept) - colour_labels) | vocabulary()
    colours: list[str] = []
    objects: list[str] = []
    if required:
        wanted = [c for r in required for c in (query_concepts(r, known)[0] or [normal(r)]) if c]
        if not wanted:
            raise ToolInputError("--labels names no label; give words such as --labels dog,person")
        found = LabelMatches(list(dict.fromkeys(wanted)))
    else:
        found = LabelMatches(*query_concepts(query, known))
        objects = list(found.concepts)
        colours, used = colour_concepts(query, objects, set(by_concept))
        found.concepts = list(dict.fromkeys(objects + colours))
        found.leftover = [w for w in found.leftover if w not in used]
    per_image: dict[str, dict[str, float]] = {}
    for concept in found.concepts:
        for sha, score in catalog.label_scores(sorted(by_concept.get(concept, ())), CLASS_MIN):
            per_image.setdefault(sha, {})[concept] = score
    if required:
        found.missing = [c for c in found.concepts if not any(c in m for m in per_image.values())]
        per_image = {sha: m for sha, m in per_image.items() if len(m) == len(found.concepts)}
    # A colour leads only with every object the query named ("black and white photo of our cat":
    # not a grey-toned photo of a dog).
    found.coloured = {sha for sha, m in per_image.items()
                      if any(c in m for c in colours) and all(o in m for o in objects)} if not required else set()
    order = sorted(per_image, key=lambda s: (-len(per_image[s]), -sum(per_image[s].values())))
    found.ranked = [(sha, round(sum(per_image[sha].values()), 4)) for sha in order]
    stored = catalog.labels_of(order[:explain])
    for sha in order[:explain]:
        found.why[sha] = [
            _describe(r, concept)
            for concept in per_image[sha]
            for r in _shown([r for r in stored.get(sha, []) if (r.label, r.source) in by_concept[concept]])
        ]
    return found


def _shown(rows: list[LabelRow]) -> list[LabelRow]:
    """The labels worth naming as the reason (rows come best first)."""
    return [r for r in rows if r.source == "object" or r.score >= SHOWN_MIN] or rows[:1]


def _describe(row: LabelRow, concept: str) -> dict[str, Any]:
    return {
        "label": row.label,
        "score": round(row.score, 4),
        "source": {"object": "detector", "colour": "colour"}.get(row.source, "classifier"),
        "count": row.count,
        "matched": concept,
    }


def labels_text(labels: list[dict[str, Any]]) -> str:
    """One line for a hit's matched labels: 'cat (Egyptian cat 0.71, tiger cat 0.15)'."""
    by_concept: dict[str, list[str]] = {}
    for lab in labels:
        count = f" x{lab['count']}" if lab["count"] > 1 else ""
        by_concept.setdefault(lab["matched"], []).append(f"{lab['label']}{count} {lab['score']:.2f}")
    return "; ".join(f"{c} ({', '.join(parts)})" for c, parts in by_concept.items())


__all__ = ["CLASS_MIN", "IndexSight", "LabelMatches", "labels_text", "match_labels"]
