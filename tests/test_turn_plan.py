"""The turn planner: which tools a question is offered, and what reaches the model."""

from __future__ import annotations

import numpy as np
import pytest
from _speech_helpers import write_wav
from langchain_core.messages import SystemMessage

from assistant.events import AnswerDone, TextDelta, ToolFinished
from assistant.models.scripted import ScriptedChatModel
from assistant.session import Turn
from assistant.turn_plan import live_topic, plan_turn
from tests.test_agent_logic import make_session

PLAIN = [
    "What is the capital of Australia?",
    "What is 17 plus 25?",
    "Write a Python one-liner that reverses a string.",
    "How do I read a file line by line in Python?",
    "Convert 5 miles to kilometres.",
    "Translate 'good morning' into Spanish.",
    "What does HTTP 404 mean?",
    "Explain what a closure is in JavaScript.",
    "How does the stock market work?",
    "What is the climate of Lisbon like in summer?",
    "how do you say 'see you tomorrow' in Spanish?",  # quoted words are what is asked about
    "What's the French for \u201cit is raining today\u201d?",
    "what does PDF stand for?",  # a word's meaning, not a file
]


@pytest.mark.parametrize("question", PLAIN)
def test_plain_questions_get_no_tools(question):
    plan = plan_turn(question, has_attachments=False)
    # At most notes close in meaning ("How do I read a file ..." speaks in the first person).
    assert plan.kind == "plain" and plan.tools == () and plan.recall in ("none", "close")


@pytest.mark.parametrize(("question", "tool"), [
    ("What time is it?", "current_time"),
    ("What's the date today? I'd like to say 'hello' to a friend", "current_time"),
    ("What's today's date?", "current_time"),
    ("what day is it tomorrow?", "current_time"),
    ("Which files can you read?", "list_files"),
    ("What does ~/notes/todo.png say?", "ocr"),
    ("Transcribe memo.wav for me", "transcribe"),
    ("What happens in /tmp/clip.mp4?", "video_frames"),
    ("Do you remember my name?", "recall"),
    ("Use the current_time tool to get the year.", "current_time"),
    ("What is on my screen?", "ocr"),
])
def test_questions_about_tools_get_them(question, tool):
    assert tool in plan_turn(question, has_attachments=False).tools


@pytest.mark.parametrize(("question", "topic"), [
    ("What is the weather going to be like in Lisbon tomorrow afternoon?", "weather"),
    ("Will it rain in Paris today?", "weather"),
    ("What are today's news headlines?", "news"),
    ("What's the bitcoin price right now?", "bitcoin price"),
])
def test_live_data_is_recognised(question, topic):
    assert live_topic(question) == topic
    assert plan_turn(question, has_attachments=False).kind == "live"


@pytest.mark.parametrize("question", [
    "the forecast says 28 degrees celsius tomorrow, what's that in fahrenheit?",  # the figure is given
    "Convert today's weather of 75 F to Celsius",
    "What causes rain?",  # general knowledge
])
def test_a_question_that_gives_the_figure_or_asks_in_general_is_not_live(question):
    assert live_topic(question) == "" and plan_turn(question, has_attachments=False).kind != "live"


@pytest.mark.parametrize(("question", "query"), [
    ("Find the screenshots with a login form", "a login form"),
    ("Find the picture about region-based segmentation in my images.", "region-based segmentation"),
    ("I saved a photo of a whiteboard with the sprint plan. Which file is it?", "a whiteboard with the sprint plan"),
    ("I took a screenshot of the invoice from ACME last week, where is it?", "the invoice from ACME last week"),
    ("find the photo i took of the tram by the river", "the tram by the river"),
    ("show me the picture that I saved of my bike", "my bike"),
    ("find the pic of our cat asleep in the laundry basket", "our cat asleep in the laundry basket"),
    ("where's that old sepia photo of five men in hats?", "old sepia photo of five men in hats"),
    ("where did i put the pictures from the wedding?", "from the wedding"),
])
def test_collection_questions_search_before_the_model(question, query):
    plan = plan_turn(question, has_attachments=False)
    assert plan.search_query == query and "image_search" not in plan.tools


@pytest.mark.parametrize("question", ["where is the eiffel tower?", "where's my phone?", "where is the photo booth?"])
def test_where_is_a_thing_is_no_picture_search(question):
    assert plan_turn(question, has_attachments=False).search_query == ""


