#!/usr/bin/env bash
# Launch `assistant chat` in a real terminal (tmux), attach a screenshot, ask about it, and save
# what the screen shows. Needs tmux (apt-get install -y tmux) and the venv's `assistant`.
#
#   bench/tui_tmux_demo.sh [--model NAME] [--image PATH] [--question TEXT] [--out FILE] [--wait SECONDS]
#
# With --model scripted:FILE it checks the UI mechanics; with the embedded model (the default
# model of the settings) it shows a real answer. Without --image a small screenshot-like PNG with
# an error message is drawn with Pillow.
set -euo pipefail

MODEL=""
IMAGE=""
QUESTION="What error does this screenshot show?"
OUT="tui_capture.txt"
WAIT=120
SESSION="assistant-demo-$$"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) MODEL="$2"; shift 2 ;;
    --image) IMAGE="$2"; shift 2 ;;
    --question) QUESTION="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --wait) WAIT="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

command -v tmux >/dev/null || { echo "tmux is not installed: apt-get install -y tmux" >&2; exit 1; }
ASSISTANT="${ASSISTANT:-$(command -v assistant || true)}"
[[ -n "$ASSISTANT" ]] || { echo "no 'assistant' on PATH: activate the venv first" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$WORK"' EXIT

if [[ -z "$IMAGE" ]]; then
  IMAGE="$WORK/screenshot.png"
  python - "$IMAGE" <<'EOF'
import sys
from PIL import Image, ImageDraw, ImageFont
img = Image.new("RGB", (640, 200), (30, 30, 30))
d = ImageDraw.Draw(img)
try:
    font = ImageFont.truetype("DejaVuSansMono.ttf", 20)
except OSError:
    font = ImageFont.load_default()
for i, line in enumerate(["$ make build", "gcc -o app main.c", "main.c:12: error: 'count' undeclared",
                          "make: *** [app] Error 1"]):
    d.text((16, 16 + 40 * i), line, fill=(230, 230, 230), font=font)
img.save(sys.argv[1])
EOF
fi

ARGS=(chat)
[[ -n "$MODEL" ]] && ARGS+=(--model "$MODEL")
CMD="$(printf '%q ' "$ASSISTANT" "${ARGS[@]}")"
tmux new-session -d -s "$SESSION" -x 140 -y 45 "TERM=xterm-256color $CMD"

start=$(date +%s.%N)
# Wait for the first paint (the prompt's placeholder is on screen).
for _ in $(seq 1 100); do
  if tmux capture-pane -p -t "$SESSION" | grep -q "Ask anything"; then break; fi
  sleep 0.1
done
painted=$(date +%s.%N)
echo "first paint seen after $(python -c "print(f'{$painted - $start:.2f}')") s (tmux polling, 0.1 s steps)"

tmux send-keys -t "$SESSION" -l "/image $IMAGE"
tmux send-keys -t "$SESSION" Enter
sleep 1
tmux send-keys -t "$SESSION" -l "$QUESTION"
tmux send-keys -t "$SESSION" Enter

# Wait for the answer: the stage-timing line ("total N.NNs") or a failure, up to WAIT seconds.
deadline=$(( $(date +%s) + WAIT ))
while (( $(date +%s) < deadline )); do
  screen="$(tmux capture-pane -p -t "$SESSION")"
  if grep -qE "total [0-9.]+s|failed:|not ready:" <<<"$screen"; then break; fi
  sleep 0.5
done
sleep 0.5
tmux capture-pane -p -t "$SESSION" > "$OUT"
echo "screen saved to $OUT"
tmux send-keys -t "$SESSION" C-q
sleep 1
grep -qE "total [0-9.]+s" "$OUT" && echo "answer on screen" || { echo "no finished answer on screen" >&2; exit 1; }
