"""A video's camera-footage frames are looked at by the photo models while it is read for a turn.

Real YOLOv3-tiny and MobileNetV2 on real footage (Debian opencv-doc's vtest.avi, people walking in
a street, fetched by scripts/fetch_media.sh) and on a clip made here from two photos out of
registry wheels (an espresso cup, then a bus with four people: tests/data/sight_photos.py); real
OCR and video decoding; only the chat model is scripted.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest
from _scripted_app import app_with, user_text
from PIL import Image, ImageDraw

from assistant.events import AnswerDone, ToolFinished, TurnFailed
from assistant.models.scripted import ScriptedChatModel
from assistant.presence_turn import PRESENCE_NOTE
from assistant.session import Turn
from assistant.tools.sight.models import default_models_dir
from assistant.tools.sight.presence import Target
from assistant.tools.sight.presence_question import PresenceQuestion, first_seen_question
from assistant.tools.sight.see import ClassGuess, Detection, SightResult
from assistant.tools.video.frame_sight import FrameLook, VideoSight, looks_like_footage, spread
from assistant.tools.video.sight_presence import judge_frames
from assistant.turn_plan import plan_turn
from tests.data.sight_photos import photo

DATA = Path(__file__).parent / "data"
VTEST = DATA / "external" / "opencv" / "vtest.avi"
NEVER = "THE MODEL WAS CALLED"
models_installed = pytest.mark.skipif(
    not (default_models_dir() / "yolov3-tiny.weights").is_file(),
    reason="sight models not installed: bash scripts/install_vision.sh",
)


def _encode(path: Path, pictures: list[Image.Image], fps: int = 5) -> Path:
    """An H.264 clip showing each picture for one frame, with PyAV."""
    import av

    width, height = pictures[0].size
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for i, picture in enumerate(pictures):
            frame = av.VideoFrame.from_image(picture)
            frame.pts, frame.time_base = i, Fraction(1, fps)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


@pytest.fixture(scope="module")
def street(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """6 s at 5 fps: an espresso cup for 3 s, then a bus with four people in front of it."""
    paths = [photo("coffee.png"), photo("bus.jpg")]
    if None in paths:
        pytest.skip("the photos' wheels could not be downloaded (pip download)")
    cup, bus = (Image.open(p).convert("RGB").resize((320, 432)) for p in paths)  # type: ignore[arg-type]
    return _encode(tmp_path_factory.mktemp("street") / "street.mp4", [cup] * 15 + [bus] * 15)


def _screen(lines: list[str]) -> Image.Image:
    picture = Image.new("RGB", (640, 360), (250, 250, 250))
    draw = ImageDraw.Draw(picture)
    for i, line in enumerate(lines):
        draw.text((12, 10 + 26 * i), line, fill=(20, 20, 20), font_size=18)
    return picture


@pytest.fixture(scope="module")
def screen_recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A terminal-like screen recording: 12 lines of text, one more line each second."""
    code = [f"{n:>3}  def step_{n}(value): return value * {n} + {n * 7}  # keep" for n in range(1, 15)]
    pictures = [_screen(code[: 10 + second]) for second in range(4) for _ in range(5)]
    return _encode(tmp_path_factory.mktemp("screen") / "terminal.mp4", pictures)


def _video_call(events: list) -> ToolFinished:
    calls = [e for e in events if isinstance(e, ToolFinished) and e.name == "video_frames"]
    assert len(calls) == 1 and calls[0].ok, [e.summary for e in calls]
    return calls[0]


# --- a turn about camera footage --------------------------------------------------------------

@pytest.mark.slow
@models_installed
def test_people_in_street_footage_reach_the_model_with_their_timestamps():
    if not VTEST.is_file():
        pytest.skip("vtest.avi not fetched: bash scripts/fetch_media.sh")
    chat = ScriptedChatModel(["People walk along a street with a car parked [E1]."])
    events = list(app_with(chat).session().send(Turn("What happens in this video?", [VTEST])))
    sight = _video_call(events).call.result.sight
    assert sight is not None and len(sight.looks) == 8  # at most eight frames cost the models' time
    sent = user_text(chat.received[0][-1])
    frame_lines = [ln for ln in sent.splitlines() if ln.startswith("- at ") and "objects: " in ln]
    with_people = [ln for ln in frame_lines if re.search(r"objects: .*\b\d+ person \(0\.\d\d[;)]", ln)]
    assert len(with_people) >= 6, frame_lines  # people are in nearly every frame of this street
    # What was seen comes first, label by label, before the frame lines.
    seen = re.search(r"person in \d of 8 frames \(\d+ to \d+ per frame, first at \d+\.\d s", sent)
    assert seen is not None and seen.start() < sent.index(frame_lines[0])
    assert "80-class object detector" in sent and "1000-class image classifier" in sent
    assert "not detectable" in sent and "not that it is absent" in sent
    assert sent.index("not detectable") < sent.index(frame_lines[0])  # survives a cut of a long reading
    assert isinstance(events[-1], AnswerDone) and events[-1].tool_calls[0]["result"]["sight"]["labels"]["person"]