def test_a_photo_the_user_took_is_the_attachment_when_there_is_one():
    question = "I took a photo of my textbook. Where does it say the markers are found?"
    assert plan_turn(question, has_attachments=False).search_query
    attached = plan_turn(question, has_attachments=True, has_image=True)
    assert "image_search" not in attached.tools and attached.search_query == ""


def test_with_an_attachment_this_file_is_the_attachment_not_a_reason_for_file_tools():
    assert plan_turn("Whose name is mentioned in this recording?", has_attachments=True).tools == ()
    assert "list_files" in plan_turn("Compare it with /tmp/other.png", has_attachments=True).tools


def test_personal_questions_recall_memory_without_tools():
    plan = plan_turn("Which Python version does my project use?", has_attachments=False)
    assert plan.recall == "any" and plan.tools == ()


def test_a_plain_turn_reaches_the_model_with_no_tool_schema_and_a_short_prompt():
    chat = ScriptedChatModel(["Canberra."])
    session, _ = make_session(chat, tools="auto")
    events = list(session.send(Turn("What is the capital of Australia?")))
    done = events[-1]
    assert isinstance(done, AnswerDone) and done.text == "Canberra." and done.plan == "plain"
    assert done.offered_tools == [] and chat.script.bound_tools == []
    system = chat.received[0][0]
    assert isinstance(system, SystemMessage)
    assert "evidence" not in system.content and "tool" not in system.content.lower()
    assert "don't know" not in system.content


def test_a_time_question_is_offered_only_the_clock():
    chat = ScriptedChatModel([{"tool_calls": [{"name": "current_time", "args": {}}]}, "It is noon [E1]."])
    session, _ = make_session(chat, tools="auto")
    events = list(session.send(Turn("What time is it?")))
    assert chat.script.bound_tools == ["current_time"]
    assert [e.name for e in events if isinstance(e, ToolFinished)] == ["current_time"]
    assert events[-1].offered_tools == ["current_time"]


def test_live_data_is_answered_without_a_model():
    chat = ScriptedChatModel(["It will be 23 degrees and sunny."])
    session, store = make_session(chat, tools="auto")
    events = list(session.send(Turn("What is the weather going to be like in Lisbon tomorrow afternoon?")))
    done = events[-1]
    assert chat.received == [] and "can't look that up offline" in done.text and done.plan == "live"
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == done.text
    assert store.turns(session.id)[-1].content == done.text


def test_a_narrated_plan_is_asked_again_and_never_shown():
    chat = ScriptedChatModel(["To determine the sum, I will use a calculator tool.", "17 plus 25 is 42."])
    session, _ = make_session(chat, tools="auto")
    events = list(session.send(Turn("What is 17 plus 25?")))
    done = events[-1]
    streamed = "".join(e.text for e in events if isinstance(e, TextDelta))
    assert done.text == "17 plus 25 is 42." and streamed == done.text
    assert "I will use" in done.replaced and any("asked again" in n for n in done.notes)
    assert "Answer the question itself now" in chat.received[1][-1].content


def test_a_worked_answer_that_opens_like_a_plan_is_kept_and_streamed():
    worked = ("To find the sale price, we need to calculate 15% of $80 and subtract it. "
              "15% of 80 is 0.15 * 80 = 12. So, the sale price is 80 - 12 = $68.")
    chat = ScriptedChatModel([worked, "The sale price is $66."])
    session, _ = make_session(chat, tools="auto")
    events = list(session.send(Turn("A jacket costs $80 and is 15% off. What is the sale price?")))
    done = events[-1]
    deltas = [e.text for e in events if isinstance(e, TextDelta)]
    assert done.text == worked and "".join(deltas) == worked and len(deltas) > 1
    assert len(chat.received) == 1 and not done.replaced and not any("asked again" in n for n in done.notes)


@pytest.mark.parametrize(("reply", "plan"), [
    ("To determine the capital, I will use the OCR tool on the image.", True),
    ("I will use the transcribe tool to listen to the file first.", True),
    ("To find 12% of 250, we need to multiply: 0.12 * 250 = 30.", False),
    ("To calculate the total, we need to add the prices. Therefore the total is 14 dollars.", False),
    ("Canberra is the capital of Australia.", False),
])
def test_a_plan_is_steps_with_no_result(reply, plan):
    from assistant.answer_checks import is_plan

    assert is_plan(reply) is plan


