"""RapidOCR vs Tesseract on the rendered screenshots the tests use, and what the cache saves.

    python bench/bench_ocr.py [--repeat 3]

Prints, per engine and screenshot: first read (includes loading the model), median warm read,
character error rate against the rendered text; then an uncached vs cached read and the ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from ocr_screens import CODE, TRACEBACK, char_error_rate, dark_terminal, light_editor

from assistant.tools.errors import EngineUnavailable
from assistant.tools.ocr.engines import make_engine
from assistant.tools.ocr.reader import OcrTool


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="warm reads per engine and image (default 3)")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    with tempfile.TemporaryDirectory() as tmp:
        shots = {
            "dark traceback": (Path(tmp) / "traceback.png", TRACEBACK, dark_terminal()),
            "light code": (Path(tmp) / "code.png", CODE, light_editor()),
        }
        for path, _, image in shots.values():
            image.save(path)

        print(f"{'engine':<10} {'screenshot':<15} {'first s':>8} {'warm s':>8} {'CER %':>6}")
        engines = {}
        for name in ("rapidocr", "tesseract"):
            engine = make_engine(name)
            for label, (path, truth, _) in shots.items():
                try:
                    times, text = [], ""
                    for _ in range(args.repeat + 1):
                        # No cache dir and a fresh tool: every read runs the engine.
                        start = time.perf_counter()
                        text = OcrTool(engine=engine).read(path).text
                        times.append(time.perf_counter() - start)
                except EngineUnavailable as exc:
                    print(f"{name:<10} {label:<15} unavailable: {exc}")
                    break
                engines[name] = engine
                cer = 100 * char_error_rate(truth, text)
                print(f"{name:<10} {label:<15} {times[0]:>8.3f} {statistics.median(times[1:]):>8.3f} {cer:>6.2f}")

        print()
        print(f"{'engine':<10} {'uncached s':>10} {'cached (mem) s':>15} {'cached (disk) s':>16} {'ratio':>8}")
        path = shots["dark traceback"][0]
        for name, engine in engines.items():
            cache = Path(tmp) / f"cache-{name}"
            tool = OcrTool(engine=engine, cache_dir=cache)
            uncached = tool.read(path)
            mem = statistics.median(tool.read(path).seconds for _ in range(5))
            # A new tool has an empty memory cache: this is what a second CLI call costs.
            disk = statistics.median(OcrTool(engine=engine, cache_dir=cache).read(path).seconds for _ in range(5))
            ratio = uncached.seconds / max(disk, 1e-9)
            print(f"{name:<10} {uncached.seconds:>10.3f} {mem:>15.5f} {disk:>16.5f} {ratio:>7.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
