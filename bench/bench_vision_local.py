"""Local vision chat model: CPU float32 vs bfloat16, and the chat wrapper vs a raw model.generate.

    python bench/bench_vision_local.py [--hidden 256] [--layers 4] [--tokens 64] [--repeat 3] [--threads N]

Builds a tiny random LLaVA (assistant.models.tiny_vision; no real weights exist here), loads it
through the same path as ``llava:PATH``, and prints per dtype: load time, time to first token
and decode tokens/s for (a) LocalVisionChatModel.stream (processor + chat template + streamer
thread) and (b) model.generate on the same processed inputs, plus the wrapper's overhead.
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


def _first_token_streamer(tokenizer, started: list[float]):  # type: ignore[no-untyped-def]
    from transformers.generation.streamers import BaseStreamer

    class FirstToken(BaseStreamer):
        calls = 0

        def put(self, value) -> None:  # type: ignore[no-untyped-def]
            self.calls += 1
            if self.calls == 2:  # the first put is the prompt
                started.append(time.perf_counter())

        def end(self) -> None:
            pass

    return FirstToken()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0,
                        help="torch intra-op threads (0: torch's default). On a loaded 2-core machine 1 is steadier")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    from langchain_core.messages import HumanMessage, SystemMessage
    from PIL import Image, ImageDraw

    from assistant.models.llava_chat import LocalVisionChatModel
    from assistant.models.tiny_vision import build_tiny_llava
    from assistant.models.vision_local import load_vision_runtime
    from assistant.settings import VisionSettings
    from tools.media import encode_data_url

    image = Image.new("RGB", (640, 400), "white")
    ImageDraw.Draw(image).rectangle((40, 40, 300, 200), fill="red")
    messages = [
        SystemMessage("You are a helpful assistant. Answer from what you see."),
        HumanMessage(content=[{"type": "text", "text": "What is in this screenshot?"},
                              {"type": "image_url", "image_url": {"url": encode_data_url(image)}}]),
    ]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; tiny LLaVA hidden={args.hidden} "
          f"layers={args.layers}; {args.tokens} new tokens, greedy, median of {args.repeat}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        ckpt = build_tiny_llava(Path(tmp) / "tiny", hidden=args.hidden, layers=args.layers, image_size=224,
                                patch_size=14)
        for dtype in ("float32", "bfloat16"):
            cfg = VisionSettings(dtype=dtype, temperature=0, max_new_tokens=args.tokens)
            t0 = time.perf_counter()
            runtime = load_vision_runtime(str(ckpt), cfg, status=lambda line: None)
            load_s = time.perf_counter() - t0
            runtime.model.generation_config.eos_token_id = None  # fixed-length runs
            chat = LocalVisionChatModel(runtime=runtime, max_new_tokens=args.tokens, temperature=0)
            wrap_ttft, wrap_total, raw_ttft, raw_total = [], [], [], []
            for i in range(args.repeat + 1):
                runtime.features._entries.clear()  # measure the image encode every time, like a new turn
                start = time.perf_counter()
                first = None
                for chunk in chat.stream(messages):
                    if first is None and chunk.content:
                        first = time.perf_counter()
                end = time.perf_counter()
                assert runtime.last_new_tokens == args.tokens, runtime.last_new_tokens
                runtime.features._entries.clear()
                stamps: list[float] = []
                raw_start = time.perf_counter()
                inputs = runtime.prepare(messages)  # the raw path still has to process the image
                with torch.inference_mode():
                    out = runtime.model.generate(**inputs, max_new_tokens=args.tokens, do_sample=False,
                                                 pad_token_id=runtime.tokenizer.pad_token_id,
                                                 streamer=_first_token_streamer(runtime.tokenizer, stamps))
                raw_end = time.perf_counter()
                assert out.shape[-1] - inputs["input_ids"].shape[-1] == args.tokens
                if i == 0:
                    continue  # warm-up
                wrap_ttft.append((first or end) - start)
                wrap_total.append(end - start)
                raw_ttft.append(stamps[0] - raw_start)
                raw_total.append(raw_end - raw_start)
            med = statistics.median
            rows.append((dtype, load_s, med(wrap_ttft), args.tokens / med(wrap_total), med(raw_ttft),
                         args.tokens / med(raw_total), med(wrap_total) / med(raw_total) - 1))
    print(f"{'dtype':<9} {'load s':>7} {'wrap ttft s':>11} {'wrap tok/s':>10} {'raw ttft s':>10} "
          f"{'raw tok/s':>9} {'overhead':>8}")
    for dtype, load_s, wt, wr, rt, rr, over in rows:
        print(f"{dtype:<9} {load_s:7.2f} {wt:11.3f} {wr:10.1f} {rt:10.3f} {rr:9.1f} {over:8.1%}")
    f32, bf16 = rows
    print(f"bfloat16 / float32 decode speed: {bf16[3] / f32[3]:.2f}x (wrapper), {bf16[5] / f32[5]:.2f}x (raw)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
