"""Speech: Whisper transcription with timestamps, voice activity, audio decoding and sources.

    transcript = SpeechTool().transcribe("talk.wav"); print(transcript.text)

Names load from their modules on first use (see assistant.tools.lazy_exports).
"""

from __future__ import annotations

from typing import Any

from assistant.tools.lazy_exports import load

EXPORTS = {
    "SpeechTool": "transcriber",
    "Transcript": "transcript",
    "Segment": "transcript",
    "SileroVAD": "vad",
    "TurnDetector": "vad",
    "FileAudioSource": "audio_source",
    "MicrophoneSource": "audio_source",
    "decode_audio": "audio_io",
    "check_file": "audio_io",
    "SAMPLE_RATE": "audio_io",
}
__all__ = sorted(EXPORTS)


def __getattr__(name: str) -> Any:
    return load(__name__, EXPORTS, name)
