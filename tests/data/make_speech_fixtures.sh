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
