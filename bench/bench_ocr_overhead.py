"""OCR through the tool (load, hash, cache lookup, line rebuild) vs the raw engine call, same run.

    python bench/bench_ocr_overhead.py [--repeat 5]

Targets (issue 3): tool overhead under 5 % of the engine call; a second read of the same image
(the cache) under 10 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from ocr_screens import dark_terminal

from assistant.tools.media import load_image
from assistant.tools.ocr.engines import make_engine
from assistant.tools.ocr.reader import OcrTool


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--engine", default="rapidocr")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        shot = Path(tmp) / "traceback.png"
        dark_terminal().save(shot)
        engine = make_engine(args.engine)
        image = load_image(shot).image
        engine.recognize(image)  # load the model once, outside the timings
        raw, tool_times, cached = [], [], []
        for i in range(args.repeat):
            t = time.perf_counter()
            engine.recognize(load_image(shot).image)
            raw.append(time.perf_counter() - t)
            tool = OcrTool(engine=engine, cache_dir=Path(tmp) / f"cache{i}")  # cold cache each time
            t = time.perf_counter()
            tool.read(shot)
            tool_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            tool.read(shot)
            cached.append(time.perf_counter() - t)
    r, o, c = statistics.median(raw), statistics.median(tool_times), statistics.median(cached)
    print(f"OCR ({args.engine}), median of {args.repeat}, traceback screenshot")
    print(f"  {'raw engine (load image + recognize)':40s} {r:8.3f} s")
    print(f"  {'OcrTool.read, cold cache':40s} {o:8.3f} s   overhead {100 * (o / r - 1):6.1f} %  "
          f"target < 5 %: {'MET' if o <= 1.05 * r else 'MISSED'}")
    print(f"  {'OcrTool.read, second call (cache)':40s} {1000 * c:8.2f} ms  "
          f"target < 10 ms: {'MET' if c < 0.010 else 'MISSED'}")


if __name__ == "__main__":
    main()
