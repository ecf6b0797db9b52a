"""Screenshots rendered with a real monospace font, shared by the OCR tests and bench/bench_ocr.py.

Not a test module: a plain helper so the benchmark measures the very images the tests check.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")

# What Python 3.11 prints, minus the ~~~^~~~ caret row (no OCR engine reads tildes reliably,
# and the tests assert on the lines that carry the meaning).
TRACEBACK = """\
Traceback (most recent call last):
  File "/home/sam/app/cli.py", line 17, in <module>
    main()
  File "/home/sam/app/main.py", line 42, in compute
    return total / count
ZeroDivisionError: division by zero"""

CODE = """\
def walk(tree, depth=0):
    for node in tree:
        if node.children:
            walk(node.children, depth + 1)
        else:
            print(node.name)
    return depth"""


def render_text(
    text: str,
    size: int = 16,
    pad: int = 20,
    background: tuple[int, int, int] = (30, 30, 30),
    foreground: tuple[int, int, int] = (220, 220, 220),
) -> Image.Image:
    """Draw ``text`` the way a terminal shows it: one row per line, monospace, padded."""
    font = ImageFont.truetype(str(FONT), size)
    lines = text.split("\n")
    width = int(max(font.getlength(line) for line in lines)) + 2 * pad
    row = int(size * 1.5)
    image = Image.new("RGB", (width, row * len(lines) + 2 * pad), background)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((pad, pad + i * row), line, font=font, fill=foreground)
    return image


def dark_terminal(text: str = TRACEBACK) -> Image.Image:
    return render_text(text)


def light_editor(text: str = CODE) -> Image.Image:
    return render_text(text, size=15, background=(250, 250, 248), foreground=(20, 20, 20))


def char_error_rate(reference: str, hypothesis: str) -> float:
    """Levenshtein distance over characters divided by the reference length."""
    prev = list(range(len(hypothesis) + 1))
    for i, rc in enumerate(reference, 1):
        cur = [i] + [0] * len(hypothesis)
        for j, hc in enumerate(hypothesis, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (rc != hc))
        prev = cur
    return prev[-1] / max(1, len(reference))
