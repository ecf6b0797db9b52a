"""Search the image index: text -> images, image -> images, and zero-shot labels.

    search = ImageSearch(index)
    search.search("build failed", k=5)        # CLIP text vector + OCR-text vector + keyword, fused
    search.search("photos with a dog")        # + the `see` labels stored at index time
    search.search("", labels=["dog"])         # only images labelled dog (and whatever else is asked)
    search.similar("shot.png", k=5)           # CLIP image vector (or the query's OCR text, said so)
    search.labels("cat.jpg", ["cat", "dog"])  # CLIP only: a probability per label

Up to four signals rank the indexed images on their own, and reciprocal rank fusion
(score = sum of 1 / (60 + rank), Cormack et al. 2009) merges them: it needs no calibration
between CLIP cosines, MiniLM cosines and keyword counts, and an image found by two signals beats
one found by either alone. Each hit names the signals that found it and the OCR line that
matched best.

- ``clip``: the query through CLIP's text tower against the image vectors (only with CLIP set;
  otherwise nothing pretends to know how an image looks).
- ``ocr``: the query through MiniLM against the OCR-text vectors (meaning, other words).
- ``keyword``: query words found in the OCR text, case-insensitive (exact words, codes, numbers).
- ``labels``: the query's label words (plurals and synonyms handled: "puppies" is dog) against the
  detector and classifier labels stored at index time (tools/images/labels.py). When the query
  names nothing but labels ("pictures of cats"), images with those labels come first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.tools.errors import EngineUnavailable, ToolInputError
from assistant.tools.images.index import ImageIndex
from assistant.tools.images.labels import LabelMatches, labels_text, match_labels
from assistant.tools.media import load_image, resize_for

RRF_K = 60
# Which family of evidence each signal is, for a hit's ``matched`` field.
FAMILIES = {"ocr": "text", "keyword": "text", "ocr-of-query": "text", "labels": "labels", "clip": "clip",
            "clip-image": "clip"}
# MiniLM cosines on OCR text: a screenshot and a query about it score 0.3-0.7 (the paraphrase
# "the server would not accept the connection" vs "connection refused" text measured ~0.4);
# unrelated screenshots 0.0-0.15. Below this an OCR-text match is noise, not a signal.
OCR_MIN_SIMILARITY = 0.2
CANDIDATES = 50
MAX_SNIPPET = 160
_STOP = frozenset(
    "a an and are as at be but by for from has have how i in is it its me my no not of on or"
    " our show so that the their then there these this to was were what when where which who why"
    " will with would you your find image images photo photos picture pictures screenshot"
    " screenshots".split()
)


@dataclass
class ImageHit:
    path: str
    sha256: str
    score: float
    """Reciprocal-rank-fusion score (higher is better; only comparable within one search)."""
    signals: list[str]
    """Which signals found it: clip, ocr, keyword (or clip-image / ocr-of-query for --image)."""
    matched_text: str
    """The OCR line that matched best ('' when only the picture matched)."""
    similarity: dict[str, float] = field(default_factory=dict)
    """Per-signal raw score: cosine for clip/ocr, fraction of query words for keyword."""
    other_paths: list[str] = field(default_factory=list)
    """Further files with the same content."""
    labels: list[dict[str, Any]] = field(default_factory=list)
    """The stored labels that matched (label, score, source detector/classifier, count, matched)."""
    photo: bool | None = None
    """Whether the image looks like a photo rather than a note, screenshot or drawing (flat colours);
    None until looked at (tools/images/photo_hits.py)."""

    @property
    def matched(self) -> list[str]:
        """Which kinds of evidence found it: text (OCR), labels, clip."""
        found = {FAMILIES.get(s, s) for s in self.signals}
        return [f for f in ("text", "labels", "clip") if f in found]

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "score": round(self.score, 6),
            "signals": self.signals,
            "matched_text": self.matched_text,
            "similarity": {k: round(v, 4) for k, v in self.similarity.items()},
            "other_paths": self.other_paths,
            "matched": self.matched,
            "labels": self.labels,
            "photo": self.photo,
        }


@dataclass
class SearchResult:
    query: str
    mode: str
    """"clip+ocr" or "ocr-text" (no CLIP configured)."""
    hits: list[ImageHit]
    note: str = ""
    """How the search was done when that is not obvious (e.g. an image query without CLIP)."""
    label_filter: list[str] = field(default_factory=list)
    """``--labels``: every hit carries all of these."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "mode": self.mode,
            "note": self.note,
            "label_filter": self.label_filter,
            "hits": [h.to_dict() for h in self.hits],
        }

    def summary(self) -> str:
        from assistant.prompts import render

        return render("image_search", "summary", n=len(self.hits), query=self.query, mode=self.mode,
                      labels=self.label_filter)

    def evidence_text(self) -> str:
        from assistant.prompts import render

        return render(
            "image_search",
            "evidence",
            query=self.query,
            mode=self.mode,
            note=self.note,
            labels=self.label_filter,
            hits=[h.to_dict() | {"score": round(h.score, 4), "labels_text": labels_text(h.labels)} for h in self.hits],
        )


