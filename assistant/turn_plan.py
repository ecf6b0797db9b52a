"""Decide, before the model runs, what a turn needs: which tools to offer, whether to recall
memory, which system prompt, and whether it asks for live data no offline tool can give.

Rules, not a model: they cost microseconds, never load anything, and their mistakes are easy to
read and fix. A tool schema is offered only when the question refers to what the tool serves
(the time, the user's files, the screen, memory, the image collection) or names the tool.
Every offered schema costs prefill on a small local model (the whole tool block is ~1,200
tokens, ~18 s on two cores when not cached) and tempts it to call tools it does not need, so a
plain question gets none. Attachments are read before the model whatever the plan says
(turn_runner.py). How often the rules miss, both ways, is measured by `assistant eval everyday`
(docs/turns.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from assistant.exact_answers import exact_answer
from assistant.media_kinds import MEDIA_KINDS, MEDIA_SUFFIXES
from assistant.object_words import object_in, text_when_question
from assistant.tools.sight.presence_question import PresenceQuestion, first_seen_question, presence_question

BUILTIN_TOOLS = ("current_time", "list_files", "ocr", "transcribe", "video_frames", "find_when", "remember", "recall",
                 "image_search")
"""The tools whose offering rules are below; tool modules add theirs through OFFER_WHEN."""


def all_tools() -> tuple[str, ...]:
    """Every tool a turn may be offered, in a fixed order: the built-in ones, then the tool
    modules' own (assistant/agent_tools, ``OFFER_WHEN``)."""
    from assistant.agent_tools import offer_rules

    return BUILTIN_TOOLS + tuple(name for name in offer_rules() if name not in BUILTIN_TOOLS)


Kind = Literal["plain", "tools", "media", "presence", "live"]
Recall = Literal["none", "close", "any"]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# "What day is it?" asks the clock; "what day and time are the kids' lessons?" asks about a thing.
_TIME = _rx(
    r"\b(what time|time is it|the time\b|current (time|date|year|month|day)|today|tonight|tomorrow|yesterday|"
    r"(what|which) day(?!\s+(and\s+time\s+)?(is|are|was|were|do|does)\s+(the|my|our|his|her|their)\b)|day of the week|(what|today'?s) date|what year is it|this (week|month|year)|"
    r"how (many days|long) (until|till|since|ago)|days (until|till|since|ago)|o'?clock|timezone|time zone)\b")
_CLOCK = _rx(r"\b(time is it|current (time|date)|today'?s date|what day is it|what is the date)\b")
_GIVEN_TIME = _rx(r"\b([01]?\d|2[0-3])[:.h][0-5]\d\b|\b\d{1,2}\s*(am|pm|a\.m\.|p\.m\.)")
_FILE_WORD = r"(files?|folders?|director(y|ies)|documents?|pdfs?|recordings?|notes)"
_FILES = _rx(
    rf"\b(my|the|this|that|these|those|your|which|what|any|readable|attached|allowed)\s+(\w+\s+)?{_FILE_WORD}\b"
    r"|\b(list|open|read|show|transcribe|ocr|look at|check)\b.{0,30}\b" + _FILE_WORD + r"\b")
# With an attachment, "this file" or "the recording" is the attachment (already read); only other
# files ("which files can you read?", "the folder") call for the file tools.
_FILES_MANY = _rx(r"\b(files|folders?|director(y|ies)|documents|recordings)\b")
def _suffixes(extensions: Iterable[str]) -> str:
    return "|".join(sorted(ext.lstrip(".") for ext in extensions))


_PATH = _rx(r"(^|[\s\"'(])(~|\.{1,2})?/[\w.\-/]+|\b[\w\-]+\.(" + _suffixes([*MEDIA_SUFFIXES, "pdf"]) + r")\b")
# A file name in the question calls for the reader of its kind (media_kinds.py).
_READER_BY_EXTENSION = tuple((kind.reader, _rx(r"\.(" + _suffixes(kind.extensions) + r")\b")) for kind in MEDIA_KINDS)
# Coding questions talk about files in general ("how do I read a file in Python?"): those are
# plain questions unless they also name a path.
_CODING = _rx(r"\b(python|javascript|typescript|java|rust|golang|c\+\+|bash|shell|sql|regex|function|code|script|"
              r"one-liner|snippet|program|command|api|library|module|class|method|syntax|compile)\b")
