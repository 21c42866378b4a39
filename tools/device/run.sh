#!/usr/bin/env bash
# oar on the GPU machine: configure + build (ninja, all cores), run the GPU test suite, check
# every model on the GPU against the CPU, and run the GPU benchmarks. Run from the repo root:
#
#   bash tools/device/run.sh [STEPS]        STEPS: comma list of build,test,check,bench (default all)
#
# Environment: OUT (results folder; default ./device-out), OAR_MODELS (folder of real models to
# check, default ../shared/models or ./.device_models), BENCH_ARGS (extra benchmarks/gpu_models.py
# arguments, e.g. "--models resnet50 --batches 1,128 --compile"). Logs and JSON land in $OUT:
# build.log, gpu_tests.log + gpu_tests.xml, gpu_check.json, gpu_models.json, summary.txt.
set -uo pipefail
cd "$(dirname "$0")/../.."
STEPS="${1:-build,test,check,bench}"
OUT="${OUT:-$PWD/device-out}"
mkdir -p "$OUT"
BUILD=build-device
has() { [[ ",$STEPS," == *",$1,"* ]]; }
say() { echo "[device] $*" | tee -a "$OUT/summary.txt"; }
export PYTHONUNBUFFERED=1

say "$(date -u +%FT%TZ) commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown) steps $STEPS"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | sed 's/^/[device] gpu: /' | tee -a "$OUT/summary.txt"

if has build; then
  t0=$(date +%s)
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DOAR_BUILD_PYTHON=OFF \
        -DOAR_SHARED_DIR="${OAR_MODELS_PARENT:-$PWD/../shared}" >"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; exit 1; }
  grep "oar:" "$OUT/build.log" | tee -a "$OUT/summary.txt"
  ninja -C "$BUILD" -j"$(nproc)" oar oar_cuda_tests >>"$OUT/build.log" 2>&1 || { grep -E "error|FAILED" "$OUT/build.log" | head -40; exit 1; }
  say "build: $(( $(date +%s) - t0 )) s"
fi

if has test; then
  t0=$(date +%s)
  "$BUILD/oar_cuda_tests" --gtest_output=xml:"$OUT/gpu_tests.xml" >"$OUT/gpu_tests.log" 2>&1
  rc=$?
  grep -E "^\[  (PASSED|FAILED|SKIPPED) |^\[==========\]" "$OUT/gpu_tests.log" | tail -40 | tee -a "$OUT/summary.txt"
  say "gpu tests: rc $rc in $(( $(date +%s) - t0 )) s"
fi

if has check; then
  t0=$(date +%s)
  python3 tools/device/gpu_check.py --oar "$BUILD/oar" --models "${OAR_MODELS:-.device_models}" \
          --json "$OUT/gpu_check.json" 2>&1 | tee "$OUT/gpu_check.log" | tail -40
  say "gpu check: $(( $(date +%s) - t0 )) s"
fi

if has bench; then
  t0=$(date +%s)
  # shellcheck disable=SC2086
  python3 benchmarks/gpu_models.py --oar "$BUILD/oar" --json "$OUT/gpu_models.json" --log "$OUT/gpu_layers.log" \
          ${BENCH_ARGS:-} 2>&1 \
          | tee "$OUT/gpu_models.log" | tail -30
  say "gpu bench: $(( $(date +%s) - t0 )) s"
fi
