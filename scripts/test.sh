#!/usr/bin/env bash
# Installs dependencies, builds, and runs the whole test suite: GoogleTest (through ctest)
# and the Python end-to-end tests (oar vs onnxruntime, real models, CLI).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
bash scripts/build.sh
export OAR_BIN="$PWD/build/oar"
ctest --test-dir build --output-on-failure -j"$(nproc)" --timeout 900
python3 -m pytest tests/python -q -p no:cacheprovider