# "What does PDF stand for?" asks what a word means, not for a file.
_DEFINITION = _rx(r"\bstands? for\b|\bacronym\b|\babbreviation\b|\bwhat does \w+ mean\b")
_SCREEN = _rx(r"\b(my screen|the screen|this screen|on screen|what am i looking at)\b")
_MEMORY = _rx(r"\b(remember|recall|forget|remind me|memor(y|ies)|did i (tell|say|mention)|i told you|"
              r"about me|who am i|my name)\b")
# Personal questions recall saved notes (no tool schema): "my project", "where did I put ...".
# "How do I / can I / should I" are how-to questions, not about the user's own past.
_PERSONAL = _rx(r"\b(my|mine|our|ours)\b|\b(did|have|had) (i|we)\b|\b(where|what|when) (i|we)\b|"
                r"\bi (put|parked|left|told|said|saved|stored|mentioned|wrote)\b|"
                r"\bagain\s*[?.!]*\s*$")  # "what's Rosa's teacher called again?": asking to be reminded
# Any other first-person question may be about the user's own life ("when do I put the recycling
# out?", "what size filter do I buy for the furnace?"): only a saved note close in meaning is recalled.
_FIRST_PERSON = _rx(r"\b(i|me|we|us)\b|\b(i|we)['\u2019](m|ve|d|ll|re)\b")
# The household's own people and pets ("the kids' swimming lessons"): a saved note close in meaning.
_HOUSEHOLD = _rx(r"\b(the|our) (kids|children|baby|twins|dog|cat|puppy)['\u2019]?s?\b")
# Someone's everyday details, by name: "Rosa's teacher", "Tiago's birthday" (case-sensitive: a name).
_NAMED_PERSONAL = re.compile(
    r"\b(?!(?:What|Where|When|Who|How|It|That|There|Here|He|She|Let)\b)[A-Z][a-z]+['\u2019]s\s+"
    r"(teacher|doctor|dentist|vet|school|class|lessons?|birthday|phone|number|address|e-?mail|allerg\w*|"
    r"appointment|flight|train|size|shoe|favou?rite|wife|husband|partner|boss|friend|mum|mom|dad|coach)\b")
_COLLECTION = _rx(
    r"\b(find|search|look for|locate|show me|which)\b.{0,40}\b(images?|photos?|pictures?|pics?|screenshots?)\b"
    r"|\b(my|image|photo|picture)\s+(collection|library|gallery|photos|pictures|images)\b"
    # "where's that old sepia photo of ...?": asking where a picture of one's own is
    r"|\bwhere(['\u2019]s| is| are| did i (put|save|keep))\s+(that|the|my|those|this|our)\s+([\w-]+\s+){0,4}"
    r"(photos?|pictures?|pics?|images?|snaps?|screenshots?)(?=\s+(of|from|with|showing|i|we|that|where)\b|\s*[?.!,]|\s*$)")
# "I saved a photo of a textbook page ... Which file is it?" (with an attachment, that photo is it)
_SAVED_PICTURE = _rx(
    r"\bi(\s+have|'ve)?\s+(saved|took|taken|kept|stored|downloaded|snapped|got)\s+(a|an|the|some|this|that)\s+"
    r"(\w+\s+)?(photos?|pictures?|images?|screenshots?|pics?|scans?)\b.{0,120}\b(which|what|where|find)\b")
_TOOL_NAME = _rx(r"\b(" + "|".join(BUILTIN_TOOLS) + r")\b")
# Words in quotes are what the question is about, not what it asks for: "how do you say 'see you
# tomorrow' in Spanish?" wants no clock, "translate 'it is raining'" no weather. An apostrophe
# inside a word ("what's", "don't") opens no quote.
_QUOTED = re.compile(r"(?<!\w)[\"'\u2018\u201c]([^\"'\u2018\u2019\u201c\u201d\n]{1,80}?)[\"'\u2019\u201d](?!\w)")


def _unquoted(question: str) -> str:
    return _QUOTED.sub(" ", question)

# Live data: a topic that changes by the hour; general questions about it ("how does the stock
# market work", "what is the climate of Lisbon") are plain knowledge.
_LIVE_TOPIC = _rx(
    r"\b(?P<topic>weather|forecast|rain(ing)?|snow(ing)?|news|headlines|stock price|share price|stock market today|"
    r"exchange rate|price of (bitcoin|gold|oil|ethereum)|bitcoin price|crypto prices?|traffic|live score|"
    r"score of the (game|match))\b")
