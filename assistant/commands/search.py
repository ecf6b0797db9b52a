"""`assistant search "QUERY"`: find indexed images by what they show (CLIP) and the text in them.

assistant search "build failed" -k 5          # fused CLIP + OCR-text + keyword + label ranking
assistant search "photos with a dog"          # labels the `see` models stored at index time
assistant search --labels dog,person          # only images labelled with all of these
assistant search --image shot.png             # images like this one
assistant search --image cat.jpg --labels "cat,dog,car"   # zero-shot labels (needs CLIP)
assistant search "invoice 2024" --json        # {"hits": [{path, score, signals, matched, labels, ...}]}
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.cli import CliContext
    from assistant.tools.images.search import ImageHit


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("search", help="search indexed images by text or by an example image")
    parser.add_argument("query", nargs="?", default="", help="what the image shows or says")
    parser.add_argument("-k", type=int, default=10, help="how many results (default 10)")
    parser.add_argument("--image", help="find images similar to this image instead of a text query")
    parser.add_argument(
        "--labels",
        help="comma-separated object labels: only images labelled with all of them (dog,person);"
        " with --image: labels to score by CLIP zero-shot",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from assistant.terminal_text import clean, json_text
    from assistant.tools.errors import ToolInputError
    from assistant.tools.images.labels import labels_text
    from assistant.tools.images.search import ImageSearch

    if not args.image and not args.query.strip() and not (args.labels or "").strip(","):
        raise ToolInputError('give a query, e.g. assistant search "build failed", --labels dog, or --image PATH')
    index = ctx.engines.open_image_index()  # this command's own handle, closed below
    try:
        search = ImageSearch(index)
        if args.labels and args.image:
            scored = search.labels(args.image, args.labels.split(","))
            if args.json:
                print(json_text(scored.to_dict()))
            else:
                for label, p in scored.labels:
                    print(clean(f"{p:7.2%}  {label}"))
            return 0
        notice = index.mode_notice()
        if notice:
            print(notice, file=sys.stderr)
        if args.image:
            result = search.similar(args.image, k=args.k)
        else:
            result = search.search(args.query, k=args.k, labels=(args.labels or "").split(","))
    finally:
        index.close()
    if args.json:
        print(json_text(result.to_dict()))
        return 0
    if result.note:
        print(clean(result.note), file=sys.stderr)
    if not result.hits:
        print("no matching images")
        return 0
    for i, hit in enumerate(result.hits, start=1):
        text = f'  "{hit.matched_text}"' if hit.matched_text else ""
        labels = f"  labels: {labels_text(hit.labels)}" if hit.labels else ""
        print(clean(f"{i:2}. {hit.path}  [{matched_by(hit)}] {hit.score:.4f}{labels}{text}"))
    return 0


def matched_by(hit: ImageHit) -> str:
    """'text: keyword+ocr, labels': the kinds of evidence, with the text signals spelled out."""
    from assistant.tools.images.search import FAMILIES

    text = "+".join(sig for sig in hit.signals if FAMILIES.get(sig) == "text")
    return ", ".join(f"text: {text}" if kind == "text" else kind for kind in hit.matched)
