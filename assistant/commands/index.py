"""`assistant index DIR [DIR...]`: index the images in folders for `assistant search`.

    assistant index ~/Pictures ~/Screenshots     # first run: OCR + embeddings (+ CLIP if set)
    assistant index                              # re-run every folder indexed before
    assistant index ~/Pictures --rebuild         # drop all vectors and start over

A re-run reads only new or changed files and drops deleted ones. Ctrl-C stops after the last
committed batch; run it again to go on. Progress (rate, ETA) goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.cli import CliContext


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("index", help="index image folders (OCR text, CLIP if set) for `search`")
    parser.add_argument("dirs", nargs="*", help="folders to index (default: every folder indexed before)")
    parser.add_argument(
        "--rebuild", action="store_true", help="drop the index's vectors first (e.g. new CLIP model)"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(func=run)


def _progress_bar(enabled: bool) -> tuple[Any, Any]:
    """A (callback, closer) pair drawing a tqdm bar on stderr (a plain line if tqdm is missing)."""
    if not enabled:
        return None, lambda: None
    state: dict[str, Any] = {}
    try:
        from tqdm import tqdm
    except ImportError:
        tqdm = None

    def update(done: int, total: int) -> None:
        if tqdm is None:
            if done == total:
                print(f"indexed {done}/{total} images", file=sys.stderr)
            return
        bar = state.get("bar")
        if bar is None and total == 0:
            return  # nothing to do: no empty bar
        if bar is None:
            bar = state["bar"] = tqdm(
                total=total, unit="img", file=sys.stderr, desc="indexing", dynamic_ncols=True
            )
        bar.update(done - bar.n)

    def close() -> None:
        if state.get("bar") is not None:
            state["bar"].close()

    return update, close


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from pathlib import Path

    from assistant.terminal_text import clean, json_text
    from assistant.tools.errors import ToolInputError
    from assistant.tools.images.index import check_root

    index = ctx.engines.open_image_index()  # this command's own handle, closed below
    try:
        dirs = [Path(d) for d in args.dirs] or index.roots()
        if not dirs:
            raise ToolInputError("no folder given and none indexed before; run `assistant index DIR`")
        for d in dirs:
            check_root(d)  # a typo fails before any notice or work
        notice = index.mode_notice()
        if notice:
            print(notice, file=sys.stderr)
        if args.rebuild:
            index.rebuild()
        progress, close = _progress_bar(not args.no_progress)
        try:
            report = index.update(
                dirs, progress=progress, warn=lambda m: print(f"warning: {clean(m)}", file=sys.stderr)
            )
        finally:
            close()
    finally:
        index.close()
    if args.json:
        print(json_text(report.to_dict()))
    else:
        print(clean(report.summary()))
    return 130 if report.interrupted else 0