_GENERAL = _rx(r"\b(usually|typically|average|climate|in general|history of|how does|how do|why does|why do|"
               r"what causes|explain|definition|define|mean(s|ing)?)\b")
_GIVEN_FIGURE = _rx(r"\d.*\b(what(?:'?s| is| are) (?:that|this|it|those)|how (?:much|many) (?:is|are) (?:that|this|it)|"
                   r"in (?:fahrenheit|farenheit|celsius|centigrade|kelvin|dollars|euros|pounds|km|miles))\b"
                   r"|\bconvert\b")
"""The figure is given ("the forecast says 28 degrees, what's that in Fahrenheit?"): a sum, not a lookup."""
_TOPIC_WORD = {"rain": "weather", "raining": "weather", "snow": "weather", "snowing": "weather",
               "forecast": "weather", "headlines": "news", "traffic": "traffic"}


@dataclass(frozen=True)
class TurnPlan:
    kind: Kind
    tools: tuple[str, ...] = ()
    """Names of the tool schemas the model is offered this turn; empty: none at all."""
    recall: Recall = "none"
    """Saved notes to look up before the model runs: "any" relevant note (the question names
    something of the user's or asks to remember), "close" notes only, close in meaning (it speaks
    in the first person but names nothing of theirs; memory/store.py CLOSE_RECALL_MAX_DISTANCE)."""
    live_topic: str = ""
    search_query: str = ""
    """Search the image collection for this before the model runs (small models rarely call the
    search tool themselves: they answered "I cannot see images" instead)."""
    reasons: tuple[str, ...] = field(default_factory=tuple)
    """Why each tool was offered (shown in --json and the eval)."""
    presence: PresenceQuestion | None = None
    """"Is there a dog?", "how many people?" about an attachment: a photo's vision reading answers
    it before any model (assistant/presence_turn.py); kind "presence"."""
    exact: tuple[str, str] = ("", "")
    """(answer, note) of a plain question worked out exactly (assistant/exact_answers.py): a clock
    sum or a unit conversion, answered without the model."""

    @property
    def needs_model(self) -> bool:
        """Whether a chat model is loaded for this turn: not for live data or an exact answer."""
        return self.kind != "live" and not self.exact[0]


def _add(found: dict[str, str], names: tuple[str, ...], why: str) -> None:
    for name in names:
        found.setdefault(name, why)


def _asks_the_clock(question: str, has_attachments: bool) -> bool:
    """About the time now, not time in code ("in Python, how do I get the current date?") or a
    sum over a time the question gives ("leaves at 14:35 ... what time do I arrive?")."""
    if not (_CLOCK if has_attachments else _TIME).search(question) or _CODING.search(question):
        return False
    return _CLOCK.search(question) is not None or _GIVEN_TIME.search(question) is None


def tools_for(question: str, has_attachments: bool = False) -> dict[str, str]:
    """The tools the question's words call for, each with the reason."""
    found: dict[str, str] = {}
    for match in _TOOL_NAME.finditer(question):
        _add(found, (match.group(1).lower(),), "names the tool")
    # About an attachment, "at what time" and "on screen" mean times and text in the media.
    if _asks_the_clock(_unquoted(question), has_attachments):
        _add(found, ("current_time",), "asks about the time or date")
    path = _PATH.search(question)
    files = (_FILES_MANY if has_attachments else _FILES).search(question)
    if path or (files and not _CODING.search(question) and not _DEFINITION.search(question)):
        readers = tuple(name for name, rx in _READER_BY_EXTENSION if rx.search(question))
        _add(found, ("list_files", *(readers or tuple(kind.reader for kind in MEDIA_KINDS))), "refers to files")
        if text_when_question(question) is not None and "ocr" not in readers:
            _add(found, ("find_when",), "asks when something is shown or said in a file")
    if _SCREEN.search(question) and not has_attachments:
        _add(found, ("list_files", "ocr"), "refers to the screen")
    if _MEMORY.search(question):
        _add(found, ("remember", "recall"), "refers to memory")
    if _COLLECTION.search(question) or (_SAVED_PICTURE.search(question) and not has_attachments):
        _add(found, ("image_search",), "refers to the image collection")
    from assistant.agent_tools import offer_rules

    for name, words in offer_rules().items():
        if name not in BUILTIN_TOOLS and (words.search(question) or re.search(rf"\b{name}\b", question)):
            _add(found, (name,), "matches the words its module offers it for")
    return found


