#!/usr/bin/env python3
"""CPU model benchmark: batch-1 median latency of oar (native executor, engine FP32 and, on CPUs
with avx512_bf16 or AMX, engine BF16) and onnxruntime (FP32) on the same zoo networks, same
weights, same thread count, measured in one run.

    python3 benchmarks/cpu_models.py [--threads 2] [--models resnet50,mobilenet_v1,vgg16] [--repeat 20]

Prints a table with the ratios oar/onnxruntime (lower is better for oar), the FP32 outputs' max
relative error against onnxruntime and the BF16 outputs' cosine similarity to it (and whether the
top-1 class agrees), and writes benchmarks/results/cpu_models-<date>-<commit>.json with the
device, commit and flags.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort

REPO = Path(__file__).resolve().parents[1]
OAR = os.environ.get("OAR_BIN", str(REPO / "build" / "oar"))


def sh(*args):
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def cpu_name():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def cpu_has_bf16():
    flags = set()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("flags"):
            flags.update(line.split(":", 1)[1].split())
    return bool(flags & {"avx512_bf16", "amx_bf16"})


def cell(value, width, decimals):
    """A right-aligned table cell: the number, or n/a for None."""
    return f"{value:>{width}.{decimals}f}" if value is not None else f"{'n/a':>{width}}"


def cosine(a, b):
    a, b = a.ravel().astype(np.float64), b.ravel().astype(np.float64)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-30))


def bench_ort(model, x, threads, warmup, repeat):
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    sess = ort.InferenceSession(str(model), so, providers=["CPUExecutionProvider"])
    for _ in range(warmup):
        sess.run(None, {"image": x})
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = sess.run(None, {"image": x})[0]
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times), out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--models", default="resnet50,mobilenet_v1,vgg16")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--out", default=str(REPO / "benchmarks" / "results"))
    args = ap.parse_args()

    commit = sh("git", "-C", REPO, "rev-parse", "--short", "HEAD").strip()
    bf16 = cpu_has_bf16()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name in args.models.split(","):
            pd, ox = tmp / name / "paddle", tmp / name / "onnx"
            sh(OAR, "zoo", name, "--out", pd)
            sh(OAR, "zoo", name, "--out", ox, "--format", "onnx")
            x = np.random.default_rng(0).standard_normal((1, 3, 224, 224)).astype(np.float32)
            np.save(tmp / "x.npy", x)
            def oar_run(*extra):
                return json.loads(sh(OAR, "run", pd, "--input", f"image={tmp / 'x.npy'}", "--threads", args.threads,
                                     "--warmup", args.warmup, "--repeat", args.repeat, "--json", "--memory-optim",
                                     "--save-outputs", tmp / "outs", *extra))
            rep = oar_run()
            oar_ms = rep["latency_ms"]["median"]
            ours = np.load(rep["outputs"][0]["saved"])
            eng = oar_run("--engine", "--precision", "fp32")
            engine_ms = eng["latency_ms"]["median"]
            engine_out = np.load(eng["outputs"][0]["saved"])
            bf16_ms = bf16_cos = bf16_top1 = None
            if bf16:
                b16 = oar_run("--engine", "--precision", "bf16")
                bf16_ms = b16["latency_ms"]["median"]
                bf16_out = np.load(b16["outputs"][0]["saved"])
            ort_ms, ref = bench_ort(ox / "model.onnx", x, args.threads, args.warmup, args.repeat)
            err = float(np.max(np.abs(ours - ref)) / np.max(np.abs(ref)))
            engine_err = float(np.max(np.abs(engine_out - ref)) / np.max(np.abs(ref)))
            if bf16:
                bf16_cos = cosine(bf16_out, ref)
                bf16_top1 = bool(np.argmax(bf16_out) == np.argmax(ref))
            rows.append({"model": name, "oar_native_ms": oar_ms, "oar_engine_fp32_ms": engine_ms,
                         "oar_engine_bf16_ms": bf16_ms, "onnxruntime_ms": ort_ms,
                         "ratio_oar_over_ort": oar_ms / ort_ms, "ratio_engine_over_ort": engine_ms / ort_ms,
                         "ratio_engine_bf16_over_ort": bf16_ms / ort_ms if bf16_ms else None,
                         "max_rel_err": max(err, engine_err), "bf16_cosine": bf16_cos, "bf16_top1_agrees": bf16_top1})

    print(f"device: {cpu_name()}, {args.threads} threads, batch 1, commit {commit}, onnxruntime {ort.__version__}")
    print(f"{'model':<14}{'native ms':>11}{'eng fp32':>10}{'eng bf16':>10}{'ort ms':>9}{'native/ort':>12}"
          f"{'fp32/ort':>10}{'bf16/ort':>10}{'fp32 err':>10}{'bf16 cos':>10}{'top1':>6}")
    for r in rows:
        top1 = "n/a" if r["bf16_top1_agrees"] is None else ("same" if r["bf16_top1_agrees"] else "DIFF")
        print(f"{r['model']:<14}{r['oar_native_ms']:>11.2f}{r['oar_engine_fp32_ms']:>10.2f}"
              f"{cell(r['oar_engine_bf16_ms'], 10, 2)}{r['onnxruntime_ms']:>9.2f}{r['ratio_oar_over_ort']:>12.2f}"
              f"{r['ratio_engine_over_ort']:>10.2f}{cell(r['ratio_engine_bf16_over_ort'], 10, 2)}"
              f"{r['max_rel_err']:>10.1e}{cell(r['bf16_cosine'], 10, 5)}{top1:>6}")
    result = {"benchmark": "cpu_models", "date": datetime.datetime.now().isoformat(timespec="seconds"),
              "commit": commit, "device": cpu_name(), "threads": args.threads, "batch": 1,
              "repeat": args.repeat, "warmup": args.warmup, "onnxruntime": ort.__version__,
              "oar_flags": ["--memory-optim", "engine columns: --engine --precision fp32 / bf16"],
              "bf16_supported": bf16, "rows": rows}
    Path(args.out).mkdir(parents=True, exist_ok=True)
    path = Path(args.out) / f"cpu_models-{datetime.date.today()}-{commit}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
