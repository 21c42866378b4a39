#!/usr/bin/env python3
"""GPU benchmark: oar's CUDA engine (FP32, FP16) against PyTorch eager and torch.compile on the same GPU.

Models: the zoo's resnet50 and vgg16 (torchvision architectures; random weights). For each model and
batch size, in one process on one GPU:

  torch eager fp32 / fp16   torchvision model, eval, channels_last, inference_mode, CUDA events
  torch.compile fp32/fp16   mode="max-autotune" (compile time reported separately)   [--compile]
  oar engine fp32 / fp16    `oar run MODEL --gpu --engine --device-inputs`: inputs already on the GPU,
                            engine built at load (build time reported), CUDA graph replay

Reported: median latency (ms), throughput (images/s), oar's engine build time, torch.compile's compile
time, and ratios oar / peer (throughput). Writes JSON with device, commit and flags to --json and to
benchmarks/results/gpu_models-<date>-<commit>.json.
"""
import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def commit():
    if os.environ.get("OAR_COMMIT"):  # the device machine's checkout may not carry git metadata
        return os.environ["OAR_COMMIT"]
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=HERE).stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def torch_model(name, dtype):
    import torch
    import torchvision
    m = getattr(torchvision.models, name)(weights=None).eval().cuda()
    m = m.to(memory_format=torch.channels_last)
    return m.half() if dtype == "fp16" else m


def time_torch(fn, x, warmup, repeat):
    import torch
    with torch.inference_mode():
        for _ in range(warmup):
            fn(x)
        torch.cuda.synchronize()
        times = []
        for _ in range(repeat):
            s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            s.record()
            fn(x)
            e.record()
            e.synchronize()
            times.append(s.elapsed_time(e))
    return float(np.median(times))


def bench_torch(name, batch, dtype, compile_, warmup, repeat):
    import torch
    torch.backends.cudnn.benchmark = True
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    m = torch_model(name, dtype)
    x = torch.randn(batch, 3, 224, 224, device="cuda", dtype=torch.float16 if dtype == "fp16" else torch.float32)
    x = x.to(memory_format=torch.channels_last)
    compile_s = None
    fn = m
    if compile_:
        fn = torch.compile(m, mode="max-autotune")
        t0 = time.time()
        with torch.inference_mode():
            fn(x)
            fn(x)
        torch.cuda.synchronize()
        compile_s = time.time() - t0
    ms = time_torch(fn, x, warmup, repeat)
    del m, fn
    torch.cuda.empty_cache()
    return ms, compile_s


