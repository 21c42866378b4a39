#!/usr/bin/env python3
"""Correctness of every model: oar on the GPU (or the CPU engine, --target cpu) against oar's native
CPU run.

For each zoo model (written with `oar zoo`) and each real Paddle model found under --models,
one fresh random input set (per model, fixed seed) is run four ways with `oar run`:

  cpu            the CPU executor (the reference)
  gpu            native CUDA kernels (CPU fallback for ops without one)      rel err <= 1e-4
  gpu-engine     CUDA engine, FP32                                          rel err <= 1e-4
  gpu-engine16   CUDA engine, FP16                                          cosine >= 0.999, same top-1

--target cpu runs the CPU engine instead: cpu-engine (FP32, rel err <= 1e-4) and cpu-engine-bf16
(cosine >= 0.999, same top-1).

Relative error = max|gpu - cpu| / max|cpu| over every float output. Detection outputs whose
size depends on the data (NMS) are compared only when both runs kept the same boxes.
Prints one line per (model, mode) and writes every number to --json.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

ZOO = ["resnet50", "mobilenet_v1", "vgg16", "alexnet", "googlenet", "resnext50_32x4d", "se_resnext50_32x4d", "dpn68"]

# Real models: inputs the model needs (others are drawn from the declared shape).
REAL_INPUTS = {
    "paddle-ppyolo-tiny-trash": lambda rng: {
        "image": rng.uniform(-2, 2, (1, 3, 320, 320)).astype(np.float32),
        "im_shape": np.array([[320, 320]], np.float32),
        "scale_factor": np.array([[1.0, 1.0]], np.float32)},
    "paddle-ppocr-cls-v2.0": lambda rng: {"x": rng.standard_normal((2, 3, 48, 192)).astype(np.float32)},
}

# Real models whose declared input size is not the one fed (Paddle treats declared dims as hints;
# an engine needs the range): a dynamic-shape profile.
ENGINE_ARGS = {
    "paddle-ppocr-cls-v2.0": ["--min-shape", "x=1x3x48x192", "--opt-shape", "x=2x3x48x192", "--max-shape",
                              "x=2x3x48x192"],
}

MODES = {
    "gpu": ["--gpu"],
    "gpu-engine": ["--gpu", "--engine", "--min-subgraph-size", "3"],
    "gpu-engine16": ["--gpu", "--engine", "--precision", "fp16", "--min-subgraph-size", "3"],
}
# --target cpu: the CPU engine (issue 4's acceptance) against the same native CPU reference.
CPU_MODES = {
    "cpu-engine": ["--engine", "--min-subgraph-size", "3"],
    "cpu-engine-bf16": ["--engine", "--precision", "bf16", "--min-subgraph-size", "3"],
}
LOW_PRECISION = ("gpu-engine16", "cpu-engine-bf16")


def run(oar, args, timeout=600):
    t0 = time.time()
    p = subprocess.run([oar, *args], capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError(f"oar {' '.join(args)} failed ({p.returncode}):\n{p.stderr[-3000:]}\n{p.stdout[-2000:]}")
    return json.loads(p.stdout), p.stderr, time.time() - t0


def run_model(oar, model, inputs, work, mode_args, tag):
    args = ["run", model, "--json", "--save-outputs", os.path.join(work, tag)]
    for i, (name, arr) in enumerate(inputs.items()):
        path = os.path.join(work, f"in_{i}.npy")
        np.save(path, arr)
        args += ["--input", f"{name}={path}"]
    report, stderr, secs = run(oar, args + mode_args)
    outs = {o["name"]: np.load(o["saved"]) for o in report["outputs"]}
    return outs, report, stderr, secs


def compare(ref, got):
    rel, cos, top1 = 0.0, 1.0, True
    notes = []
    for name, r in ref.items():
        g = got[name]
        if not np.issubdtype(r.dtype, np.floating):
            if r.shape != g.shape or not np.array_equal(r, g):
                notes.append(f"{name}: integer output differs")
            continue
        if r.shape != g.shape:
            notes.append(f"{name}: shape {g.shape} vs {r.shape} (data-dependent output)")
            continue
        r64, g64 = r.astype(np.float64), g.astype(np.float64)
        scale = max(np.abs(r64).max(), 1e-12) if r64.size else 1.0
        rel = max(rel, float(np.abs(g64 - r64).max() / scale) if r64.size else 0.0)
        if r64.size:
            c = float(np.dot(r64.ravel(), g64.ravel()) / max(np.linalg.norm(r64) * np.linalg.norm(g64), 1e-30))
            cos = min(cos, c)
        if r.ndim == 2 and r.shape[1] > 1:
            top1 = top1 and bool(np.all(r.argmax(1) == g.argmax(1)))
        if not np.all(np.isfinite(g64)):
            notes.append(f"{name}: non-finite values")
    return rel, cos, top1, notes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--oar", required=True)
    ap.add_argument("--models", default="")
    ap.add_argument("--zoo", default=",".join(ZOO))
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--json", required=True)
    ap.add_argument("--target", choices=["gpu", "cpu"], default="gpu")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()
    modes = MODES if a.target == "gpu" else {k: v + ["--threads", str(a.threads)] for k, v in CPU_MODES.items()}

    rows, failures = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        models = []
        for name in [z for z in a.zoo.split(",") if z]:
            d = os.path.join(tmp, name)
            subprocess.run([a.oar, "zoo", name, "--out", d], check=True, capture_output=True)
            models.append((name, d, lambda rng: {"image": rng.standard_normal((a.batch, 3, 224, 224)).astype(np.float32)}))
        if a.models and os.path.isdir(a.models):
            for name in sorted(os.listdir(a.models)):
                d = os.path.join(a.models, name)
                if name.startswith("paddle-") and os.path.isdir(d) and name != "paddle-graph-only":
                    models.append((name, d, REAL_INPUTS.get(name)))
        for name, d, make_inputs in models:
            work = os.path.join(tmp, "run_" + name)
            os.makedirs(work, exist_ok=True)
            rng = np.random.default_rng(abs(hash(name)) % (2**32))
            inputs = make_inputs(rng) if make_inputs else {}
            if not inputs:
                # Draw from the declared shapes (batch 1 for an unknown batch).
                try:
                    spec, _, _ = run(a.oar, ["run", d, "--json"])
                except RuntimeError as e:  # a model oar does not read (e.g. a PIR program): say so, go on
                    print(f"{name:32s} skipped: {str(e).splitlines()[1][:160] if len(str(e).splitlines()) > 1 else e}")
                    continue
                for s in spec["inputs"]:
                    shape = [1 if x < 0 else x for x in s["shape"]]
                    inputs[s["name"]] = rng.standard_normal(shape).astype(np.float32) if s["dtype"] == "f32" else \
                        np.ones(shape, np.int64)
            try:
                ref, _, _, cpu_s = run_model(a.oar, d, inputs, work, ["--threads", str(a.threads)], "cpu")
            except Exception as e:  # noqa: BLE001 - report and go on
                print(f"{name:32s} cpu reference failed: {e}")
                failures += 1
                continue
            for mode, extra in modes.items():
                row = {"model": name, "mode": mode}
                if "--engine" in extra:
                    batch = max(int(v.shape[0]) for v in inputs.values() if v.ndim > 0)
                    extra = extra + ["--max-batch", str(max(batch, 1))] + ENGINE_ARGS.get(name, [])
                try:
                    got, report, stderr, secs = run_model(a.oar, d, inputs, work, extra, mode)
                    rel, cos, top1, notes = compare(ref, got)
                    ok = (cos >= 0.999 and top1) if mode in LOW_PRECISION else rel <= 1e-4
                    row.update(rel_err=rel, cosine=cos, top1_same=top1, notes=notes, ok=ok, seconds=round(secs, 2),
                               load_ms=report.get("load_ms"), cpu_fallbacks=report.get("cpu_fallbacks", []),
                               latency_ms=report["latency_ms"]["median"])
                    built = [l for l in stderr.splitlines() if "built" in l or "loaded plan" in l]
                    row["engine_log"] = built[-3:]
                except Exception as e:  # noqa: BLE001
                    row.update(ok=False, error=str(e)[-1500:])
                failures += 0 if row["ok"] else 1
                rows.append(row)
                if "error" in row:
                    print(f"{name:32s} {mode:13s} ERROR {row['error'][-400:]}")
                else:
                    print(f"{name:32s} {mode:13s} {'ok ' if row['ok'] else 'BAD'} rel {row['rel_err']:.2e} "
                          f"cos {row['cosine']:.6f} top1 {'same' if row['top1_same'] else 'DIFF'} "
                          f"fallbacks {len(row['cpu_fallbacks'])} {' '.join(row['notes'])}")
    with open(a.json, "w") as f:
        json.dump({"rows": rows, "failures": failures}, f, indent=1)
    print(f"{len(rows)} checks, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
