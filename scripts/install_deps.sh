#!/usr/bin/env bash
# Installs everything oar needs to build and test, from Debian packages and PyPI.
# Idempotent: packages already present (at a usable version) are not fetched again.
# Needs root, or sudo. PYTHON selects the interpreter (default python3).
set -euo pipefail

APT_PACKAGES=(build-essential cmake ninja-build pkg-config libprotobuf-dev protobuf-compiler libdnnl-dev
              libcli11-dev nlohmann-json3-dev libgtest-dev libgmock-dev graphviz)
# name>=minimum (import name after ':' when it differs)
PY_PACKAGES=("numpy>=1.23" "onnx>=1.14" "onnxruntime>=1.16" "pytest>=7" "pillow>=9:PIL" "pybind11>=3.0")

SUDO=""
if [ "$(id -u)" != "0" ]; then
  command -v sudo >/dev/null || { echo "oar: install_deps.sh needs root or sudo for apt-get" >&2; exit 1; }
  SUDO="sudo"
fi

PY=${PYTHON:-python3}
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A Python without pip (or without headers for the bindings) gets Debian's.
"$PY" -m pip --version >/dev/null 2>&1 || missing+=(python3 python3-pip python3-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "oar: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >/tmp/oar-apt.log 2>&1 || { cat /tmp/oar-apt.log >&2; exit 1; }
fi

py_missing=()
for spec in "${PY_PACKAGES[@]}"; do
  req=${spec%%:*}
  mod=${req%%>=*}
  [ "$spec" != "$req" ] && mod=${spec##*:}
  min=${req##*>=}
  # Installed and at least the minimum version?
  "$PY" - "$mod" "$min" >/dev/null 2>&1 <<'PYEOF' || py_missing+=("$req")
import importlib, sys
mod, minimum = sys.argv[1], sys.argv[2]
m = importlib.import_module(mod)
have = tuple(int(x) for x in m.__version__.split("+")[0].split(".")[:2] if x.isdigit())
need = tuple(int(x) for x in minimum.split(".")[:2])
sys.exit(0 if have >= need else 1)
PYEOF
done
if [ ${#py_missing[@]} -gt 0 ]; then
  echo "oar: installing Python packages: ${py_missing[*]}"
  # A Debian system Python refuses pip installs (PEP 668); the packages go to its user-less
  # site-packages all the same, as CI machines are throw-away.
  "$PY" -m pip install -q --disable-pip-version-check "${py_missing[@]}" 2>/tmp/oar-pip.log ||
    "$PY" -m pip install -q --disable-pip-version-check --break-system-packages "${py_missing[@]}" ||
    { cat /tmp/oar-pip.log >&2; exit 1; }
fi
echo "oar: dependencies ready"
