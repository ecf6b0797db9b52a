#!/bin/sh
# Regenerates the committed speech fixtures (needs Debian espeak-ng and sox). CI uses the
# committed WAVs, so it needs neither. All outputs are 16 kHz mono 16-bit PCM.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
say() { # say VOICE OUT TEXT [WORDS_PER_MINUTE]
    espeak-ng -v "$1" -s "${4:-150}" -w "$tmp/raw.wav" "$3"
    sox "$tmp/raw.wav" -r 16000 -c 1 -b 16 "$2" gain -n -3
}
say en speech_fox.wav "The quick brown fox jumps over the lazy dog."
# Slower: Whisper base hears espeak-ng Spanish at 150 wpm as another language.
say es speech_spanish.wav "Buenos días. Hoy hace mucho calor en la ciudad y vamos a la playa." 130
sox -n -r 16000 -c 1 -b 16 speech_silence.wav trim 0 3
sox -n -r 16000 -c 1 -b 16 "$tmp/sil2.wav" trim 0 2
sox "$tmp/sil2.wav" speech_fox.wav speech_lead_silence.wav
# Quiet: the same sentence with its peak at -30 dBFS (about -45 dBFS RMS).
sox speech_fox.wav speech_quiet.wav gain -n -30
say en "$tmp/u1.wav" "Good morning, how are you today?"
say en "$tmp/u2.wav" "Please open the window."
sox -n -r 16000 -c 1 -b 16 "$tmp/sil15.wav" trim 0 1.5
sox -n -r 16000 -c 1 -b 16 "$tmp/sil05.wav" trim 0 0.5
sox "$tmp/sil05.wav" "$tmp/u1.wav" "$tmp/sil15.wav" "$tmp/u2.wav" "$tmp/sil15.wav" speech_two_turns.wav
# Added for the "done when" list of issue 5 (long silence/noise, 3 s lead, WER set, a question).
say en speech_garden.wav "She opened the window and looked at the quiet garden."
say en speech_train.wav "The train to the city leaves from the second platform."
say en voice_question_france.wav "What is the capital of France?"
say en "$tmp/milk.wav" "Please remember to buy milk and bread on the way home."
sox -D -n -r 16000 -c 1 -b 16 "$tmp/sil3.wav" trim 0 3  # -D: no dither, true digital silence
sox "$tmp/sil3.wav" "$tmp/milk.wav" speech_lead3_silence.wav
# 10 s files as FLAC: as 16-bit WAV they would be 320 KB, over the fixture size limit.
sox -D -n -r 16000 -c 1 -b 16 speech_silence_10s.flac trim 0 10
# Pink noise at -45 dBFS RMS (sox synth is -16.7 dBFS RMS here; -R makes it repeatable).
sox -R -n -r 16000 -c 1 -b 16 "$tmp/pink.wav" synth 10 pinknoise
sox "$tmp/pink.wav" -b 16 speech_noise_10s.flac gain -28.3
