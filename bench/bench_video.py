"""Seeking vs decoding every frame, to sample 8 frames from a 3-minute 720p clip.

    python bench/bench_video.py                 # generates the clip once, cached in /tmp (1-3 min)
    python bench/bench_video.py --clip my.mp4   # measure that file (generated there if missing)
    python bench/bench_video.py --seconds 90    # a shorter generated clip (cached under its own name)

The generated clip is 1280x720 H.264 at 30 fps with a keyframe every 2 s (``-g 60``, like
most camera and screen recorders) and moving content so that P/B frames carry real work.
Both methods return the same frames: the first frame at or after the centre of each of 8
equal slices. Medians of ``--repeat`` runs are printed side by side with their ratio.

Peak memory: each method then runs once more in a fresh subprocess, which reports how far its
peak resident set (VmHWM, else ``ru_maxrss``) rose above the level after imports, and the Python-heap peak
from ``tracemalloc`` (frame pixels live in FFmpeg/Pillow buffers that tracemalloc does not see,
so RSS is the number that matters). Both are printed next to what holding every decoded frame
at full size would take, to show that neither method keeps the decoded frames.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.tools.video.decode import VideoReader, to_image
from assistant.tools.video.frames import sample_frames


def make_clip(
    path: Path, seconds: float, fps: int = 30, size: tuple[int, int] = (1280, 720), gop: int = 60
) -> Path:
    import av
    import numpy as np

    w, h = size
    # A smooth colour field twice the frame size, panned a little each frame, plus a moving
    # block: cheap to generate, but motion the encoder has to code in every frame.
    yy, xx = np.mgrid[0 : 2 * h, 0 : 2 * w]
    field = np.stack([(xx * 255 // (2 * w)), (yy * 255 // (2 * h)), ((xx + yy) % 256)], -1).astype(np.uint8)
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        stream.options = {"preset": "veryfast", "crf": "23", "g": str(gop), "keyint_min": str(gop)}
        for i in range(int(seconds * fps)):
            ox, oy = (i * 3) % w, (i * 2) % h
            img = field[oy : oy + h, ox : ox + w].copy()
            bx = (i * 9) % (w - 120)
            img[h // 2 - 60 : h // 2 + 60, bx : bx + 120] = (
                255 - img[h // 2 - 60 : h // 2 + 60, bx : bx + 120]
            )
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, fps)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def decode_all(path: Path, n: int, threads: bool) -> tuple[list[float], int]:
    """The baseline: decode every frame, keep the first at/after each target."""
    with VideoReader(path, threads=threads) as reader:
        width = reader.info.duration / n
        targets = [(i + 0.5) * width for i in range(n)]
        picked: list[float] = []
        for ts, frame in reader.sequential(0.0, reader.info.duration):
            if len(picked) < n and ts >= targets[len(picked)] - 1e-3:
                to_image(frame)
                picked.append(ts)
        return picked, reader.decoded


def seek(path: Path, n: int) -> tuple[list[float], int]:
    fs = sample_frames(path, n=n)
    return [f.timestamp for f in fs.frames], fs.decoded


METHODS = {
    "seek": lambda clip, n: seek(clip, n),
    "all-1": lambda clip, n: decode_all(clip, n, False),
    "all-threads": lambda clip, n: decode_all(clip, n, True),
}


def _maxrss_bytes() -> int:
    """Peak resident set of this process so far, in bytes.

    Linux's VmHWM first: ``ru_maxrss`` carries the parent's peak across fork+exec (the forked
    copy's high-water mark is folded in at exec), which would hide the child's own peak.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def measure_memory(method: str, clip: Path, n: int) -> None:
    """Child process: run one method once and print its memory peaks as JSON."""
    import av  # noqa: F401  -- imported before the baseline so library code is not counted
    import numpy  # noqa: F401
    from PIL import Image  # noqa: F401

    with VideoReader(clip):  # opening costs the same for both; count only decoding
        pass
    base = _maxrss_bytes()
    tracemalloc.start()
    began = time.perf_counter()
    timestamps, decoded = METHODS[method](clip, n)
    seconds = time.perf_counter() - began
    _, py_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "rss_peak_delta": _maxrss_bytes() - base,
                "py_peak": py_peak,
                "seconds": seconds,
                "decoded": decoded,
                "timestamps": timestamps,
            }
        )
    )