def live_topic(question: str) -> str:
    """The live-data topic a question asks for ("weather"), or "" when it asks for none."""
    match = _LIVE_TOPIC.search(_unquoted(question))
    if match is None or _GENERAL.search(question) or _GIVEN_FIGURE.search(question):
        return ""
    word = match.group("topic").lower()
    return _TOPIC_WORD.get(word.split()[0], word)


def plan_turn(question: str, has_attachments: bool, mode: Literal["auto", "always"] = "auto",
              has_image: bool | None = None, has_video: bool = False) -> TurnPlan:
    """What this turn needs. ``mode="always"`` offers every tool on every turn (the old behaviour).
    ``has_image``/``has_video``: whether an attachment is an image (None: any attachment may be
    one) or a video; only the vision reading of a photo or of a video's frames answers a presence
    question. About a video, "when does a person first appear?" is one too (a quoted word is
    when_question's, searched by OCR)."""
    presence = presence_question(question) if has_attachments and (has_image is not False or has_video) else None
    if presence is None and has_video and text_when_question(question) is None:
        presence = first_seen_question(question)
    if presence is not None and has_image is False and object_in(presence.phrase) is None:
        presence = None  # about a video alone, "how many seconds long?" asks for no object
    if mode == "always":
        return TurnPlan("media" if has_attachments else "tools", all_tools(), recall="any",
                        reasons=("agent.tools = always",), presence=presence)
    topic = "" if has_attachments else live_topic(question)
    if topic:
        return TurnPlan("live", live_topic=topic, reasons=(f"asks for live {topic}",))
    found = tools_for(question, has_attachments)
    recall: Recall = "none"
    if "remember" in found or _PERSONAL.search(question) or _NAMED_PERSONAL.search(question):
        recall = "any"
    elif not has_attachments and (_FIRST_PERSON.search(question) or _HOUSEHOLD.search(question)):
        recall = "close"
    query = collection_query(question) if "image_search" in found and not has_attachments else ""
    offered = tuple(name for name in all_tools() if name in found and not (query and name == "image_search"))
    kind: Kind = ("presence" if presence else "media") if has_attachments else ("tools" if found else "plain")
    return TurnPlan(kind, offered, recall, search_query=query,
                    reasons=tuple(f"{name}: {why}" for name, why in found.items()), presence=presence,
                    exact=exact_answer(question) if kind == "plain" else ("", ""))


_REQUEST = _rx(r"^\s*(please\s+)?(can you\s+)?(find|search( for)?|look for|locate|show me|which of"
               r"|where(['\u2019]s| is| are| did i (put|save|keep)))\s+(that\s+|those\s+)?")
_COLLECTION_WORDS = _rx(r"\b(in|from|among|through)\s+(my|the)\s+(images|pictures|photos|screenshots|collection|"
                        r"library|gallery)\b|\b(my|the)\s+(images|pictures|photos|pics)\b|\b(search|find)\b|[?.!]+$")
_I_SAVED = _rx(r"^\s*i(\s+have|'ve)?\s+(saved|took|taken|kept|stored|downloaded|snapped|got)\s+(a|an|the|some|this|that)\s+"
              r"(\w+\s+)?(photos?|pictures?|images?|screenshots?|pics?|scans?)\s+((of|about|with|showing|from)\s+)?")
_WHERE_IS_IT = _rx(r"[.?!,;]\s*(which|what|where|can you|could you|please)\b[^.?!]*[.?!]*$")
_WHICH_ONE = _rx(r"^\s*(the\s+|a\s+|an\s+)?(one|picture|image|photo|screenshot|pic)s?\s+((that|which)\s+)?"
                 r"(i\s+(took|saved|shot|snapped|made|kept|downloaded)\s+)?"
                 r"(about|with|of|that|showing|which|where|containing|for)?\s*")


def collection_query(question: str) -> str:
    """What to search the image collection for: the question without its request words
    ("Find the picture about region-based segmentation in my images" -> "region-based
    segmentation"). The search ranks OCR text by meaning and by keywords, so leftovers do
    little harm; an empty result means the whole question."""
    text = _WHERE_IS_IT.sub("", _I_SAVED.sub("", question))
    text = _REQUEST.sub("", text)
    text = _COLLECTION_WORDS.sub(" ", text)
    text = _WHICH_ONE.sub("", text.strip())
    text = " ".join(text.split()).strip(" ,.?!")
    return text or question.strip()