def test_a_plan_twice_gives_way_to_a_plain_admission():
    chat = ScriptedChatModel(["I will use the OCR tool first.", "Let me check the clock first."])
    session, _ = make_session(chat, tools="auto")
    done = list(session.send(Turn("What is 17 plus 25?")))[-1]
    assert "I will" not in done.text and "couldn't work out" in done.text


def test_an_answer_is_streamed_from_its_first_words():
    chat = ScriptedChatModel(["Canberra is the capital of Australia."])
    session, _ = make_session(chat, tools="auto")
    events = list(session.send(Turn("What is the capital of Australia?")))
    deltas = [e.text for e in events if isinstance(e, TextDelta)]
    assert "".join(deltas) == "Canberra is the capital of Australia." and len(deltas) > 1


def test_an_empty_question_is_refused_before_anything_is_stored():
    session, store = make_session(ScriptedChatModel(["x"]), tools="auto")
    failed = list(session.send(Turn("   ")))[-1]
    assert "empty" in failed.error and store.turns(session.id) == []


@pytest.mark.parametrize("question", ["Where did I put the wifi router?", "What did we decide about the logo?",
                                      "Which Python version does my project use?",
                                      "what's Rosa's teacher called again?", "When is Tiago's birthday?"])
def test_questions_about_the_users_own_past_recall_memory(question):
    plan = plan_turn(question, has_attachments=False)
    assert plan.recall == "any"


@pytest.mark.parametrize("question", ["when do I need to put the recycling out?",
                                      "what size filter do I buy for the furnace?",
                                      "How do I reverse a list in Python?", "Can I use tabs in YAML?",
                                      "I'm on the late shift, which bus do I take home?",
                                      "what day and time are the kids' swim lessons now?",
                                      "which day is the dog's vet appointment?"])
def test_other_first_person_questions_recall_only_close_notes(question):
    plan = plan_turn(question, has_attachments=False)
    assert plan.recall == "close" and plan.tools == ()


@pytest.mark.parametrize("question", ["What is Newton's second law?", "What's the capital of France?",
                                      "Is it going to rain in Lisbon?"])
def test_questions_not_about_the_user_recall_nothing(question):
    assert plan_turn(question, has_attachments=False).recall == "none"


@pytest.mark.parametrize("question", ["At what time does the caption about rodents first show up in this trailer?",
                                      "When does the word 'bird' first appear on screen in this video?"])
def test_times_and_screens_in_a_question_about_an_attachment_are_the_media_s(question):
    assert plan_turn(question, has_attachments=True).tools == ()


def test_a_tool_that_already_read_the_attachment_is_not_offered_again(tmp_path):
    from assistant.agent_tools import agent_tool
    from assistant.tools.builtin import current_time as read_clock

    audio = write_wav(tmp_path / "a.wav", np.zeros(16000, dtype=np.float32))

    class Words:
        text = "hello there"

        def evidence_text(self):
            return "hello there"

        def summary(self):
            return "2 words"

        def to_dict(self):
            return {"text": self.text}

    def factory(ctx):
        def transcribe(path: str, language: str = "", translate: bool = False):
            return Words()

        def current_time():
            return read_clock()

        return [agent_tool(transcribe), agent_tool(current_time)]

    chat = ScriptedChatModel(["hello there"])
    session, _ = make_session(chat, tool_factory=factory, tools="auto")
    done = list(session.send(Turn("Transcribe this recording.", attachments=[audio])))[-1]
    assert [c["name"] for c in done.tool_calls] == ["transcribe"] and done.tool_calls[0]["origin"] == "attachment"
    assert done.offered_tools == [] and chat.script.bound_tools == []


def test_with_an_attachment_other_files_still_get_the_file_tools():
    assert "list_files" in plan_turn("Which files can you read?", has_attachments=True).tools


@pytest.mark.parametrize(("question", "clock"), [
    ("What time is it?", True),
    ("How many days until Friday?", True),
    ("What time is it now? My meeting is at 3pm.", True),
    ("In Python, how do I get the current date and time?", False),
    ("My train leaves at 14:35 and the journey takes 2 hours 50 minutes. What time do I arrive?", False),
    ("Which shell command shows today's date?", False),
])
def test_the_clock_is_offered_for_the_time_now_not_for_time_in_code_or_a_given_time(question, clock):
    assert ("current_time" in plan_turn(question, has_attachments=False).tools) is clock
