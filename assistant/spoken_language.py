"""Which language a recording is in, when the question says so ("I don't speak Spanish - what is
she saying?"), and whether the user wants it in English.

The default Whisper model (tiny.en) writes any speech as English: a Spanish sentence came out as
"I'm not sure if I can get out of here." A named language sends the recording to the packaged
multilingual model instead (tools/speech: ``base``), transcribing in that language, or
translating to English when the question asks for the meaning.
"""

from __future__ import annotations

import re

LANGUAGES = {
    "spanish": "es", "french": "fr", "german": "de", "italian": "it", "portuguese": "pt", "dutch": "nl",
    "polish": "pl", "russian": "ru", "ukrainian": "uk", "czech": "cs", "swedish": "sv", "norwegian": "no",
    "danish": "da", "finnish": "fi", "greek": "el", "turkish": "tr", "arabic": "ar", "hebrew": "he",
    "hindi": "hi", "japanese": "ja", "chinese": "zh", "mandarin": "zh", "cantonese": "yue", "korean": "ko",
    "vietnamese": "vi", "thai": "th", "indonesian": "id", "romanian": "ro", "hungarian": "hu", "catalan": "ca",
}
"""Language names people use, to Whisper's codes (English is the default model's own)."""
_NAMED = re.compile(r"\b(" + "|".join(LANGUAGES) + r")\b", re.IGNORECASE)
_IN_ENGLISH = re.compile(
    r"\b(translat\w*|in english|(don't|do not|can't|cannot) (speak|understand)|what does (it|she|he|that) mean|"
    r"what is (she|he|it|the speaker) saying|what (are|is) (they|she|he) saying|meaning)\b", re.IGNORECASE)


def named_language(question: str) -> str | None:
    """The Whisper code of the language the question names, or None."""
    m = _NAMED.search(question)
    return LANGUAGES[m.group(1).lower()] if m else None


def wants_english(question: str) -> bool:
    """Whether the question asks what the speech means, in English, rather than its words."""
    return _IN_ENGLISH.search(question) is not None


__all__ = ["LANGUAGES", "named_language", "wants_english"]
