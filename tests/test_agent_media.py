"""Attachments read before the model is asked, memory recall and remember: real OCR, real video
decoding, real chromadb; only the chat model is scripted."""

from __future__ import annotations

from pathlib import Path

import pytest
from _scripted_app import app_with, user_text
from langchain_core.messages import HumanMessage

from assistant.events import AnswerDone, EvidenceAdded, TextDelta, ToolFinished
from assistant.models.scripted import ScriptedChatModel
from assistant.session import Turn

DATA = Path(__file__).parent / "data"


@pytest.mark.slow
def test_screenshot_is_read_and_analysed_before_the_model_answers():
    chat = ScriptedChatModel(["ZeroDivisionError: division by zero [E1] — rows is empty; check len(rows) first."])
    app = app_with(chat)
    events = list(app.session().send(Turn("What is this error and how do I fix it?", [DATA / "traceback.png"])))
    ocr = [e for e in events if isinstance(e, ToolFinished)]
    assert [e.name for e in ocr] == ["ocr"] and ocr[0].ok and ocr[0].evidence_id == "E1"
    sent = user_text(chat.received[0][-1])
    # The exact error text, its kind and its location reached the model inside an evidence block.
    assert '<evidence id="E1" source="ocr" trust="untrusted">' in sent
    assert "Python traceback" in sent and "Error: ZeroDivisionError: division by zero" in sent
    assert "/home/sam/app/report.py:23" in sent and "average = total / len(rows)" in sent
    done = events[-1]
    assert isinstance(done, AnswerDone) and done.tool_calls[0]["result"]["analysis"]["error_type"] == "ZeroDivisionError"
    # Asking again costs nothing: the OCR result comes from the cache.
    chat.script.replies.append("Same error.")
    again = list(app.session().send(Turn("And now?", [DATA / "traceback.png"])))
    assert [e for e in again if isinstance(e, ToolFinished)][0].seconds < 0.5


@pytest.mark.slow
def test_an_error_answer_leads_with_the_innermost_frame_and_is_corrected_when_it_blames_an_outer_one():
    # The TUI once answered "main.py line 58" for this screenshot: the outer frame, not the cause.
    chat = ScriptedChatModel(["The error happens in main.py at line 58, where build_report is called. "
                              "Check that rows is not empty before dividing."])
    events = list(app_with(chat).session().send(Turn("What is this error and how do I fix it?",
                                                     [DATA / "traceback.png"])))
    done = events[-1]
    assert isinstance(done, AnswerDone)
    lead, *_ = done.text.split("\n\n")
    assert "ZeroDivisionError: division by zero" in lead and "report.py, line 23" in lead
    assert "Check that rows is not empty" in done.text
    assert "raised at `report.py, line 23`" in done.text.split("\n\n")[-1] and "`main.py:58`" in done.text
    streamed = "".join(e.text for e in events if isinstance(e, TextDelta))
    assert streamed.startswith(lead) and streamed == done.text


@pytest.mark.slow
def test_an_error_answer_that_names_the_right_frame_gets_no_correction():
    chat = ScriptedChatModel(["It fails in report.py line 23 because rows is empty; guard len(rows) == 0."])
    done = list(app_with(chat).session().send(Turn("What is this error?", [DATA / "traceback.png"])))[-1]
    assert "innermost frame of the traceback" not in done.text and done.text.count("\n\n") == 1


