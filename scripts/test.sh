#!/usr/bin/env bash
# Set up (scripts/setup.sh) and run the whole test suite, slow real-model tests included.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -m "not slow"` to skip the slow ones.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
# The venv's console scripts (assistant, chroma) are used by tests that start real processes.
export PATH="$PWD/.venv/bin:$PATH"
.venv/bin/ruff check . --quiet
# The type checker (basic mode, configured in pyproject.toml); the layering and import-circle
# checks are tests (tests/test_architecture.py).
.venv/bin/mypy
set +e
.venv/bin/python -m pytest -q "$@" </dev/null
rc=$?
set -e
# pytest exits 5 when a -m/-k filter selects nothing: that is not a failure of the code.
[ "$rc" = 5 ] && { echo "0 passed, 0 failed"; exit 0; }
exit "$rc"
