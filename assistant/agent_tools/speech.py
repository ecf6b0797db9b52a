"""The `transcribe` tool: speech in an audio or video file as text with timestamps. Its Whisper models
are the process's (``Engines``): each loads once and serves every turn.

Files are heard by ``speech.file_model`` (the packaged multilingual base unless set), which also
says which language it hears. An English-only model (tiny.en, the voice loop's default, used when
base is not installed) writes any speech as English: an Italian phone menu came out as "I'm going
to have a great day to see you in the next video", a French voicemail as nothing at all. So when
nobody said which language it is and such a model sounds unsure of its own words, base listens
again. Speech in another language is also translated to English, so a model asked in English
reads both.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assistant.agent_tools.contract import ToolContext, agent_tool
from assistant.tools.errors import EngineUnavailable, ToolError

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from assistant.engines import Engines
    from assistant.tools.speech.transcriber import SpeechTool, Transcript

DETECT = {"", "auto", "detect", "none"}
"""What small models write for "no language given"."""


MULTILINGUAL = "base"
"""The packaged multilingual Whisper model, for speech the English-only default cannot write."""

DOUBTFUL_LOGPROB = -0.55
"""tiny.en's mean log-probability per token below which its words are not trusted. Measured on the
recordings of the everyday eval: English speech -0.21 to -0.48 (a single spoken word -0.98),
Spanish, Italian and French speech -0.61 to -1.14."""

MAX_TRANSLATED_SECONDS = 300.0
"""Longer foreign speech is not translated too: the second pass costs as much as the first."""


def doubtful(heard: Transcript) -> bool:
    """An English-only transcript that may not be English: unsure words, or speech heard and no words."""
    if not heard.segments:
        return bool(heard.speech_regions)
    spoken = sum(max(s.end - s.start, 0.1) for s in heard.segments)
    return sum(s.avg_logprob * max(s.end - s.start, 0.1) for s in heard.segments) / spoken < DOUBTFUL_LOGPROB


def tools(ctx: ToolContext, engines: Engines) -> list[BaseTool]:
    def transcribe(path: str, language: str = "", translate: bool = False) -> Transcript:
        checked = ctx.access.check(path)
        code = (language or "").strip().lower()
        code = "" if code in DETECT else code
        try:
            return _transcribe(engines.speech_for_files, engines, checked, code, translate)
        except EngineUnavailable:
            if engines.speech_for_files is engines.speech:
                raise
            # The file model is not installed: the voice model's words are better than none.
            return _transcribe(engines.speech, engines, checked, code, translate)

    return [agent_tool(transcribe)]


def _transcribe(speech: SpeechTool, engines: Engines, path: Path, code: str, translate: bool) -> Transcript:
    """``path`` heard by ``speech``; an English-only model that sounds unsure hands over to base."""
    english_only = speech.model.endswith(".en")
    foreign = bool(code and code != "en") or translate
    if english_only and not foreign:
        heard = speech.transcribe(path, language=code or None)
        if code == "en" or not doubtful(heard):
            return heard
        try:
            multilingual = engines.speech_with(MULTILINGUAL)
            heard = multilingual.transcribe(path)  # which language, and its words
        except EngineUnavailable:
            return heard  # the multilingual model is not installed: the English-only words stand
    else:
        multilingual = engines.speech_with(MULTILINGUAL) if english_only else speech
        heard = multilingual.transcribe(path, language=code or None, translate=translate)
    return _with_english(heard, multilingual, path)


def _with_english(heard: Transcript, speech: SpeechTool, path: Path) -> Transcript:
    """Speech in another language, with what it says in English beside its own words."""
    if heard.task != "transcribe" or heard.language in (None, "en") or not heard.text \
            or heard.duration > MAX_TRANSLATED_SECONDS:
        return heard
    try:
        heard.english = speech.transcribe(path, language=heard.language, translate=True).text
    except ToolError:
        pass  # the transcript alone still answers
    return heard