@pytest.mark.slow
def test_a_when_question_about_a_video_is_answered_from_measured_timestamps_without_the_model():
    chat = ScriptedChatModel(["ERROR first appears at 10 seconds."])  # must not be used
    events = list(app_with(chat).session().send(
        Turn("At what time does the text ERROR first appear?", [DATA / "error_at_8s.mp4"])))
    finished = [e for e in events if isinstance(e, ToolFinished)]
    assert [e.name for e in finished] == ["find_when"] and finished[0].ok and finished[0].origin == "attachment"
    done = events[-1]
    assert isinstance(done, AnswerDone) and chat.received == []
    result = done.tool_calls[0]["result"]
    # ERROR is cut in at 8.0 s: the interval holds it and is at most half a second wide.
    assert result["lo_s"] < 8.0 <= result["hi_s"] and result["hi_s"] - result["lo_s"] <= 0.5
    assert "first appears on screen between" in done.text and "ERROR" in done.text
    # A text no frame holds: the search's own words answer, never the model's "it never appears".
    missing = list(app_with(chat).session().send(
        Turn("When does the word 'banana' first appear on screen?", [DATA / "error_at_8s.mp4"])))[-1]
    assert isinstance(missing, AnswerDone) and chat.received == []
    assert missing.text.startswith("'banana' was not found on screen in") and "not proof" in missing.text


def test_a_when_clause_of_a_longer_question_leads_with_the_measured_time_and_the_model_answers_the_rest():
    chat = ScriptedChatModel(["The clip is a plain test card that shows the word ERROR."])
    events = list(app_with(chat).session().send(
        Turn("What is this clip for? And at what time does the text ERROR first appear?", [DATA / "error_at_8s.mp4"])))
    finished = [e for e in events if isinstance(e, ToolFinished)]
    # The time is measured, then the frames are read as well: the model answers the other clause.
    assert [e.name for e in finished] == ["find_when", "video_frames"] and all(e.ok for e in finished)
    done = events[-1]
    assert isinstance(done, AnswerDone) and len(chat.received) == 1
    assert done.text.index("first appears on screen between") < done.text.index("plain test card")
    assert "- at " in user_text(chat.received[0][-1])  # the frames reached the model


@pytest.mark.slow
def test_video_question_gets_frame_text_with_timestamps():
    chat = ScriptedChatModel(["The video shows the word ERROR from 8 seconds on [E1]."])
    app = app_with(chat)
    events = list(app.session().send(Turn("What text is shown in this video?", [DATA / "error_at_8s.mp4"])))
    finished = [e for e in events if isinstance(e, ToolFinished)]
    assert [e.name for e in finished] == ["video_frames"] and finished[0].ok
    sent = user_text(chat.received[0][-1])
    lines = [ln for ln in sent.splitlines() if ln.startswith("- at ")]
    first_error = next(ln for ln in lines if "ERROR" in ln)
    # The scene-change frame puts the first ERROR frame at the cut (8 s), within one frame (0.1 s).
    seconds = float(first_error.split()[2])
    assert 7.9 <= seconds <= 8.1 and "picture changes here" in first_error
    assert all("ERROR" not in ln for ln in lines if float(ln.split()[2]) < 7.9)


def test_facts_are_remembered_and_recalled_in_a_later_session():
    chat = ScriptedChatModel(["Nice to meet you, Sam.", "You use Python 3.12 [E1]."])
    app = app_with(chat)
    done = list(app.session().send(Turn("Call me Sam. My project uses Python 3.12.")))[-1]
    assert isinstance(done, AnswerDone)
    assert any("memory added" in n and "Python 3.12" in n for n in done.notes)
    events = list(app.session().send(Turn("Which Python version does my project use?")))
    recalled = [e for e in events if isinstance(e, EvidenceAdded) and e.source == "memory"]
    assert recalled and "Python 3.12" in recalled[0].text
    sent = user_text(chat.received[1][-1])
    assert f'<evidence id="{recalled[0].id}" source="memory"' in sent and "Python 3.12" in sent


