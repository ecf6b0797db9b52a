"""The voice path: audio frames -> turns -> streaming transcription -> session turns -> answers.

    engine.py   VoiceEngine: a source and a turn detector in, typed voice events out; Whisper
                runs in a worker thread while the person speaks, so the final transcript is
                ready soon after they stop
    worker.py   the transcription worker (one thread, newest pending job wins)
    build.py    the one builder of the turn detector, the engine and the speaker from the speech
                settings (`assistant voice` and the chat's push-to-talk)
    turn.py     VoiceTurns: one heard utterance -> one Session turn marked from speech (and
                heard, when a speaker reads the answer) -> VoiceTurnDone; both UIs use it
    loop.py     VoiceLoop: each final transcript becomes a voice turn; listening goes on while
                an answer is written and read (barge-in); spoken yes/no for privileged calls
    speak.py    spoken answers sentence by sentence as they stream (Speaker, SentenceChunker)
    synth.py    offline text to speech: espeak-ng, or a Piper voice model
    playback.py where spoken answers go: the speakers (sounddevice) or a WAV file
    events.py   the typed voice events the CLI (and any UI) renders; VoiceTurnDone.record
                computes a voice turn's stage timings, once for every UI

Nothing here imports faster-whisper, onnxruntime or sounddevice at module top.
"""
