"""The wheel a user installs: packages found (not listed), one import name, every module importable.

CI uses an editable install, which cannot show a package missing from the wheel; this test builds
the wheel from a copy of the repository, installs it into a fresh virtualenv (third-party
packages come from this environment through a path file; the project itself only from the
wheel) and runs what a user runs first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

IMPORT_ALL = """
import importlib, pkgutil, assistant
from assistant import prompts
print(assistant.__file__)
names = [m.name for m in pkgutil.walk_packages(assistant.__path__, "assistant.") if not m.name.endswith("__main__")]
for name in names:
    importlib.import_module(name)
print(len(names), "modules")
print(prompts.render("turns", "live_data", topic="weather")[:40])
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    tree = src / "tree"
    shutil.copytree(ROOT, tree, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "tests", "bench", "__pycache__", "*.egg-info", "build", "dist", ".ruff_cache"))
    dist = src / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(dist),
                    str(tree)], check=True, capture_output=True, timeout=300)
    (found,) = dist.glob("*.whl")
    return found


def test_the_wheel_claims_only_the_assistant_import_name(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if ".dist-info/" not in n}
    assert tops == {"assistant"}
    # the folders the repository keeps at its top level are inside, with their data files
    for path in ("assistant/tools/ocr/reader.py", "assistant/memory/store.py", "assistant/prompts/turns.yaml",
                 "assistant/voice/loop.py", "assistant/tui/app.tcss"):
        assert path in names, path


def test_the_installed_wheel_runs_help_and_imports_every_module(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps", "--no-index",
                    str(wheel)], check=True, capture_output=True, timeout=300)
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    # third-party packages from this environment; its editable install of the project is not read
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    env["HOME"] = str(tmp_path)

    help_run = subprocess.run([str(venv / "bin" / "assistant"), "--help"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)
    assert help_run.returncode == 0, help_run.stderr
    for command in ("ask", "chat", "voice", "see", "search", "eval"):
        assert command in help_run.stdout

    run = subprocess.run([str(py), "-c", IMPORT_ALL], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    first, count, live = run.stdout.splitlines()[:3]
    assert first.startswith(str(venv))  # the wheel's copy, not the checkout
    assert int(count.split()[0]) > 100
    assert live.strip()