def test_a_first_person_question_recalls_only_the_note_close_to_it():
    chat = ScriptedChatModel(["Thursday night [E1].", "Use s[::-1]."])
    app = app_with(chat)
    for note in ("The recycling bins go out on Thursday night.", "My project uses Python 3.12."):
        app.engines.memory.add(note)
    events = list(app.session().send(Turn("when do I need to put the recycling out?")))
    [recalled] = [e for e in events if isinstance(e, EvidenceAdded) and e.source == "memory"]
    assert "Thursday" in recalled.text and "Python" not in recalled.text
    # A how-to question in the first person: the Python note is near, not close; nothing is recalled.
    events = list(app.session().send(Turn("How do I reverse a string in Python?")))
    assert not [e for e in events if isinstance(e, EvidenceAdded)]
    assert "evidence" not in user_text(chat.received[1][-1])


def test_secrets_are_not_remembered():
    chat = ScriptedChatModel(["Noted."])
    app = app_with(chat)
    done = list(app.session().send(Turn("Remember that my API key is sk-abcdefghijklmnopqrstuvwx")))[-1]
    assert not any("memory added" in n for n in done.notes)
    if (app.settings.home / "memory").exists():
        assert all("sk-" not in m.text for m in app.engines.memory.list())


@pytest.mark.slow
def test_follow_up_question_keeps_the_screenshot_text_without_the_pixels():
    chat = ScriptedChatModel(["A ZeroDivisionError.", "Check that rows is not empty."])
    app = app_with(chat)
    session = app.session()
    list(session.send(Turn("What is this error?", [DATA / "traceback.png"])))
    list(session.send(Turn("Where should I put the check?")))
    history_user = [m for m in chat.received[1] if isinstance(m, HumanMessage)][0]
    assert "Earlier reading by ocr" in history_user.content
    assert "average = total / len(rows)" in history_user.content


@pytest.mark.slow
def test_long_video_is_read_coarse_to_fine(tmp_path):
    """A 200 s clip where ERROR appears at 150 s: windows are skimmed, the matching ones sampled
    finely, and the first ERROR frame lands within one fine step of 150 s."""
    import sys

    sys.path.insert(0, str(DATA))
    from make_clips import make_clip

    from assistant.tools.ocr.reader import OcrTool
    from assistant.tools.video.reading import read_video

    clip = make_clip(tmp_path / "long.mp4", seconds=200, fps=2, gop=10, scenes=(((90, 90, 90), 0.0),),
                     text="ERROR", text_from=150.0)
    reading = read_video(clip, OcrTool(cache_dir=tmp_path / "ocr"), None, n=8,
                         query="When does the word ERROR first appear?")
    assert any("long video" in n for n in reading.notes)
    with_error = [f.timestamp for f in reading.frames if "ERROR" in f.text]
    without = [f.timestamp for f in reading.frames if "ERROR" not in f.text]
    assert with_error and 150.0 <= min(with_error) <= 156.0
    assert all(t < 150.0 for t in without)
    assert len(reading.frames) < 50  # skimmed, not decoded frame by frame


@pytest.mark.slow
def test_an_image_with_little_text_is_also_looked_at_by_the_vision_tools_and_a_screenshot_is_not(tmp_path):
    from PIL import Image, ImageDraw

    photo = tmp_path / "IMG_0001.png"  # the name says nothing: the decision comes from the pixels
    picture = Image.new("RGB", (320, 240), (40, 120, 40))
    ImageDraw.Draw(picture).ellipse((100, 60, 220, 180), fill=(200, 30, 30))
    picture.save(photo)
    chat = ScriptedChatModel(["A red circle on green, as far as the tools can tell [E2].",
                              "ZeroDivisionError in report.py line 23."])
    app = app_with(chat)
    events = list(app.session().send(Turn("What is in this picture?", [photo])))
    finished = [e for e in events if isinstance(e, ToolFinished)]
    assert [e.name for e in finished] == ["ocr", "see"] and all(e.origin == "attachment" for e in finished)
    assert finished[1].ok, finished[1].summary
    sent = user_text(chat.received[0][-1])
    assert "80-class detector" in sent and "1000-class classifier" in sent and "not detectable" in sent
    shot = list(app.session().send(Turn("What is this error?", [DATA / "traceback.png"])))
    assert [e.name for e in shot if isinstance(e, ToolFinished)] == ["ocr"]