def memory_in_subprocess(method: str, clip: Path, n: int) -> dict:
    # A fresh process per method: ru_maxrss only ever grows, so a shared one would mix them.
    cmd = [sys.executable, __file__, "--clip", str(clip), "-n", str(n), "--memory-of", method]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def timed(fn, repeat: int):  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clip", type=Path, help="measure this video (generated and kept there if missing)")
    parser.add_argument("--seconds", type=float, default=180.0, help="generated clip length (default 180)")
    parser.add_argument("-n", type=int, default=8, help="frames to sample (default 8)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-of", choices=sorted(METHODS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_of:
        measure_memory(args.memory_of, args.clip, args.n)
        return 0

    # Cached across runs: generating minutes of 720p H.264 takes longer than the benchmark.
    clip = args.clip or Path("/tmp") / f"bench_video_720p_{args.seconds:g}s.mp4"
    if not clip.exists():
        began = time.perf_counter()
        partial = clip.with_suffix(".partial.mp4")
        make_clip(partial, args.seconds)
        partial.rename(clip)
        print(
            f"generated {clip}: {args.seconds:g} s 1280x720 30 fps, keyframe every 2 s, "
            f"{clip.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - began:.1f} s"
        )
    else:
        print(f"using cached {clip} ({clip.stat().st_size / 1e6:.1f} MB)")
    with VideoReader(clip) as reader:
        info = reader.info
    print(
        f"clip: {info.duration:.1f} s, {info.width}x{info.height}, {info.fps:g} fps, "
        f"{info.frame_count} frames; sampling n={args.n}, median of {args.repeat}"
    )

    t_seek, (ts_seek, dec_seek) = timed(lambda: seek(clip, args.n), args.repeat)
    t_all1, (ts_all1, dec_all1) = timed(lambda: decode_all(clip, args.n, False), args.repeat)
    t_allt, (ts_allt, dec_allt) = timed(lambda: decode_all(clip, args.n, True), args.repeat)
    mem = {m: memory_in_subprocess(m, clip, args.n) for m in ("seek", "all-1", "all-threads")}
    same = ts_seek == ts_all1 == ts_allt == mem["seek"]["timestamps"] == mem["all-1"]["timestamps"]
    mb = 1024 * 1024
    print(f"{'method':<34}{'seconds':>9}{'decoded':>9}{'vs seek':>9}{'RSS peak +MB':>14}{'py peak MB':>12}")
    for name, t, dec, key in (
        ("seek + decode to target", t_seek, dec_seek, "seek"),
        ("decode every frame, 1 thread", t_all1, dec_all1, "all-1"),
        ("decode every frame, threads", t_allt, dec_allt, "all-threads"),
    ):
        m = mem[key]
        print(
            f"{name:<34}{t:>9.3f}{dec:>9}{t / t_seek:>8.1f}x"
            f"{m['rss_peak_delta'] / mb:>14.1f}{m['py_peak'] / mb:>12.2f}"
        )
    frame_bytes = info.width * info.height * 3
    print(
        f"for scale: one RGB frame {frame_bytes / mb:.1f} MB; the {args.n} returned frames "
        f"{args.n * frame_bytes / mb:.1f} MB; all {info.frame_count} frames at full size "
        f"{info.frame_count * frame_bytes / mb:,.0f} MB"
    )
    print(f"same timestamps from all methods: {same} ({', '.join(f'{t:.2f}' for t in ts_seek)})")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
