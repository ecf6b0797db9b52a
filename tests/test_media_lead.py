"""The first line of an answer about a photo or a video states what the vision tools found (real YOLOv3-tiny
and MobileNetV2 on real photos; the chat model is scripted), so a text-only model's shorter
retelling ("The photo shows a person.") cannot shrink three people to one."""

from __future__ import annotations

from pathlib import Path

import pytest
from _scripted_app import app_with, user_text

from assistant.events import AnswerDone
from assistant.models.scripted import ScriptedChatModel
from assistant.session import Turn
from assistant.tools.sight.models import default_models_dir
from tests.data.sight_photos import photo

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (default_models_dir() / "yolov3-tiny.weights").is_file(),
                       reason="sight models not installed: bash scripts/install_vision.sh"),
]
TRACEBACK = "tests/data/traceback.png"


def _ask(app, question, *images):
    done = list(app.session().send(Turn(question, list(images))))[-1]
    assert isinstance(done, AnswerDone), done
    return done


def _need(name):
    path = photo(name)
    if path is None:
        pytest.skip(f"{name}: its wheel could not be downloaded")
    return path


def test_a_photo_answer_leads_with_the_detector_counts_then_the_model():
    bus = _need("bus.jpg")
    chat = ScriptedChatModel(["A street with a bus."])
    done = _ask(app_with(chat), "What is in this photo?", bus)
    see = next(c for c in done.tool_calls if c["name"] == "see")["result"]
    people = see["counts"]["person"]
    lead, rest = done.text.split("\n\n", 1)
    assert lead.startswith("**The vision tools found**") and f"{people} people" in lead and "bus" in lead
    assert "80-class object detector" in lead and rest == "A street with a bus."
    assert f"person: {people}" in user_text(chat.received[0][-1])  # the model got the same findings


def test_a_model_sentence_that_shrinks_the_counts_is_dropped_and_the_rest_kept():
    bus = _need("bus.jpg")
    chat = ScriptedChatModel(["The photo shows a person. A blue bus waits at the kerb."])
    done = _ask(app_with(chat), "What is in this photo?", bus)
    people = next(c for c in done.tool_calls if c["name"] == "see")["result"]["counts"]["person"]
    assert people > 1  # else "a person" would be right
    lead, rest = done.text.split("\n\n", 1)
    assert f"{people} people" in lead and rest == "A blue bus waits at the kerb."
    assert any("contradicts the detector" in note and "a person" in note for note in done.notes)


def test_two_photos_are_named_and_a_screenshot_gets_the_error_lead_instead():
    cat, bus = _need("chelsea.png"), _need("bus.jpg")
    chat = ScriptedChatModel(["Two photos.", "Divide by a non-zero count."])
    app = app_with(chat)
    both = _ask(app, "What do these photos show?", cat, bus)
    lines = both.text.split("\n\n", 1)[0].splitlines()
    assert [line.split(":", 1)[0] for line in lines] == ["**chelsea.png", "**bus.jpg"]
    assert "Egyptian cat" in lines[0]  # the classifier's label, when it is not noise
    shot = _ask(app, "What is wrong here?", TRACEBACK)
    assert shot.text.startswith("**ZeroDivisionError") and "vision tools found" not in shot.text


def test_no_lead_when_the_question_presupposes_what_the_tools_did_not_find():
    chat = ScriptedChatModel(["I can't see a dog in what the tools found."])
    done = _ask(app_with(chat), "Describe the dog in this photo.", _need("chelsea.png"))
    assert "vision tools found" not in done.text


def test_a_video_answer_leads_with_each_label_across_the_frames_looked_at():
    vtest = Path("tests/data/external/opencv/vtest.avi")
    if not vtest.is_file():
        pytest.skip("vtest.avi not fetched: bash scripts/fetch_media.sh")
    chat = ScriptedChatModel(["People walk along a street."])
    done = _ask(app_with(chat), "What happens in this video?", vtest)
    sight = next(c for c in done.tool_calls if c["name"] == "video_frames")["result"]["sight"]
    people = [frame["counts"].get("person", 0) for frame in sight["frames"]]
    lead, rest = done.text.split("\n\n", 1)
    assert lead.startswith(f"**The vision tools found**, in {len(people)} sampled frames") and min(people) > 0
    assert f"person in {len(people)} of {len(people)} ({min(people)} to {max(people)} per frame)" in lead  # not one frame's count
    assert rest == "People walk along a street."
