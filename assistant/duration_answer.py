""""How long is this video?" / "What is the running time of this clip?": answered from the
measured length of the one attached recording, without the model.

The length is in the reading's evidence, but the 1.5B, given a footage video's frames and
findings, answered "The running time of the clip is not provided in the given evidence." A
question about anything else that takes time ("how long does he talk?") still goes to the model.
"""

from __future__ import annotations

import re
from typing import Any

from assistant import prompts

_MEDIA = r"(?:video|clip|recording|audio|file|trailer|movie|film|footage|song|track|voice ?(?:note|memo|message)|it)"
_ASKS_LENGTH = re.compile(
    rf"^\s*(?:how long|how many (?:seconds|minutes)(?: long)?) is (?:this|the|that|my)?\s*{_MEDIA}(?: long)?"
    rf"|^\s*what(?:'s| is) the (?:running time|run ?time|duration|length|total length|playing time) of "
    rf"(?:this|the|that|my)\s+{_MEDIA}"
    rf"|^\s*(?:how long|what length) does (?:this|the|that|my)\s+{_MEDIA} (?:last|run|play|take)",
    re.IGNORECASE,
)
_NOTHING_MORE = re.compile(r"^\s*(?:in (?:seconds|minutes)|exactly|altogether|in total|please)?[\s?.!]*$",
                           re.IGNORECASE)


def asks_length(question: str) -> bool:
    """Whether the question asks only how long the attached recording is."""
    m = _ASKS_LENGTH.search(question)
    return m is not None and _NOTHING_MORE.match(question[m.end():]) is not None


def length_answer(name: str, result: Any) -> str:
    """The answer from a reading with a ``duration`` in seconds; "" when it has none."""
    duration = getattr(result, "duration", None)
    if not isinstance(duration, (int, float)) or duration <= 0:
        return ""
    minutes, seconds = divmod(float(duration), 60)
    return prompts.render("turns", "length_answer", name=name, seconds=f"{duration:.1f}",
                          clock=f"{int(minutes)}:{seconds:04.1f}").strip()


__all__ = ["asks_length", "length_answer"]
