"""Image index benchmark: indexing rate (OCR uncached vs cached), re-index of an unchanged folder,
and query latency p50/p95, on rendered screenshots with embedded chromadb (OCR-text mode); with
labels: what the `see` models add per photo at index time, and label-query latency.

    python bench/bench_image_search.py                       # 1k images, 20 uncached
    python bench/bench_image_search.py --n 1000 10000 --uncached 20 --queries 50
    python bench/bench_image_search.py --uncached 0 --n 10000 --labels   # + label search at 10k

Real OCR (RapidOCR) runs on ``--uncached`` images; the big runs pre-fill the OCR cache with the
rendered text in the exact format OcrTool writes (what a first index leaves behind), so they
measure hashing, MiniLM embedding, chromadb writes and the catalog, not N x OCR on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

WORDS = [
    "build",
    "failed",
    "linker",
    "error",
    "invoice",
    "total",
    "due",
    "connection",
    "refused",
    "timeout",
    "kernel",
    "panic",
    "disk",
    "full",
    "permission",
    "denied",
    "segmentation",
    "fault",
    "deploy",
    "succeeded",
    "payment",
    "overdue",
    "meeting",
    "notes",
]


def render_set(folder: Path, n: int, seed: int = 0) -> dict[Path, str]:
    from ocr_screens import render_text

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    texts = {}
    for i in range(n):
        text = f"#{i} " + " ".join(rng.choice(WORDS) for _ in range(5)) + f"\ncode E{1000 + i}"
        path = folder / f"shot_{i:05d}.png"
        render_text(text, size=14, pad=8).save(path)
        texts[path] = text
    return texts


def prefill_ocr_cache(cache: Path, texts: dict[Path, str]) -> None:
    import hashlib

    from assistant.tools.ocr.reader import CACHE_FORMAT, OcrTool

    key = OcrTool().engine.cache_key
    cache.mkdir(parents=True, exist_ok=True)
    for path, text in texts.items():
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        result = {
            "text": text,
            "lines": [],
            "engine": "rapidocr",
            "seconds": 0.0,
            "image_sha256": sha,
            "cached": False,
        }
        (cache / f"{key}-{sha}.json").write_text(json.dumps({"format": CACHE_FORMAT, "result": result}))


_ENGINE: list[object] = []


def new_index(path: Path, cache: Path, embedder: object, sight: object = None):  # type: ignore[no-untyped-def]
    from assistant.tools.images.index import ImageIndex
    from assistant.tools.ocr.engines import make_engine
    from assistant.tools.ocr.reader import OcrTool

    if not _ENGINE:  # one engine for every index, so its model load is paid once, in the warm-up
        _ENGINE.append(make_engine("rapidocr"))
    ocr = OcrTool(engine=_ENGINE[0], cache_dir=cache)  # type: ignore[arg-type]
    return ImageIndex(path, ocr=ocr, text_embedder=embedder, sight=sight, batch_size=32)  # type: ignore[arg-type]


def timed_update(index, folder: Path) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    report = index.update([folder])
    return time.perf_counter() - start, report


def ocr_rates(work: Path, n: int, embedder: object) -> None:
    folder = work / f"ocr{n}"
    render_set(folder, n, seed=1)
    cache = work / "ocr-cache-small"
    warm = new_index(work / "warm-up", work / "throwaway", embedder)
    warm.update([render_folder_one(work)])  # load RapidOCR + MiniLM outside the timings
    warm.close()
    t_uncached, _ = timed_update(new_index(work / "idx-uncached", cache, embedder), folder)
    t_cached, _ = timed_update(new_index(work / "idx-cached", cache, embedder), folder)
    print(f"\nindexing {n} screenshots, real RapidOCR (2-core CPU):")
    print(f"  OCR uncached : {n / t_uncached:7.2f} img/s  ({t_uncached:.1f} s)")
    print(f"  OCR cached   : {n / t_cached:7.2f} img/s  ({t_cached:.1f} s)")
    print(f"  cached / uncached speed-up: {t_uncached / t_cached:.1f}x")


def render_folder_one(work: Path) -> Path:
    folder = work / "one"
    render_set(folder, 1, seed=99)
    return folder


def scale(work: Path, n: int, queries: int, embedder: object, with_labels: bool = False) -> None:
    from assistant.tools.images.search import ImageSearch

    folder = work / f"scale{n}"
    t0 = time.perf_counter()
    texts = render_set(folder, n, seed=n)
    cache = work / f"cache{n}"
    prefill_ocr_cache(cache, texts)
    prep = time.perf_counter() - t0
    index = new_index(work / f"idx{n}", cache, embedder)
    first, _ = timed_update(index, folder)
    again, report2 = timed_update(index, folder)
    assert report2.unchanged == n and report2.added == 0, report2  # type: ignore[attr-defined]
    search = ImageSearch(index)
    rng = random.Random(7)
    latencies = []
    for q in range(queries):
        query = " ".join(rng.sample(WORDS, 2)) if q % 2 else f"code E{1000 + rng.randrange(n)}"
        start = time.perf_counter()
        search.search(query, k=10)
        latencies.append(time.perf_counter() - start)
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p95 = latencies[max(0, int(0.95 * len(latencies)) - 1)] * 1000
    print(f"\n{n} images (OCR cache pre-filled; rendering + cache took {prep:.1f} s):")
    print(f"  first index        : {first:8.2f} s  = {n / first:7.1f} img/s")
    print(
        f"  re-index unchanged : {again:8.2f} s  = {100 * again / first:5.2f} % of the first (target < 5 %)"
    )
    print(f"  query latency      : p50 {p50:6.1f} ms   p95 {p95:6.1f} ms  ({queries} queries, k=10)")
    if with_labels:
        label_queries(index, queries, rng)
    index.close()


def label_queries(index, queries: int, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    """Label search latency once every image carries labels like a photo's (2 objects, 5 classes).

    The labels are written straight into the catalog (running the models on N screenshots would
    measure nothing but the models); the per-photo model cost is in ``sight_cost``."""
    from assistant.tools.images.catalog import BlobRow, LabelRow
    from assistant.tools.images.search import ImageSearch

    coco = ["person", "dog", "cat", "car", "bus", "cup", "chair", "bicycle", "bird", "laptop"]
    imagenet = [(207, "golden retriever"), (285, "Egyptian cat"), (967, "espresso"), (654, "minibus"),
                (620, "laptop"), (916, "web site"), (782, "screen"), (851, "television")]
    shas = sorted({f.sha256 for root in index.roots() for f in index.catalog.files_under(str(root)).values()
                   if f.sha256})
    blobs = [BlobRow(sha, 1, None, "bench") for sha in shas]
    labels = {sha: [LabelRow(sha, "object", lab, rng.uniform(0.25, 1), 1) for lab in rng.sample(coco, 2)]
              + [LabelRow(sha, "class", name, rng.uniform(0, 0.5), 1, cid) for cid, name in rng.sample(imagenet, 5)]
              for sha in shas}
    index.catalog.commit_batch(blobs, [], labels)
    search = ImageSearch(index)
    for name, run in (("photos with a dog", lambda: search.search("photos with a dog", k=10)),
                      ("--labels person,car", lambda: search.search("", k=10, labels=["person", "car"])),
                      ("text query", lambda: search.search("kernel panic", k=10))):
        times = []
        for _ in range(queries):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        times.sort()
        print(f"  with labels, {name:20}: p50 {statistics.median(times) * 1000:6.1f} ms"
              f"   p95 {times[max(0, int(0.95 * len(times)) - 1)] * 1000:6.1f} ms")


def sight_cost(work: Path, embedder: object) -> None:
    """Index the real sample photos with and without the `see` models: what labels cost per photo."""
    import shutil

    from assistant.tools.sight.see import SightTool
    from tests.data.sight_photos import PHOTOS, photo

    folder = work / "photos"
    folder.mkdir()
    for name in PHOTOS:
        path = photo(name)
        if path is None:
            print("\nsight cost: sample photos unavailable (pip download failed); skipped")
            return
        shutil.copy(path, folder / name)
    SightTool().models.load()  # loading (~1-2 s) is paid once per process, outside the timing
    cache = work / "photo-ocr-cache"
    timed_update(new_index(work / "photos-warm", cache, embedder), folder)  # fills the OCR cache
    plain, _ = timed_update(new_index(work / "photos-plain", cache, embedder), folder)
    labelled, report = timed_update(new_index(work / "photos-sight", cache, embedder, SightTool()), folder)
    n = len(PHOTOS)
    print(f"\nlabels at index time, {n} real photos (OCR cached, models loaded):")
    print(f"  without labels {plain / n * 1000:7.1f} ms/photo, with labels {labelled / n * 1000:7.1f} ms/photo"
          f"  (+{(labelled - plain) / n * 1000:.1f} ms; {report.labelled} looked at)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000], help="index sizes (default 1000)")
    parser.add_argument("--uncached", type=int, default=20, help="images for the real-OCR rate (default 20)")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--labels", action="store_true", help="also label-query latency and per-photo label cost")
    args = parser.parse_args()
    from assistant.tools.embedding.embedders import MiniLMEmbedder

    embedder = MiniLMEmbedder()
    with tempfile.TemporaryDirectory(prefix="bench-image-search-") as tmp:
        work = Path(tmp)
        if args.uncached:
            ocr_rates(work, args.uncached, embedder)
        if args.labels:
            sight_cost(work, embedder)
        for n in args.n:
            scale(work, n, args.queries, embedder, args.labels)


if __name__ == "__main__":
    main()
