"""Shared fixtures for oar's Python end-to-end tests.

They drive the `oar` CLI binary (OAR_BIN, default ./build/oar) and compare with onnxruntime
and numpy references. Tests that need ../shared/models skip with a reason when it is absent.
"""
import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("OAR_SHARED_DIR", REPO.parent / "shared"))


def oar_bin():
    return os.environ.get("OAR_BIN", str(REPO / "build" / "oar"))


def run_oar(*args, check=True):
    try:
        proc = subprocess.run([oar_bin(), *map(str, args)], capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired as e:
        raise AssertionError(f"oar {' '.join(map(str, args))} did not finish in 900 s") from e
    if check and proc.returncode != 0:
        raise AssertionError(f"oar {' '.join(map(str, args))} failed ({proc.returncode}):\n{proc.stderr}\n{proc.stdout}")
    return proc


def run_model(model, inputs, tmp_path, extra=()):
    """Runs `oar run` with the given {name: array} inputs; returns {output name: array}."""
    args = ["run", model]
    for i, (name, arr) in enumerate(inputs.items()):
        path = tmp_path / f"in_{i}.npy"
        np.save(path, arr)
        args += ["--input", f"{name}={path}"]
    out_dir = tmp_path / "outs"
    args += ["--save-outputs", out_dir, "--json", *extra]
    proc = run_oar(*args)
    report = json.loads(proc.stdout)
    return {o["name"]: np.load(o["saved"]) for o in report["outputs"]}, report


def model_dir(name):
    d = SHARED / "models" / name
    if not d.exists():
        pytest.skip(f"shared model {name} not found at {d}")
    return d


def rel_err(a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-30))
