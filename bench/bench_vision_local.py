"""Local vision chat model: the chat wrapper vs a raw model.generate, on two tiny LLaVA sizes.

    python bench/bench_vision_local.py [--sizes 256x4,512x8] [--dtypes float32] [--tokens 64]
                                       [--repeat 7] [--threads 1]

Builds tiny random LLaVAs (assistant.models.tiny_vision; no real weights exist here), loads each
through the same path as ``llava:PATH`` and prints per size and dtype: load time, time to first
token and tokens/s for (a) LocalVisionChatModel.stream (LangChain, processor + chat template,
generation thread, streamer, decoding) and (b) processor + model.generate with the wrapper's own
generation kwargs in the calling thread, plus the wrapper's overhead. Both sides process the
image every run and start with empty caches, like a new turn. Runs are paired (wrapper and raw
back to back, order alternating) and the overhead is the median of the per-pair ratios, so a
busy machine's drift cancels out; the spread (min..max of those ratios) is printed as well, with
"best" (fastest wrapper run / fastest raw run) and "cpu" (process CPU time, both threads).
End-of-sequence is switched off so every run makes exactly --tokens tokens. Random weights:
speed only, never quality; a real 7B checkpoint is ~1000x larger per token.
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
sys.path[:0] = [str(ROOT)]


class _FirstToken:
    """Notes when generate() hands over the first new token (its first put is the prompt)."""

    def __init__(self) -> None:
        self.calls = 0
        self.at: float | None = None

    def put(self, value) -> None:  # type: ignore[no-untyped-def]
        self.calls += 1
        if self.calls == 2:
            self.at = time.perf_counter()

    def end(self) -> None:
        pass


def _fresh(runtime) -> None:  # type: ignore[no-untyped-def]
    runtime.clear_input_caches()  # decode and encode the image every time, like a new turn


def _run_wrapper(chat, runtime, messages, tokens):  # type: ignore[no-untyped-def]
    _fresh(runtime)
    cpu = time.process_time()
    start = time.perf_counter()
    first = None
    for chunk in chat.stream(messages):
        if first is None and chunk.content:
            first = time.perf_counter()
    end = time.perf_counter()
    cpu = time.process_time() - cpu
    assert runtime.last_new_tokens == tokens, runtime.last_new_tokens
    return (first or end) - start, end - start, cpu


def _run_raw(chat, runtime, messages, tokens):  # type: ignore[no-untyped-def]
    import torch

    _fresh(runtime)
    gen = chat._generation_kwargs()  # the very kwargs the wrapper passes
    stamp = _FirstToken()
    cpu = time.process_time()
    start = time.perf_counter()
    inputs = runtime.prepare(messages)  # the raw path still has to process the image
    with torch.inference_mode():
        out = runtime.model.generate(**inputs, **gen, streamer=stamp)
    end = time.perf_counter()
    cpu = time.process_time() - cpu
    assert out.shape[-1] - inputs["input_ids"].shape[-1] == tokens
    return (stamp.at or end) - start, end - start, cpu


def bench_one(ckpt: Path, dtype: str, tokens: int, repeat: int) -> dict[str, float]:
    from langchain_core.messages import HumanMessage, SystemMessage
    from PIL import Image, ImageDraw

    from assistant.models.llava_chat import LocalVisionChatModel
    from assistant.models.vision_local import load_vision_runtime
    from assistant.settings import VisionSettings
    from assistant.tools.media import encode_data_url

    image = Image.new("RGB", (640, 400), "white")
    ImageDraw.Draw(image).rectangle((40, 40, 300, 200), fill="red")
    messages = [
        SystemMessage("You are a helpful assistant. Answer from what you see."),
        HumanMessage(content=[{"type": "text", "text": "What is in this screenshot?"},
                              {"type": "image_url", "image_url": {"url": encode_data_url(image)}}]),
    ]
    cfg = VisionSettings(dtype=dtype, temperature=0, max_new_tokens=tokens)
    t0 = time.perf_counter()
    runtime = load_vision_runtime(str(ckpt), cfg, status=lambda line: None)
    load_s = time.perf_counter() - t0
    runtime.model.generation_config.eos_token_id = None  # fixed-length runs
    chat = LocalVisionChatModel(runtime=runtime, max_new_tokens=tokens, temperature=0)
    wrap, raw = [], []
    _run_wrapper(chat, runtime, messages, tokens), _run_raw(chat, runtime, messages, tokens)  # warm-up
    for i in range(repeat):
        if i % 2:
            raw.append(_run_raw(chat, runtime, messages, tokens))
            wrap.append(_run_wrapper(chat, runtime, messages, tokens))
        else:
            wrap.append(_run_wrapper(chat, runtime, messages, tokens))
            raw.append(_run_raw(chat, runtime, messages, tokens))
    med = statistics.median
    ratios = [w[1] / r[1] - 1 for w, r in zip(wrap, raw, strict=True)]
    ttft_ratios = [w[0] / r[0] - 1 for w, r in zip(wrap, raw, strict=True)]
    return {
        "load_s": load_s,
        "wrap_ttft": med(w[0] for w in wrap), "wrap_tps": tokens / med(w[1] for w in wrap),
        "raw_ttft": med(r[0] for r in raw), "raw_tps": tokens / med(r[1] for r in raw),
        "overhead": med(ratios), "lo": min(ratios), "hi": max(ratios), "ttft_overhead": med(ttft_ratios),
        # The fastest run of each side is the one least disturbed by other processes.
        "best_overhead": min(w[1] for w in wrap) / min(r[1] for r in raw) - 1,
        "cpu_overhead": med(w[2] for w in wrap) / med(r[2] for r in raw) - 1,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="256x4,512x8", help="comma-separated HIDDENxLAYERS tiny configs")
    parser.add_argument("--dtypes", default="float32", help="comma-separated: float32,bfloat16")
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=7, help="paired runs per row (after one warm-up pair)")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch intra-op threads (0: torch's default); 1 is steadier on a loaded 2-core machine")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    from assistant.models.tiny_vision import build_tiny_llava

    sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
    dtypes = args.dtypes.split(",")
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; {args.tokens} new tokens, greedy, "
          f"224 px image; medians of {args.repeat} paired runs")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for hidden, layers in sizes:
            ckpt = build_tiny_llava(Path(tmp) / f"tiny-{hidden}x{layers}", hidden=hidden, layers=layers,
                                    image_size=224, patch_size=14)
            for dtype in dtypes:
                rows.append((f"{hidden}x{layers}", dtype, bench_one(ckpt, dtype, args.tokens, args.repeat)))
    print(f"{'size':<7} {'dtype':<9} {'load s':>6} {'wrap ttft':>9} {'raw ttft':>8} {'ttft +':>7} "
          f"{'wrap tok/s':>10} {'raw tok/s':>9} {'overhead':>8}  {'pairs min..max':>15} {'best':>6} {'cpu':>6}")
    for size, dtype, r in rows:
        print(f"{size:<7} {dtype:<9} {r['load_s']:6.2f} {r['wrap_ttft']:9.3f} {r['raw_ttft']:8.3f} "
              f"{r['ttft_overhead']:7.1%} {r['wrap_tps']:10.1f} {r['raw_tps']:9.1f} {r['overhead']:8.1%}  "
              f"{r['lo']:7.1%}..{r['hi']:<7.1%} {r['best_overhead']:6.1%} {r['cpu_overhead']:6.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
