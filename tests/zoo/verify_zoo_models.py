#!/usr/bin/env python3
"""Cross-checks the zoo's two exports of every network (not part of ctest; needs onnxruntime,
optionally paddlepaddle):

    python3 tests/zoo/verify_zoo_models.py --oar build/oar [--names resnet50 dpn68] [--keep DIR]

For each network it writes both formats with `oar zoo NAME --out DIR --format paddle|onnx`,
runs the ONNX file with onnxruntime and, when `import paddle` works, the Paddle files with
paddle.static.load_inference_model, on the same random batch, and prints the max relative
difference, the max class probability and the logit spread. Exit status 1 when the two
disagree by more than 1e-4 (relative to the largest probability) or a probability row does
not sum to 1.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

# Paddle 3 loads a ProgramDesc (rather than PIR JSON) only with the PIR API off; the flag is
# read when paddle is first imported.
os.environ.setdefault("FLAGS_enable_pir_api", "0")

NAMES = ["resnet50", "mobilenet_v1", "vgg16", "alexnet", "googlenet", "resnext50_32x4d",
         "se_resnext50_32x4d", "dpn68"]


def run_onnx(path, x):
    import onnxruntime as ort
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    return sess.run(None, {sess.get_inputs()[0].name: x})[0]


def run_paddle(model_dir, x):
    import paddle
    paddle.enable_static()
    exe = paddle.static.Executor(paddle.CPUPlace())
    with paddle.static.scope_guard(paddle.static.Scope()):
        prog, feeds, fetches = paddle.static.load_inference_model(
            model_dir, exe, model_filename="__model__", params_filename="__params__")
        return exe.run(prog, feed={feeds[0]: x}, fetch_list=fetches)[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--oar", required=True, help="path of the oar CLI")
    ap.add_argument("--names", nargs="*", default=NAMES)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--keep", help="write the models here and keep them (default: a temp dir)")
    args = ap.parse_args()
    try:
        import paddle  # noqa: F401
        have_paddle = True
    except ImportError:
        have_paddle = False
        print("paddle not importable: checking the ONNX files only")
    root = args.keep or tempfile.mkdtemp(prefix="oar_zoo_")
    x = np.random.default_rng(0).standard_normal((args.batch, 3, 224, 224)).astype(np.float32)
    ok = True
    print(f"{'model':20s} {'max rel diff':>12s} {'max prob':>9s} {'logit std':>9s}")
    for name in args.names:
        dirs = {fmt: os.path.join(root, name, fmt) for fmt in ("paddle", "onnx")}
        for fmt, d in dirs.items():
            subprocess.run([args.oar, "zoo", name, "--out", d, "--format", fmt, "--seed", str(args.seed)],
                           check=True, stdout=subprocess.DEVNULL)
        p_onnx = run_onnx(os.path.join(dirs["onnx"], "model.onnx"), x)
        diff = float("nan")
        if have_paddle:
            p_paddle = run_paddle(dirs["paddle"], x)
            diff = float(np.abs(p_paddle - p_onnx).max() / np.abs(p_onnx).max())
            ok &= diff < 1e-4
        ok &= bool(np.allclose(p_onnx.sum(1), 1.0, atol=1e-4))
        logits = np.log(np.maximum(p_onnx, 1e-38))
        print(f"{name:20s} {diff:12.2e} {p_onnx.max():9.3f} {logits.std(1).mean():9.2f}", flush=True)
        if not args.keep:
            shutil.rmtree(os.path.join(root, name))
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
