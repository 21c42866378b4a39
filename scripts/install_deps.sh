#!/usr/bin/env bash
# Installs everything oar needs to build and test, from Debian packages and PyPI.
# Idempotent: packages already present are not fetched again. Needs root (or sudo).
set -euo pipefail

APT_PACKAGES=(build-essential cmake ninja-build pkg-config libprotobuf-dev protobuf-compiler libdnnl-dev
              libcli11-dev nlohmann-json3-dev libgtest-dev libgmock-dev graphviz)
PY_PACKAGES=(numpy onnx onnxruntime pytest pillow pybind11)

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "oar: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
py_missing=()
for p in "${PY_PACKAGES[@]}"; do
  mod=$p
  [ "$p" = "pillow" ] && mod=PIL
  "$PY" -c "import $mod" >/dev/null 2>&1 || py_missing+=("$p")
done
if [ ${#py_missing[@]} -gt 0 ]; then
  echo "oar: installing Python packages: ${py_missing[*]}"
  "$PY" -m pip install -q --disable-pip-version-check "${py_missing[@]}"
fi
echo "oar: dependencies ready"