@pytest.mark.slow
def test_a_page_asked_what_its_text_names_is_read_by_ocr_alone_and_asked_for_an_object_is_also_looked_at():
    chat = ScriptedChatModel(["The text names a dog [E1].", "The tools found no dog [E2]."])
    app = app_with(chat)
    # traceback.png is a page of text: "which ... mentioned in this text" asks what it says.
    text_turn = list(app.session().send(Turn("Which dog is mentioned in this text?", [DATA / "traceback.png"])))
    assert [e.name for e in text_turn if isinstance(e, ToolFinished)] == ["ocr"]
    object_turn = list(app.session().send(Turn("Is there a dog in this picture?", [DATA / "traceback.png"])))
    assert [e.name for e in object_turn if isinstance(e, ToolFinished)][:2] == ["ocr", "see"]
    # The user's own laptop is what the screenshot's text is about, not a thing in the picture.
    chat.script.replies.append("The IP is not shown [E1].")
    owned = list(app.session().send(Turn("What's my laptop's IP address?", [DATA / "traceback.png"])))
    assert [e.name for e in owned if isinstance(e, ToolFinished)] == ["ocr"]
    assert "laptop" not in user_text(chat.received[-1][-1]).split("</evidence>")[-1]


@pytest.mark.slow
def test_a_what_kind_question_no_label_set_knows_about_a_page_goes_to_the_model_with_its_text():
    chat = ScriptedChatModel(["ZeroDivisionError at report.py line 23 [E1]."])
    app = app_with(chat)
    done = list(app.session().send(Turn("What's this error and which line is it on?", [DATA / "traceback.png"])))[-1]
    # Before: the presence step answered "Can't tell: a line is not among the 80 object classes ...".
    assert isinstance(done, AnswerDone) and len(chat.received) == 1 and "Can't tell" not in done.text
    assert "report.py line 23" in done.text
    # A terminal with a few lines counts as a photo for the vision tools, and its text still answers.
    from assistant.evals.images import render_lines

    short = Path(app.settings.home) / "short.png"
    render_lines(["$ go run .", "cmd/agent/main.go:31:15: undefined: parseInterval"], "terminal").save(short)
    chat.script.replies.append("undefined: parseInterval at main.go line 31 [E1].")
    go = list(app.session().send(Turn("What's this build error and which line is it on?", [short])))[-1]
    assert len(chat.received) == 2 and "Can't tell" not in go.text and "main.go" in go.text


@pytest.mark.slow
def test_a_photo_asked_about_its_words_is_read_by_ocr_alone_once_ocr_read_some(tmp_path):
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    rng = np.random.default_rng(7)  # a street-like photo: varied pixels, one sign with a few words
    street = Image.fromarray(rng.integers(0, 255, (360, 480, 3), dtype=np.uint8)).resize((480, 360))
    draw = ImageDraw.Draw(street)
    draw.rectangle((90, 100, 390, 230), fill="white")
    font = ImageFont.load_default(size=30)
    draw.text((110, 115), "SPORTS CENTRE", fill="black", font=font)
    draw.text((110, 170), "CAR PARKS", fill="black", font=font)
    photo = tmp_path / "IMG_2041.jpg"
    street.save(photo)
    chat = ScriptedChatModel(["It points to the Sports Centre and the car parks [E1].", "A sign [E2]."])
    app = app_with(chat)
    words = list(app.session().send(Turn("Which places does this sign point to?", [photo])))
    assert [e.name for e in words if isinstance(e, ToolFinished)] == ["ocr"]
    assert "SPORTS CENTRE" in user_text(chat.received[0][-1])
    scene = list(app.session().send(Turn("What is in this picture?", [photo])))
    assert [e.name for e in scene if isinstance(e, ToolFinished)] == ["ocr", "see"]
