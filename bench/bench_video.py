"""Seeking vs decoding every frame, to sample 8 frames from a 3-minute 720p clip.

    python bench/bench_video.py                 # generates the clip into a temp dir (1-3 min)
    python bench/bench_video.py --clip my.mp4   # measure that file (generated there if missing)
    python bench/bench_video.py --seconds 60    # a shorter generated clip

The generated clip is 1280x720 H.264 at 30 fps with a keyframe every 2 s (``-g 60``, like
most camera and screen recorders) and moving content so that P/B frames carry real work.
Both methods return the same frames: the first frame at or after the centre of each of 8
equal slices. Medians of ``--repeat`` runs are printed side by side with their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.video import sample_frames
from tools.video_decode import VideoReader, to_image


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
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        clip = args.clip or Path(tmp) / "bench_720p.mp4"
        if not clip.exists():
            began = time.perf_counter()
            make_clip(clip, args.seconds)
            print(
                f"generated {clip.name}: {args.seconds:g} s 1280x720 30 fps, keyframe every 2 s, "
                f"{clip.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - began:.1f} s"
            )
        with VideoReader(clip) as reader:
            info = reader.info
        print(
            f"clip: {info.duration:.1f} s, {info.width}x{info.height}, {info.fps:g} fps, "
            f"{info.frame_count} frames; sampling n={args.n}, median of {args.repeat}"
        )

        t_seek, (ts_seek, dec_seek) = timed(lambda: seek(clip, args.n), args.repeat)
        t_all1, (ts_all1, dec_all1) = timed(lambda: decode_all(clip, args.n, False), args.repeat)
        t_allt, (ts_allt, dec_allt) = timed(lambda: decode_all(clip, args.n, True), args.repeat)
        same = ts_seek == ts_all1 == ts_allt
        print(f"{'method':<34}{'seconds':>9}{'decoded':>9}{'vs seek':>9}")
        for name, t, dec in (
            ("seek + decode to target", t_seek, dec_seek),
            ("decode every frame, 1 thread", t_all1, dec_all1),
            ("decode every frame, threads", t_allt, dec_allt),
        ):
            print(f"{name:<34}{t:>9.3f}{dec:>9}{t / t_seek:>8.1f}x")
        print(f"same timestamps from all methods: {same} ({', '.join(f'{t:.2f}' for t in ts_seek)})")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
