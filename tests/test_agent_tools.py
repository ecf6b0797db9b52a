"""The one tool contract (assistant/agent_tools/): schemas from signatures, texts from the prompt
file, the discovered tools in their fixed order, and the ToolResult every tool returns."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from langchain_core.utils.function_calling import convert_to_openai_tool

from assistant import prompts
from assistant.access import AccessPolicy
from assistant.agent_tools import ToolContext, ToolResult, agent_tool, build_tools, tool_modules
from assistant.engines import Engines
from assistant.settings import load_settings

DATA = Path(__file__).parent / "data"
REQUIRED = "required"

# Every tool's arguments and defaults as the model has been offered them (before the contract
# they were a hand-written table per tool); the order is the order of the tool list.
TOOLS_BEFORE = {
    "current_time": {},
    "list_files": {},
    "ocr": {"path": REQUIRED},
    "see": {"path": REQUIRED, "look_for": ""},
    "video_frames": {"path": REQUIRED, "n": 8, "start": None, "end": None},
    "find_when": {"path": REQUIRED, "text": REQUIRED, "where": "either"},
    "transcribe": {"path": REQUIRED, "language": "", "translate": False},
    "remember": {"fact": REQUIRED},
    "recall": {"query": REQUIRED},
    "image_search": {"query": "", "k": 5, "image_path": ""},
}


def _args(tool) -> dict:
    schema = tool.args_schema.model_json_schema()
    required = set(schema.get("required", []))
    return {name: REQUIRED if name in required else prop.get("default")
            for name, prop in schema.get("properties", {}).items()}


def _ctx(question: str = "") -> ToolContext:
    return ToolContext(AccessPolicy(roots=[]), question)


# -- a tool module a newcomer would write -----------------------------------------------------
class Frames:
    def __init__(self, n: int) -> None:
        self.n = n

    def summary(self) -> str:
        return f"{self.n} frames"

    def evidence_text(self) -> str:
        return f"read {self.n} frames"

    def to_dict(self) -> dict:
        return {"n": self.n}


def example_tools(ctx: ToolContext, engines: Engines) -> list:
    def video_frames(path: str, n: int = 4, start: float | None = None, end: float | None = 30.0) -> Frames:
        return Frames(n)

    return [agent_tool(video_frames)]


EXAMPLE = SimpleNamespace(tools=example_tools)


def test_a_tools_schema_comes_from_its_signature_and_its_texts_from_the_prompt_file():
    (tool,) = build_tools(_ctx(), Engines(load_settings()), modules=[EXAMPLE])
    schema = tool.args_schema.model_json_schema()
    props = schema["properties"]
    assert schema["required"] == ["path"]
    assert props["n"]["type"] == "integer" and props["n"]["default"] == 4  # this signature's, not the app's 8
    assert {"type": "number"} in props["start"]["anyOf"] and props["start"]["default"] is None
    assert props["end"]["default"] == 30.0
    texts = prompts.entries("tool_descriptions")["video_frames"]
    assert tool.description == texts["description"].strip()
    assert {name: prop["description"] for name, prop in props.items()} == texts["args"]
    # What the model is sent, and what a call gives back: evidence text and the typed result.
    offered = convert_to_openai_tool(tool)["function"]
    assert offered["name"] == "video_frames" and offered["parameters"]["properties"]["n"]["default"] == 4
    message = tool.invoke({"type": "tool_call", "name": "video_frames", "args": {"path": "a.mp4", "n": 3},
                           "id": "c1"})
    assert message.content == "read 3 frames" and message.artifact.to_dict() == {"n": 3}


def test_a_tool_without_its_prompt_entry_or_a_typed_parameter_is_refused_with_what_to_add():
    def zoom(path: str) -> Frames:
        return Frames(1)

    with pytest.raises(KeyError, match="no entry in prompts/tool_descriptions.yaml"):
        agent_tool(zoom)

    def ocr(path, lang: str = "en"):  # untyped path; lang has no line in the prompt file
        return Frames(1)

    with pytest.raises(TypeError, match=r"missing: \['path', 'lang'\]"):
        agent_tool(ocr)


def test_a_tool_that_returns_no_tool_result_fails_the_call_not_the_turn():
    def current_time():
        return "noon"

    tool = agent_tool(current_time)
    with pytest.raises(TypeError, match="returned str, not a ToolResult"):
        tool.invoke({})


def test_the_discovered_tools_are_the_tools_before_in_the_same_order():
    assert [m.__name__.rsplit(".", 1)[1] for m in tool_modules()] == [
        "builtin", "image_search", "memory", "screen", "sight", "speech", "video", "when"]
    tools = build_tools(_ctx(), Engines(load_settings()))
    assert [t.name for t in tools] == list(TOOLS_BEFORE)
    assert {t.name: _args(t) for t in tools} == TOOLS_BEFORE
    assert all(t.response_format == "content_and_artifact" for t in tools)
    # The order is the prompt file's, whatever order the modules come in.
    backwards = build_tools(_ctx(), Engines(load_settings()), modules=list(reversed(tool_modules())))
    assert [t.name for t in backwards] == list(TOOLS_BEFORE)


def test_settings_switch_tool_families_off():
    settings = load_settings()
    settings.memory = settings.memory.model_copy(update={"enabled": False})
    settings.sight = settings.sight.model_copy(update={"enabled": False})
    names = [t.name for t in build_tools(_ctx(), Engines(settings))]
    assert names == [n for n in TOOLS_BEFORE if n not in ("remember", "recall", "see")]


def test_the_app_session_gets_the_discovered_tools_and_a_bare_session_the_builtins():
    from assistant.app import make_app
    from assistant.session import Session

    app = make_app(load_settings())
    try:
        assert [t.name for t in app.session().turn_tools("hi")] == list(TOOLS_BEFORE)
        bare = Session(app.settings, app.store, app.models)
        assert [t.name for t in bare.turn_tools("hi")] == ["current_time", "list_files"]
    finally:
        app.close()


# -- every result type is a ToolResult --------------------------------------------------------
def _results() -> dict[str, object]:
    from assistant.memory.types import AddResult, Memory, MemoryHit, RecallResult
    from assistant.tools.builtin import current_time, list_files
    from assistant.tools.images.search import ImageHit, LabelResult, SearchResult
    from assistant.tools.ocr.reader import OcrLine, OcrResult
    from assistant.tools.ocr.screen_text import analyze
    from assistant.tools.ocr.screenshot import ScreenshotReading
    from assistant.tools.sight.closer import CloserLook, PartReading
    from assistant.tools.sight.see import ClassGuess, Detection, SightResult
    from assistant.tools.speech.transcriber import Segment, Transcript
    from assistant.tools.video.frames import sample_frames
    from assistant.tools.video.reading import FrameText, VideoReading
    from assistant.tools.video.windows import coarse_windows
    from assistant.tools.when.in_speech import SpokenMention
    from assistant.tools.when.in_video import FrameCheck, TextAppearance

    ocr = OcrResult("Traceback (most recent call last):\nValueError: bad", [OcrLine("ValueError: bad", (0, 0, 9, 9), 0.9)],
                    "rapidocr", 0.2, "ab" * 32, source="shot.png")
    transcript = Transcript("the quick brown fox", "en", 0.99, 2.0,
                            [Segment(0.0, 2.0, "the quick brown fox", -0.2, 0.01)], 0.5, source="fox.wav")
    sight = SightResult((Detection("dog", 0.8, (1, 2, 30, 40)),), (ClassGuess("beagle", 0.6),), 64, 48, 0.1, 0.05,
                        0.05, ("yolov3-tiny", "mobilenetv2"), 0.25, "cd" * 32, source="dog.jpg")
    memory = Memory("m1", "My name is Ada.", "fact", "2024-01-01T00:00:00", "2024-01-01T00:00:00", "cli")
    hit = ImageHit("/p/shot.png", "ef" * 32, 0.5, ["keyword", "ocr"], "build failed")
    return {
        "OcrResult": ocr,
        "ScreenshotReading": ScreenshotReading(ocr, analyze(ocr.text)),
        "Transcript": transcript,
        "VideoReading": VideoReading(Path("talk.mp4"), 9.0, [FrameText(1.0, "HELLO")], transcript),
        "FrameSet": sample_frames(DATA / "error_at_8s.mp4", n=2),
        "VideoWindows": coarse_windows(DATA / "error_at_8s.mp4", window=5.0, per_window=1),
        "TextAppearance": TextAppearance("HELLO", True, 7.5, 8.0, 6, 1.0, 2.0, 0.0, 10.0, 0.5, "clip.mp4",
                                         (FrameCheck(8.0, True, "HELLO"),)),
        "SpokenMention": SpokenMention("milk", True, 1.0, 1.4, "milk,", "buy milk, please", True, 3, 2.0, 0.4,
                                       "memo.wav"),
        "SightResult": sight,
        "CloserLook": CloserLook("cat", sight, (PartReading("upper left", (0, 0, 38, 29), (), ()),), 0.2),
        "SearchResult": SearchResult("build failed", "text", [hit]),
        "LabelResult": LabelResult("/p/cat.png", [("cat", 0.7), ("dog", 0.3)], "clip:tiny"),
        "AddResult": AddResult(memory, "added"),
        "RecallResult": RecallResult("name", (MemoryHit(memory, 0.9),)),
        "TimeResult": current_time(),
        "FileListing": list_files([DATA / "traceback.png"]),
    }


@pytest.mark.parametrize("name", sorted(_results()))
def test_every_result_type_is_a_tool_result(name):
    result = _results()[name]
    assert type(result).__name__ == name
    assert isinstance(result, ToolResult)
    summary, evidence, data = result.summary(), result.evidence_text(), result.to_dict()
    assert isinstance(summary, str) and summary and "\n" not in summary
    assert isinstance(evidence, str) and evidence
    json.dumps(data)  # --json and the stored tool call need plain data


def test_a_bare_string_or_dict_is_not_a_tool_result():
    assert not isinstance("text", ToolResult) and not isinstance({"text": "x"}, ToolResult)


def test_a_new_tool_module_is_offered_by_the_planner_for_its_own_words(monkeypatch):
    """Adding a tool is one module and one prompt entry: the planner reads the module's
    OFFER_WHEN, so it needs no edit of its own."""
    import assistant.agent_tools as agent_tools
    from assistant import turn_plan

    convert = SimpleNamespace(tools=example_tools, OFFER_WHEN={"unit_convert": r"\bconvert\b.*\b(to|into)\b"})
    real = agent_tools.tool_modules()
    monkeypatch.setattr(agent_tools, "tool_modules", lambda: (*real, convert))
    agent_tools.offer_rules.cache_clear()
    try:
        plan = turn_plan.plan_turn("Convert 3 feet to meters, please", has_attachments=False)
        assert plan.kind == "tools" and plan.tools == ("unit_convert",)
        assert "unit_convert" in turn_plan.plan_turn("hi", False, mode="always").tools
        assert turn_plan.plan_turn("What is the capital of Australia?", False).tools == ()
        assert turn_plan.plan_turn("can unit_convert do stones?", False).tools == ("unit_convert",)
    finally:
        monkeypatch.undo()
        agent_tools.offer_rules.cache_clear()
    assert "unit_convert" not in turn_plan.all_tools()
