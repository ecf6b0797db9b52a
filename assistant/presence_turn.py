"""Presence questions about one attached photo, answered from the vision tools' findings.

"Is there a dog?", "how many people?", "what animal is this?" asked of a photo that the `see`
tool read before the model: the answer is the detector's count and confidence, the
classifier's probabilities, "not detected" or "can't tell" (tools/sight/presence.py), worded
from prompts/presence.yaml. A model that cannot see has nothing to add but the risk of a
guess, so it is not called (like live data and find_when's measured times). A model that can
see gets the image and the findings as evidence instead; this module is not used for it.

When the first look found nothing, the `see` tool looks again at four quarters of the photo
(``look_for``) before the answer says "not detected"; that call is in the turn's ledger.
"""

from __future__ import annotations

from collections.abc import Generator
from functools import cache
from pathlib import Path
from typing import Any

from assistant import prompts
from assistant.attachments import Attachment
from assistant.events import Event
from assistant.evidence import EvidenceLedger
from assistant.settings import SightSettings
from assistant.tools.errors import EngineUnavailable
from assistant.tools.sight.presence import Finding, Target, Vocabulary, judge, wants_closer_look
from assistant.tools.sight.presence_question import PresenceQuestion
from assistant.tools.sight.see import SightResult
from assistant.turn_input import Readings, has_text, run_before_model

PRESENCE_NOTE = "presence: answered from the vision tools' findings; no language model was asked"


@cache
def vocabulary(models_dir: Path | None, threads: int) -> Vocabulary:
    """The label sets of the process's sight models (read from their label files, no weights)."""
    from assistant.tools.sight.models import shared_models

    models = shared_models(models_dir, threads)
    return Vocabulary(models.detector.labels, models.classifier.labels)


def photo_reading(attachments: list[Attachment], readings: Readings) -> tuple[Attachment, SightResult] | None:
    """The one attachment, when it is a photo the `see` tool read; None otherwise."""
    if len(attachments) != 1:
        return None
    att = attachments[0]
    seen = [rec.result for rec, _ in readings.get(att.path, []) if rec.name == "see" and rec.ok]
    return (att, seen[0]) if len(seen) == 1 and isinstance(seen[0], SightResult) else None


def answer_presence(question: PresenceQuestion, attachments: list[Attachment], readings: Readings,
                    tools: list[Any], ledger: EvidenceLedger,
                    sight: SightSettings) -> Generator[Event, None, str]:
    """The answer from the findings (after a closer look when needed), or "" when the model
    should answer: no photo reading, or a phrase these tools cannot check ("a red car")."""
    found = photo_reading(attachments, readings)
    vocab = vocabulary_or_none(sight.models_dir, sight.threads) if found else None
    if found is None or vocab is None:
        return ""
    att, result = found
    target = vocab.target(question)
    if target is None:
        return ""
    if not target.known and has_text(readings.get(att.path, [])):
        # "Which line is it on?" about a traceback, "which town is this a map of?": neither label
        # set names it, but the image's text may answer; the model reads that, not "can't tell".
        return ""
    closer = None
    see = next((t for t in tools if t.name == "see"), None)
    if see is not None and wants_closer_look(question, target, result):
        record, _ = yield from run_before_model(see, {"path": str(att.path), "look_for": target.concept}, ledger,
                                                "plan")
        closer = record.result if record.ok else None
    finding = judge(question, target, result, closer)
    return wording(question, finding, result, att.name)


_IRREGULAR = {"person": "people", "mouse": "mice", "knife": "knives", "sheep": "sheep", "bus": "buses",
              "skis": "skis", "scissors": "scissors", "wine glass": "wine glasses", "bench": "benches"}


def plural(noun: str) -> str:
    if noun in _IRREGULAR:
        return _IRREGULAR[noun]
    if noun.endswith(("s", "sh", "ch", "x", "z")):
        return noun if noun.endswith("s") and not noun.endswith("ss") else noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def article(noun: str) -> str:
    lower = noun.lower()
    vowel = lower[:1] in "aeiou" and not lower.startswith(("uni", "use", "eu", "one")) or lower.startswith("hour")
    return f"an {noun}" if vowel else f"a {noun}"


def target_names(question: PresenceQuestion, target: Target, name: str) -> dict[str, Any]:
    """The names a presence answer is worded with (prompts/presence.yaml, prompts/video_sight.yaml):
    the detector's own spelling when it has one ("sports ball"; the concept word loses the plural
    inside a name, "sport ball"), its plural and article, and which label set knows it."""
    noun = next(iter(target.coco)) if len(target.coco) == 1 else target.concept or question.phrase
    return {"name": name, "noun": noun, "plural": plural(noun), "a_noun": article(noun),
            "detector_knows": bool(target.coco), "classifier_knows": bool(target.imagenet)}


def scored_classes(names: tuple[str, ...], scores: tuple[float, ...]) -> list[str]:
    """Classifier classes as "Egyptian cat 0.71"."""
    return [f"{n} {s:.2f}" for n, s in zip(names, scores, strict=False)]


def wording(question: PresenceQuestion, finding: Finding, result: SightResult, name: str) -> str:
    """The answer's sentences (prompts/presence.yaml), with the first-frame note when it applies."""
    names = target_names(question, finding.target, name)
    noun = names["noun"]
    scores = [f"{s:.2f}" for s in finding.scores]
    classes = scored_classes(finding.names, finding.scores)
    if finding.verdict == "cant_tell":
        text = prompts.render("presence", "cant_tell", **names)
    elif finding.verdict == "no":
        text = prompts.render("presence", "not_detected", looked_closer=finding.looked_closer, **names)
    elif finding.verdict == "kinds":
        best = finding.names[0] if finding.names else noun
        text = prompts.render("presence", "kinds", best=article(best), classes=classes, found=finding.detector_found,
                              **names)
    elif finding.verdict == "count":
        text = prompts.render("presence", "count", count=finding.count, scores=scores, **names)
    elif question.kind == "how_many":  # found, but not by the detector's own boxes: no count
        text = prompts.render("presence", "at_least", how=finding.how, classes=classes, scores=scores,
                              part=finding.part, **names)
    elif finding.how == "detector":
        text = prompts.render("presence", "yes_detector", count=finding.count, scores=scores, **names)
    elif finding.how == "classifier":
        text = prompts.render("presence", "yes_classifier", classes=classes,
                              total=f"{sum(finding.scores):.2f}", **names)
    else:
        text = prompts.render("presence", "yes_closer", how=finding.how, scores=scores, classes=classes,
                              part=finding.part, **names)
    if result.frames > 1:
        text += " " + prompts.render("presence", "first_frame", frames=result.frames)
    return " ".join(text.split())


def vocabulary_or_none(models_dir: Path | None, threads: int) -> Vocabulary | None:
    try:
        return vocabulary(models_dir, threads)
    except EngineUnavailable:  # no label files: the model answers from whatever was read
        return None


__all__ = ["PRESENCE_NOTE", "answer_presence", "article", "photo_reading", "plural", "vocabulary_or_none", "wording"]
