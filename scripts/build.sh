#!/usr/bin/env bash
# Configures and builds oar into ./build (Release, Ninja). Extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >build-configure.log 2>&1 || { cat build-configure.log; exit 1; }
grep "oar:" build-configure.log || true
cmake --build build -j"$(nproc)"