@pytest.mark.slow
@models_installed
def test_when_a_person_first_appears_is_the_first_frame_with_one_and_the_frame_before(street: Path):
    chat = ScriptedChatModel([NEVER])
    app = app_with(chat)
    done = list(app.session().send(Turn("When does a person first appear?", [street])))[-1]
    assert isinstance(done, AnswerDone) and chat.received == []
    assert PRESENCE_NOTE in done.notes
    # The bus and its people are cut in at 3.0 s; a scene-change frame is read there.
    assert "A person was first seen in the frame at 3.0 s" in done.text, done.text
    before = re.search(r"before it, at (\d+\.\d) s, showed none", done.text)
    assert before is not None and 2.0 <= float(before.group(1)) < 3.0
    assert "80-class object detector" in done.text

    bus = list(app.session().send(Turn("Is there a bus in this video?", [street])))[-1]
    assert bus.text.startswith("Yes: the 80-class object detector found a bus") and chat.received == []
    dog = list(app.session().send(Turn("Is there a dog in this video?", [street])))[-1]
    assert dog.text.startswith("Not detected:") and "not proof that there is none" in dog.text
    people = list(app.session().send(Turn("How many people are in this video?", [street])))[-1]
    assert people.text.startswith("At most 4 people in one frame") and "not a total" in people.text
    assert chat.received == []


@pytest.mark.slow
@models_installed
def test_a_question_that_names_no_object_still_goes_to_the_model(street: Path):
    chat = ScriptedChatModel(["It looks like a quiet street [E1]."])
    done = list(app_with(chat).session().send(Turn("What is the mood of this clip?", [street])))[-1]
    assert isinstance(done, AnswerDone) and len(chat.received) == 1 and done.plan == "media"


# --- screen recordings and broken files ---------------------------------------------------------

@pytest.mark.slow
@models_installed
def test_a_text_screen_recording_gets_no_sight_pass(screen_recording: Path):
    chat = ScriptedChatModel(["It shows Python functions step_1 to step_13 [E1]."])
    events = list(app_with(chat).session().send(Turn("What is shown in this video?", [screen_recording])))
    call = _video_call(events)
    assert call.call.result.sight is not None and call.call.result.sight.looks == []
    assert call.call.result.sight.skipped == len(call.call.result.frames)
    sent = user_text(chat.received[0][-1])
    assert "def step_1" in sent  # the text is read as before
    assert "objects" not in sent and "80-class" not in sent  # and nothing about objects is added
    assert "objects" not in call.summary


