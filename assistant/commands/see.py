"""`assistant see IMAGE`: what is in a photo, from an 80-class detector and a 1000-class classifier.

    assistant see dog.jpg                          # objects with scores and boxes, top-5 classes
    assistant see dog.jpg --json                   # one JSON object (objects, counts, classes...)
    assistant see dog.jpg --out boxes.png          # also draw the boxes into boxes.png
    assistant see dog.jpg --min-score 0.4          # keep only surer detections

The models (YOLOv3-tiny, MobileNetV2) come from packages installed by scripts/install_vision.sh
and load only when the command runs; threads and the default threshold are in ``[sight]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.cli import CliContext
    from assistant.tools.sight.see import SightResult


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("see", help="name the objects in a photo (80 COCO classes) and what it shows (1000 ImageNet classes)")
    parser.add_argument("path", help="the image file (PNG, JPEG, WebP, GIF, BMP, TIFF)")
    parser.add_argument("--json", action="store_true", help="print one JSON object: objects, counts, classes, size, timing")
    parser.add_argument("--out", metavar="FILE", help="write the image with boxes drawn (.png, .jpg or .webp)")
    parser.add_argument("--min-score", type=float, metavar="S", help="detection threshold 0..1 (default: settings sight.min_score)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from assistant.tools.sight.see import check_out_path, save_annotated

    if args.out:
        check_out_path(args.out)
    result, image = ctx.engines.sight.look_with_image(args.path, min_score=args.min_score)
    written = save_annotated(image, result, args.out) if args.out else None
    if args.json:
        payload = result.to_dict() | ({"annotated": str(written)} if written else {})
        json.dump(payload, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    print(_text_report(result))
    if written:
        print(f"boxes drawn into {written}")
    return 0


def _text_report(result: SightResult) -> str:
    lines = [f"{result.source}: {result.width}x{result.height}, {result.seconds:.2f} s ({', '.join(result.models)})"]
    lines += [f"note: {note}" for note in result.notes()]
    if result.objects:
        counts = ", ".join(f"{label} {n}" for label, n in result.counts.items())
        lines.append(f"objects (score >= {result.min_score:g}): {counts}")
        lines += [f"  {d.label:<14} {d.score:.2f}  box {d.box[0]},{d.box[1]},{d.box[2]},{d.box[3]}" for d in result.objects]
    else:
        lines.append(f"objects (score >= {result.min_score:g}): none of the 80 COCO classes found")
    lines.append("ImageNet top-5: " + ", ".join(f"{c.label} {c.score:.2f}" for c in result.classes))
    return "\n".join(lines)