def bench_oar(oar, model_dir, batch, dtype, warmup, repeat, profile=False):
    args = [oar, "run", model_dir, "--gpu", "--engine", "--precision", dtype, "--device-inputs",
            "--shape", f"image={batch}x3x224x224", "--max-batch", str(batch), "--min-subgraph-size", "1",
            "--warmup", str(warmup), "--repeat", str(repeat), "--json"]
    if profile:
        args.append("--profile")
    env = dict(os.environ, OAR_VLOG="1")  # per-layer build lines (tactic, measured ms) on stderr
    p = subprocess.run(args, capture_output=True, text=True, timeout=900, env=env)
    if p.returncode != 0:
        raise RuntimeError(f"oar failed: {p.stderr[-2000:]}")
    report = json.loads(p.stdout)
    build = None
    for line in p.stderr.splitlines():
        m = re.search(r"built \S+ in ([0-9.]+) (ms|s)", line)
        if m:
            build = float(m.group(1)) / (1000.0 if m.group(2) == "ms" else 1.0)
    return report["latency_ms"]["median"], build, report.get("load_ms"), report.get("profile"), p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--oar", required=True)
    ap.add_argument("--models", default="resnet50,vgg16")
    ap.add_argument("--batches", default="1,128")
    ap.add_argument("--dtypes", default="fp32,fp16")
    ap.add_argument("--compile", action="store_true", help="also torch.compile(mode='max-autotune')")
    ap.add_argument("--no-torch", action="store_true")
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--json", default="")
    ap.add_argument("--log", default="", help="append every oar run's stderr (per-layer tactics and times) here")
    a = ap.parse_args()

    device = "unknown"
    try:
        import torch
        device = torch.cuda.get_device_name(0)
        torch_version = torch.__version__
    except Exception:  # noqa: BLE001 - the table says what ran
        torch_version = None
        a.no_torch = True
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in a.models.split(","):
            d = os.path.join(tmp, name)
            subprocess.run([a.oar, "zoo", name, "--out", d], check=True, capture_output=True)
            for batch in [int(b) for b in a.batches.split(",")]:
                for dtype in a.dtypes.split(","):
                    row = {"model": name, "batch": batch, "dtype": dtype}
                    try:
                        ms, build_s, load_ms, _, stderr = bench_oar(a.oar, d, batch, dtype, a.warmup, a.repeat)
                        row.update(oar_ms=ms, oar_build_s=build_s, oar_load_ms=load_ms)
                        if a.log:
                            with open(a.log, "a") as fh:
                                fh.write(f"==== {name} batch {batch} {dtype}\n{stderr}\n")
                    except Exception as e:  # noqa: BLE001
                        row["oar_error"] = str(e)[-600:]
                    if not a.no_torch:
                        try:
                            row["eager_ms"], _ = bench_torch(name, batch, dtype, False, a.warmup, a.repeat)
                        except Exception as e:  # noqa: BLE001
                            row["eager_error"] = str(e)[-600:]
                        if a.compile:
                            try:
                                row["compile_ms"], row["compile_s"] = bench_torch(name, batch, dtype, True, a.warmup,
                                                                                  a.repeat)
                            except Exception as e:  # noqa: BLE001
                                row["compile_error"] = str(e)[-600:]
                    for k in ("oar", "eager", "compile"):
                        if f"{k}_ms" in row:
                            row[f"{k}_img_s"] = batch * 1000.0 / row[f"{k}_ms"]
                    rows.append(row)
                    print(json.dumps(row), flush=True)

    hdr = f"{'model':9s} {'bs':>4s} {'dt':4s} | {'oar ms':>8s} {'img/s':>8s} {'build s':>7s} | {'eager ms':>8s} " \
          f"{'x':>5s} | {'compile ms':>10s} {'x':>5s} {'compile s':>9s}"
    print(f"\nGPU: {device}   torch {torch_version}   commit {commit()}")
    print(hdr)
    print("-" * len(hdr))
    for r in rows:
        def f(k, fmt):
            return format(r[k], fmt) if r.get(k) is not None else "-"
        ratio_e = f"{r['eager_ms'] / r['oar_ms']:.2f}" if "eager_ms" in r and "oar_ms" in r else "-"
        ratio_c = f"{r['compile_ms'] / r['oar_ms']:.2f}" if "compile_ms" in r and "oar_ms" in r else "-"
        print(f"{r['model']:9s} {r['batch']:4d} {r['dtype']:4s} | {f('oar_ms', '8.3f')} {f('oar_img_s', '8.0f')} "
              f"{f('oar_build_s', '7.1f')} | {f('eager_ms', '8.3f')} {ratio_e:>5s} | {f('compile_ms', '10.3f')} "
              f"{ratio_c:>5s} {f('compile_s', '9.1f')}")
    print("x = peer latency / oar latency (> 1: oar faster)")
    result = {"benchmark": "gpu_models", "date": datetime.datetime.now().isoformat(timespec="seconds"),
              "commit": commit(), "device": device, "torch": torch_version,
              "flags": {"warmup": a.warmup, "repeat": a.repeat, "compile": a.compile, "tf32": False,
                        "oar": "--gpu --engine --device-inputs --min-subgraph-size 1",
                        "torch": "eval, channels_last, inference_mode, cudnn.benchmark"},
              "rows": rows}
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(result, fh, indent=1)
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    path = os.path.join(HERE, "results", f"gpu_models-{datetime.date.today()}-{commit()}.json")
    with open(path, "w") as fh:
        json.dump(result, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