@dataclass
class LabelResult:
    path: str
    labels: list[tuple[str, float]]
    """(label, probability), most likely first; probabilities sum to 1."""
    model: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "model": self.model,
            "labels": [{"label": lab, "probability": round(p, 6)} for lab, p in self.labels],
        }

    def summary(self) -> str:
        top, p = self.labels[0]
        return f"zero-shot labels for {self.path}: {top} ({p:.0%})"

    def evidence_text(self) -> str:
        from assistant.prompts import render

        return render(
            "image_search",
            "labels_evidence",
            path=self.path,
            model=self.model,
            labels=[{"label": lab, "p": round(p, 3)} for lab, p in self.labels],
        )


def query_terms(query: str) -> list[str]:
    """The words worth looking for in OCR text (lowercase, no stop words, deduplicated)."""
    words = re.findall(r"[\w][\w.\-]*[\w]|\w", query.lower())
    return list(dict.fromkeys(w for w in words if (len(w) >= 3 or w.isdigit()) and w not in _STOP))


def best_line(text: str, terms: list[str]) -> str:
    """The OCR line holding most query words (the first non-empty line if none does)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return ""
    scored = max(lines, key=lambda ln: (sum(t in ln.lower() for t in terms), -lines.index(ln)))
    return scored[:MAX_SNIPPET]


class ImageSearch:
    """Queries over an :class:`ImageIndex` (whose CLIP model, if any, embeds the queries)."""

    def __init__(self, index: ImageIndex) -> None:
        self.index = index

    # -- text -> images --------------------------------------------------------------------

    def search(self, query: str, k: int = 10, labels: Sequence[str] = ()) -> SearchResult:
        """Images for ``query``; with ``labels``, only images carrying every one of them."""
        query = query.strip()
        labels = [lab.strip() for lab in labels if lab.strip()]
        if not query and not labels:
            raise ToolInputError("empty search query; say what the image shows or what text it contains")
        if k <= 0:
            raise ToolInputError(f"k must be a positive number of results, not {k}")
        asked = match_labels(self.index.catalog, query) if query else None
        wanted = match_labels(self.index.catalog, required=labels) if labels else None
        by_labels = asked if asked and asked.concepts else wanted
        n = max(CANDIDATES, 4 * k)
        ranked: dict[str, list[tuple[str, float]]] = {"labels": by_labels.ranked[:n]} if by_labels else {}
        note = _labels_note(self.index, by_labels, wanted)
        if not query:
            hits = self._fuse(ranked, {}, [], k, by_labels)
            return SearchResult(query, self.index.mode, hits, note=note, label_filter=labels)
        allowed = {sha for sha, _ in wanted.ranked} if wanted else None
        vectors = self.index.vectors
        terms = query_terms(query)
        texts: dict[str, str] = {}

        qvec = self.index.embedder.embed([query])[0]
        ocr_hits = [
            (sha, sim, doc) for sha, sim, doc in vectors.query_ocr(qvec, n) if sim >= OCR_MIN_SIMILARITY
        ]
        ranked["ocr"] = [(sha, sim) for sha, sim, _ in ocr_hits]
        texts.update({sha: doc for sha, _, doc in ocr_hits})

        keyword = []
        for sha, doc in vectors.keyword(terms, limit=10 * n):
            low = doc.lower()
            found = sum(t in low for t in terms)
            phrase = query.lower() in low
            keyword.append((sha, found / len(terms), phrase, len(doc)))
            texts[sha] = doc
        keyword.sort(key=lambda r: (not r[2], -r[1], r[3]))
        ranked["keyword"] = [(sha, frac) for sha, frac, _, _ in keyword[:n]]

        if self.index.clip is not None:
            cvec = self.index.clip.embed_texts([query])[0]
            ranked["clip"] = [(sha, sim) for sha, sim, _ in vectors.query_clip(cvec, n)]
        if allowed is not None:
            ranked = {sig: [r for r in rows if r[0] in allowed] for sig, rows in ranked.items()}
        hits = self._fuse(ranked, texts, terms, k, by_labels)
        return SearchResult(query, self.index.mode, hits, note=note, label_filter=labels)

    # -- image -> images -------------------------------------------------------------------

    def similar(self, image: str | Path, k: int = 10) -> SearchResult:
        """Images like ``image``: by CLIP; without CLIP, by the OCR text of ``image`` (said so)."""
        loaded = load_image(image)
        label = str(image)
        if self.index.clip is not None:
            vec = self.index.clip.embed_images([resize_for(loaded.image, "clip")])[0]
            ranked = {
                "clip-image": [
                    (s, sim) for s, sim, _ in self.index.vectors.query_clip(vec, max(k, CANDIDATES))
                ]
            }
            return SearchResult(label, self.index.mode, self._fuse(ranked, {}, [], k))
        text = self.index.ocr.read(image).text
        if not text.strip():
            return SearchResult(label, self.index.mode, [], note=_note("no_clip_no_text"))
        vec = self.index.embedder.embed([text])[0]
        found = [
            (s, sim, d)
            for s, sim, d in self.index.vectors.query_ocr(vec, max(k, CANDIDATES))
            if sim >= OCR_MIN_SIMILARITY
        ]
        terms = query_terms(text)[:20]
        hits = self._fuse(
            {"ocr-of-query": [(s, sim) for s, sim, _ in found]}, {s: d for s, _, d in found}, terms, k
        )
        return SearchResult(label, self.index.mode, hits, note=_note("no_clip_ocr_fallback"))

    def labels(self, image: str | Path, labels: list[str]) -> LabelResult:
        """Zero-shot classification: softmax over CLIP similarities to "a photo of a {label}"."""
        import numpy as np

        from assistant.prompts import render

        names = list(dict.fromkeys(lab.strip() for lab in labels if lab.strip()))
        if len(names) < 2:
            raise ToolInputError("give at least two labels, comma separated, e.g. --labels 'cat,dog,car'")
        clip = self.index.clip
        if clip is None:
            raise EngineUnavailable(
                "zero-shot labels need a CLIP model; set image_search.clip_model to a local CLIP checkpoint dir"
            )
        loaded = load_image(image)
        img = clip.embed_images([resize_for(loaded.image, "clip")])[0]
        txt = clip.embed_texts([render("image_search", "label_prompt", label=n) for n in names])
        logits = clip.logit_scale * (txt @ img)
        probs = np.exp(logits - logits.max())
        probs /= probs.sum()
        order = np.argsort(-probs)
        return LabelResult(str(image), [(names[i], float(probs[i])) for i in order], clip.model_id)

    # -- fusion ----------------------------------------------------------------------------

    def _fuse(
        self,
        ranked: dict[str, list[tuple[str, float]]],
        texts: dict[str, str],
        terms: list[str],
        k: int,
        by_labels: LabelMatches | None = None,
    ) -> list[ImageHit]:
        scores: dict[str, float] = {}
        signals: dict[str, dict[str, float]] = {}
        for signal, rows in ranked.items():
            for rank, (sha, raw) in enumerate(rows, start=1):
                scores[sha] = scores.get(sha, 0.0) + 1.0 / (RRF_K + rank)
                signals.setdefault(sha, {})[signal] = raw
        paths = self.index.catalog.paths_for(scores)
        # Vectors whose file is gone (a kill between the vector write and the catalog commit)
        # have no path: they are skipped, never shown.
        # A query naming only labels ("photos with a dog", --labels) lists labelled images first;
        # a colour said with an object ("the black car") and measured on a photo leads before that.
        lead = by_labels is not None and (by_labels.whole_query or not terms)
        why = by_labels.why if by_labels else {}
        coloured = by_labels.coloured if by_labels else set()
        order = sorted(
            (sha for sha in scores if sha in paths),
            key=lambda s: (-(s in coloured), -(lead and s in why), -scores[s]),
        )[:k]
        hits = []
        for sha in order:
            text_signals = {"ocr", "keyword", "ocr-of-query"} & signals[sha].keys()
            snippet = best_line(texts.get(sha, ""), terms) if text_signals else ""
            hits.append(
                ImageHit(
                    path=paths[sha][0],
                    sha256=sha,
                    score=scores[sha],
                    signals=sorted(signals[sha]),
                    matched_text=snippet,
                    similarity=signals[sha],
                    other_paths=paths[sha][1:],
                    labels=why.get(sha, []),
                )
            )
        return hits


def _note(key: str, **values: Any) -> str:
    from assistant.prompts import render

    return render("image_search", key, **values)


def _labels_note(index: ImageIndex, used: LabelMatches | None, wanted: LabelMatches | None) -> str:
    """What a label search could not see: labels no image has, images never looked at."""
    if used is None or not used.concepts:
        return ""
    parts = [_note("labels_missing", labels=wanted.missing)] if wanted and wanted.missing else []
    unlabelled = index.catalog.count_unlabelled()
    if unlabelled:
        parts.append(_note("unlabelled", n=unlabelled))
    return " ".join(parts)


__all__ = ["ImageHit", "ImageSearch", "LabelResult", "SearchResult", "best_line", "query_terms"]
