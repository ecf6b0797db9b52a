"""The one place the voice path's parts are built from the speech settings, for `assistant voice`
and the chat app's push-to-talk alike: the turn detector, the VoiceEngine, and the speaker that
reads answers aloud.

    engine = voice_engine(FileAudioSource("q.wav"), speech, settings.speech, push_to_talk=True)

A settings change (``speech.vad_silence_ms``, ``speech.pre_roll_ms``) therefore reaches both
UIs. Silero and onnxruntime load only when the first frame is judged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.settings import SpeechSettings
    from assistant.tools.speech.vad import TurnDetector
    from assistant.voice.engine import Transcriber, VoiceEngine
    from assistant.voice.speak import Speaker


def turn_detector(cfg: SpeechSettings) -> TurnDetector:
    """Silero VAD turn taking with the configured pre-roll and end-of-turn silence."""
    from assistant.tools.speech.vad import SileroVAD, TurnDetector

    return TurnDetector(SileroVAD(), pre_roll_ms=cfg.pre_roll_ms, silence_ms=cfg.vad_silence_ms)


def voice_engine(
    source: Any,
    speech: Transcriber,
    cfg: SpeechSettings,
    *,
    push_to_talk: bool = False,
    language: str | None = None,
    deaf_while: Callable[[], bool] | None = None,
) -> VoiceEngine:
    """A VoiceEngine on ``source`` with this settings' detector. In push-to-talk the VAD only
    decides when speech ended (for the early transcript and the timings)."""
    from assistant.voice.engine import VoiceEngine

    return VoiceEngine(
        source,
        turn_detector(cfg),
        speech,
        push_to_talk=push_to_talk,
        pre_roll_ms=cfg.pre_roll_ms,  # must be the detector's own (engine.py)
        language=language,
        deaf_while=deaf_while,
    )


def speaker(cfg: SpeechSettings, *, piper_voice: str | None = None, wav_out: str | None = None) -> Speaker:
    """Answers read aloud: a Piper voice (``piper_voice`` or ``speech.piper_voice``) or espeak-ng,
    to the speakers or into the WAV file ``wav_out``. A missing voice or output device is a
    one-line ToolError here, before any model loads."""
    from assistant.voice.playback import SoundDevicePlayer, WavFilePlayer
    from assistant.voice.speak import Speaker
    from assistant.voice.synth import make_synth

    synth = make_synth(piper_voice or cfg.piper_voice, cfg.espeak_voice, cfg.speak_words_per_minute)
    player = WavFilePlayer(wav_out) if wav_out else SoundDevicePlayer()
    return Speaker(synth, player)


def half_duplex(speaker: Any, barge_in: bool) -> Callable[[], bool] | None:
    """Without barge-in the engine is deaf while an answer plays (it would hear itself)."""
    if speaker is None or barge_in:
        return None
    return lambda: speaker.speaking
