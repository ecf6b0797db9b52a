"""`assistant frames VIDEO`: sample still frames with their timestamps.

    assistant frames talk.mp4                      # 8 frames spread evenly
    assistant frames talk.mp4 --every 2 --start 1:00 --end 1:30 --out frames/
    assistant frames talk.mp4 --scenes --contact-sheet sheet.jpg --json
    assistant frames talk.mp4 --find HELLO         # when the text first shows, to within 0.5 s

Frames are written only when --out is given. PyAV and Pillow load only when the command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.cli import CliContext


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "frames", help="sample frames from a video (evenly, every S seconds or at scene changes)"
    )
    parser.add_argument("path", help="the video file")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("-n", type=int, help="how many frames, spread evenly (default 8)")
    mode.add_argument("--every", type=float, metavar="S", help="one frame every S seconds")
    mode.add_argument("--scenes", action="store_true", help="one frame at each scene change")
    parser.add_argument("--start", metavar="T", help="start time: seconds, mm:ss or hh:mm:ss")
    parser.add_argument("--end", metavar="T", help="end time: seconds, mm:ss or hh:mm:ss")
    parser.add_argument("--max-frames", type=int, default=64, help="refuse or trim beyond this (default 64)")
    parser.add_argument("--threshold", type=float, help="scene-change threshold 0..1 (default 0.08)")
    parser.add_argument("--out", metavar="DIR", help="write the frames as JPEG files into DIR")
    parser.add_argument("--png", action="store_true", help="with --out: write PNG instead of JPEG")
    parser.add_argument("--contact-sheet", metavar="FILE", help="write one image tiling all frames")
    parser.add_argument("--columns", type=int, default=4, help="contact sheet columns (default 4)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--find", metavar="TEXT",
        help="when TEXT first appears on screen (OCR; --every sets the first pass's spacing)",
    )
    parser.add_argument(
        "--precision", type=float, default=0.5, metavar="S",
        help="with --find: narrow the time down to S seconds (default 0.5)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from assistant.tools.errors import ToolInputError
    from assistant.tools.video import (
        contact_sheet,
        format_timestamp,
        parse_timestamp,
        sample_frames,
        save_frames,
    )

    start = parse_timestamp(args.start) if args.start is not None else None
    end = parse_timestamp(args.end) if args.end is not None else None
    if args.find is not None:
        return _find(args, ctx, start, end)
    frameset = sample_frames(
        Path(args.path),
        n=args.n,
        every=args.every,
        scenes=args.scenes,
        start=start,
        end=end,
        max_frames=args.max_frames,
        scene_threshold=args.threshold,
    )
    if args.out:
        save_frames(frameset, Path(args.out), fmt="png" if args.png else "jpg")
    sheet_path = None
    if args.contact_sheet:
        sheet_path = Path(args.contact_sheet).expanduser()
        try:
            sheet_path.parent.mkdir(parents=True, exist_ok=True)
            contact_sheet(frameset, columns=args.columns).save(sheet_path)
        except (OSError, ValueError) as exc:  # ValueError: Pillow knows no such extension
            raise ToolInputError(f"cannot write contact sheet {sheet_path}: {exc}") from None

    if args.json:
        data = frameset.to_dict()
        if sheet_path:
            data["contact_sheet"] = str(sheet_path)
        json.dump(data, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    from assistant.terminal_text import clean

    print(clean(frameset.summary()))
    for frame in frameset.frames:
        extra = f"  change {frame.score:.2f}" if frame.score is not None else ""
        where = f"  {frame.path}" if frame.path else ""
        print(f"{frame.index:4d}  {format_timestamp(frame.timestamp):>10}{extra}{where}")
    if frameset.truncated:
        print(f"(more scene changes than --max-frames={args.max_frames}; kept the largest)")
    if sheet_path:
        print(f"contact sheet: {sheet_path}")
    return 0


def _find(args: argparse.Namespace, ctx: CliContext, start: float | None, end: float | None) -> int:
    from assistant.tools.errors import ToolInputError
    from assistant.tools.video.frames import format_timestamp
    from assistant.tools.when.in_video import find_text_appearance

    if args.n is not None or args.scenes or args.out or args.contact_sheet:
        raise ToolInputError("--find reads frames itself; use it without -n, --scenes, --out or --contact-sheet")
    # RapidOCR gets the frame-tuned detector (assistant.tools.video.frame_ocr); another engine is used as set.
    ocr = ctx.engines.frame_ocr if ctx.settings.ocr.engine == "rapidocr" else ctx.engines.ocr
    result = find_text_appearance(
        Path(args.path), args.find, ocr, step=args.every, precision=args.precision, start=start, end=end,
        max_frames=args.max_frames,
    )
    if args.json:
        json.dump(result.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    print(result.answer())
    for check in result.checks:
        print(f"{format_timestamp(check.timestamp):>10}  {'found' if check.present else '-'}")
    print(result.summary(), file=sys.stderr)
    return 0
