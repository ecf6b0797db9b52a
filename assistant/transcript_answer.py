""""Transcribe this" / "What is said in this clip?": the answer is the transcript itself.

A small model asked for the words of a recording summarises, comments on or misquotes them
(asked "What is said in this clip?", the 1.5B answered with a remark about the novel and a
character the clip never names). The transcript is what the user asked for, so it is shown as
Whisper heard it, with its times when there is more than one segment.
"""

from __future__ import annotations

import re
from typing import Any

from assistant import prompts

_WORDS_WANTED = re.compile(
    r"\b(transcribe|transcript|transcription|word for word|verbatim|dictat(e|ion))\b"
    r"|\bwhat (is|was|are|were|gets|got) (being )?(said|spoken|read( out)?)\b"
    r"|\bwhat (does|did) (he|she|they|it|someone|somebody|the (speaker|person|man|woman|voice|narrator|reader|"
    r"recording|clip|audio|file|message)) (say|read)\b"
    r"|\bwhat (are|were) the (exact )?words\b|\bwrite (down|out) (what|everything) (is|was|gets) (said|spoken)\b",
    re.IGNORECASE,
)


_NOTHING_MORE = re.compile(
    r"^[\s,]*(?:for me|please)?[\s,]*(?:(?:in|on|from|of)?\s*(?:this|the|that|my|attached|it)(?:\s+[\w'-]+){0,2})?"
    r"[\s,]*(?:for me|please)?[\s?.!]*$", re.IGNORECASE)
"""What may follow: "... in this clip?", "... of my voice note, please". "What is said about the
cat?" asks about the words, and the model answers it from the transcript."""


def asks_for_words(question: str) -> bool:
    """Whether the question asks for the words spoken, not for something about them."""
    m = _WORDS_WANTED.search(question)
    return m is not None and _NOTHING_MORE.match(question[m.end():]) is not None


def transcript_answer(name: str, result: Any) -> str:
    """The answer to "transcribe this" from a transcription result; "" when it heard no words."""
    segments = [s for s in getattr(result, "segments", []) if s.text.strip()]
    if not segments:
        return ""
    return prompts.render("turns", "transcript_answer", name=name, segments=segments,
                          duration=getattr(result, "duration", 0.0)).strip()


__all__ = ["asks_for_words", "transcript_answer"]
