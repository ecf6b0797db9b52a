"""`assistant ocr IMAGE`: print the text in an image, indentation kept.

    assistant ocr shot.png                         # the text, one line per screen row
    assistant ocr shot.png --engine tesseract      # the alternative engine
    assistant ocr shot.png --json                  # text, lines with boxes, timing, error analysis

Results are cached by image hash under ``<home>/cache/ocr``: asking again costs nothing.
The OCR engine and Pillow load only when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.cli import CliContext

ENGINES = ("rapidocr", "tesseract")  # mirrors assistant.tools.ocr.engines.ENGINE_NAMES without importing it


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("ocr", help="read the text in an image (screenshots keep their indentation)")
    parser.add_argument("path", help="the image file (PNG, JPEG, WebP, GIF, BMP, TIFF)")
    parser.add_argument("--engine", choices=ENGINES, help="OCR engine (default: settings ocr.engine, rapidocr)")
    parser.add_argument("--json", action="store_true", help="print one JSON object with lines, boxes and analysis")
    parser.add_argument("--no-cache", action="store_true", help="read the image again even if cached")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from assistant.terminal_text import clean, json_text
    from assistant.tools.ocr.screen_text import analyze

    result = ctx.engines.ocr_with(args.engine, cache=not args.no_cache).read(args.path)
    if args.json:
        payload = result.to_dict() | {"analysis": analyze(result.text).to_dict()}
        sys.stdout.write(json_text(payload))
        sys.stdout.write("\n")
        return 0
    if result.text:
        print(clean(result.text))
    else:
        print(f"no text found in {clean(str(args.path))}", file=sys.stderr)
    return 0