@pytest.mark.slow
def test_a_broken_video_gives_one_clear_line_and_the_session_goes_on(street: Path, tmp_path: Path):
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(street.read_bytes()[: street.stat().st_size // 2])  # the index is at the end
    chat = ScriptedChatModel(["I could not read that video.", "Hello!"])
    session = app_with(chat).session()
    events = list(session.send(Turn("What happens in this video?", [broken])))
    failed = [e for e in events if isinstance(e, TurnFailed)]
    errors = [e.summary for e in events if isinstance(e, ToolFinished) and not e.ok]
    lines = [f.error for f in failed] + errors
    assert len(lines) == 1 and "\n" not in lines[0] and "Traceback" not in lines[0], lines
    assert "broken.mp4" in lines[0]
    after = list(session.send(Turn("Hi")))[-1]
    assert isinstance(after, AnswerDone) and after.text


# --- the rules, without weights -------------------------------------------------------------------

def test_spread_keeps_the_ends_and_scene_changes_and_drops_the_most_crowded_frames():
    times = [0.0, 5.0, 15.0, 24.9, 34.8, 44.8, 54.7, 64.6, 74.6]
    kept = [times[i] for i in spread(times, 8)]
    assert kept == [0.0, 15.0, 24.9, 34.8, 44.8, 54.7, 64.6, 74.6]
    assert spread(times, 20) == list(range(9)) and spread([1.0], 8) == [0]
    # A cut at 3.0 s starts a new scene: its first frame stays, a frame beside it goes.
    times = [0.0, 0.4, 1.2, 2.0, 2.8, 3.0, 3.4, 4.2, 5.0, 5.8]
    kept = [times[i] for i in spread(times, 8, scene_changes={0, 5})]
    assert 3.0 in kept and len(kept) == 8 and kept[0] == 0.0 and kept[-1] == 5.8


class _Frame:
    def __init__(self, text: str, flat: bool, png: bytes = b"png") -> None:
        self.timestamp, self.text, self.flat, self.png, self.scene_change = 0.0, text, flat, png, False


def test_footage_is_little_text_and_varied_pixels():
    assert looks_like_footage(_Frame("", flat=False))
    assert looks_like_footage(_Frame("BUS 42", flat=False))  # a sign in a street
    assert not looks_like_footage(_Frame("", flat=True))  # a slide, a title card
    assert not looks_like_footage(_Frame("\n".join(f"line {i} of a long page of text" for i in range(12)), False))


def _look(t: float, people: int, guess: ClassGuess | None = None) -> FrameLook:
    objects = tuple(Detection("person", 0.8, (0, 0, 10, 10)) for _ in range(people))
    result = SightResult(objects, (guess or ClassGuess("street sign", 0.1),), 64, 64, 0.1, 0.05, 0.05, ("d", "c"), 0.25, "x")
    return FrameLook(t, result)


def test_one_frames_classifier_guess_needs_the_stricter_bar_of_many_looks():
    swing = Target("swing", "swing", frozenset(), frozenset({"swing"}))
    weak = VideoSight([_look(0.0, 2, ClassGuess("swing", 0.40)), _look(5.0, 2)], 0, 0.1, 0.25)
    assert "swing" not in weak.frame_text(0.0) and "swing" not in weak.content_text()
    assert judge_frames(PresenceQuestion("is_there", "swing"), swing, weak).verdict == "no"
    strong = VideoSight([_look(0.0, 0), _look(5.0, 0, ClassGuess("swing", 0.62))], 0, 0.1, 0.25)
    assert "classifier: swing 0.62" in strong.frame_text(5.0)
    found = judge_frames(PresenceQuestion("first_seen", "swing"), swing, strong)
    assert found.verdict == "yes" and found.first.how == "classifier" and found.before == 0.0


def test_the_answer_guard_counts_objects_the_models_named_in_a_video():
    from pathlib import Path as P

    from assistant.answer_guard import AnswerGuard, content_text
    from assistant.tools.video.reading import FrameText, VideoReading

    sight = VideoSight([_look(0.0, 2)], 0, 0.1, 0.25)
    reading = VideoReading(P("street.mp4"), 10.0, [FrameText(0.0, "")], sight=sight)
    assert "person" in content_text(reading, "")
    # "Describe the person" about a video whose frames show people: no "nothing reported" note.
    guard = AnswerGuard("Describe the person in this video.", False, True, media_names=["street.mp4"])
    assert guard.check_presence([(reading, reading.evidence_text())]) == "" and guard.unreported_object is None
    bare = VideoReading(P("street.mp4"), 10.0, [FrameText(0.0, "")])
    assert AnswerGuard("Describe the person in this video.", False, True).check_presence([(bare, "")]) != ""


def test_first_seen_is_the_first_frame_with_it_and_the_one_before():
    sight = VideoSight([_look(0.0, 0), _look(2.0, 0), _look(4.0, 3), _look(6.0, 1)], 0, 0.1, 0.25)
    target = Target("person", "person", frozenset({"person"}), frozenset())
    finding = judge_frames(PresenceQuestion("first_seen", "person"), target, sight)
    assert finding.verdict == "yes" and finding.first.timestamp == 4.0 and finding.before == 2.0
    assert [h.count for h in finding.boxed] == [3, 1]
    person = sight.labels()["person"]
    assert (person.first, person.fewest, person.most, sight.step()) == (4.0, 1, 3, 2.0)
    assert "person in 2 of 4 frames (1 to 3 per frame, first at 4.0 s" in sight.intro_text()
    unknown = judge_frames(PresenceQuestion("is_there", "unicorn"), Target("unicorn", None), sight)
    assert unknown.verdict == "cant_tell"


@pytest.mark.parametrize(("question", "phrase"), [
    ("When does a person first appear?", "person"),
    ("when does the dog first show up in the video?", "dog"),
    ("At what time is a car first seen?", "car"),
    ("When do we first see a bus?", "bus"),
    ("When do the people enter the frame?", "people"),
])
def test_first_seen_questions(question: str, phrase: str):
    assert first_seen_question(question) == PresenceQuestion("first_seen", phrase)
    assert plan_turn(question, True, has_image=False, has_video=True).presence == PresenceQuestion("first_seen", phrase)


@pytest.mark.parametrize("question", [
    "When does the word ERROR first appear?", "When does 'bird' first appear on screen?", "When was Python created?",
    "At what time does the caption about rodents first show up in this trailer?", "When does it start?",
])
def test_text_and_other_when_questions_are_not_first_seen(question: str):
    assert first_seen_question(question) is None or plan_turn(question, True, has_image=False,
                                                              has_video=True).presence is None


def test_video_presence_needs_an_object_word():
    plan = plan_turn("Is there a car in this video?", True, has_image=False, has_video=True)
    assert plan.kind == "presence" and plan.presence == PresenceQuestion("is_there", "car")
    for question in ("How many seconds long is this clip?", "How many frames are in this video?"):
        assert plan_turn(question, True, has_image=False, has_video=True).kind == "media"
    assert plan_turn("When does a person first appear?", True, has_image=False).presence is None  # audio
