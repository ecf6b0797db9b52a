"""Answer a when-question about a file: on-screen text in a video, or speech in audio or video.

    result = answer_when_question("clip.mp4", "When does the word HELLO first appear?",
                                  ocr=frame_ocr_tool(), speech=SpeechTool())
    if result is not None:                  # None: not a when-question about a text
        print(result.answer())

Where to look follows the question ("shown" -> screen, "said" -> speech); a question that does
not say is searched on screen in a video, then in its sound if the text was not seen, and in
the speech of an audio file.
"""

from __future__ import annotations

from pathlib import Path

from assistant.tools.errors import EngineUnavailable, ToolInputError
from assistant.tools.video.frames import VideoInfo, probe
from assistant.tools.when.in_speech import SpokenMention, WordTranscriber, find_spoken
from assistant.tools.when.in_video import DEFAULT_PRECISION, TextAppearance, TextReader, find_text_appearance
from assistant.tools.when.question import WhenQuery, when_question

WhenResult = TextAppearance | SpokenMention


def find_when(
    path: str | Path,
    query: WhenQuery,
    *,
    ocr: TextReader,
    speech: WordTranscriber | None = None,
    precision: float = DEFAULT_PRECISION,
    language: str | None = None,
) -> WhenResult:
    """Search ``path`` for ``query.text`` where the question says; raises ToolInputError for a
    bad file, EngineUnavailable when speech is needed but ``speech`` is None."""
    info: VideoInfo | None = None
    not_video: ToolInputError | None = None
    try:
        info = probe(path)
    except ToolInputError as exc:
        not_video = exc  # audio-only, or unreadable: the speech path judges it
    where = query.resolved(has_video=info is not None)
    if where == "screen":
        if info is None:
            assert not_video is not None
            raise not_video
        seen = find_text_appearance(path, query.text, ocr, precision=precision)
        if seen.found or query.source != "either" or not info.has_audio or speech is None:
            return seen
        heard = find_spoken(path, query.text, speech, language=language)
        return heard if heard.found else seen
    if speech is None:
        raise EngineUnavailable("no speech model is configured, so speech cannot be searched")
    return find_spoken(path, query.text, speech, language=language)


def answer_when_question(
    path: str | Path,
    question: str,
    *,
    ocr: TextReader,
    speech: WordTranscriber | None = None,
    precision: float = DEFAULT_PRECISION,
) -> WhenResult | None:
    """``find_when`` for a question in words; None when it is not a when-question about a text."""
    query = when_question(question)
    if query is None:
        return None
    return find_when(path, query, ocr=ocr, speech=speech, precision=precision)


__all__ = ["WhenResult", "answer_when_question", "find_when"]
