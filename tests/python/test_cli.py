"""The `oar` CLI: run output, JSON, saved outputs, error messages."""
import json

import numpy as np
import pytest

from conftest import model_dir, run_oar


def test_run_json_and_save(tmp_path):
    d = model_dir("paddle-mnist-mlp-separate")
    proc = run_oar("run", d, "--shape", "image=3x1x28x28", "--repeat", "3", "--json", "--save-outputs", tmp_path)
    rep = json.loads(proc.stdout)
    (out,) = rep["outputs"]
    assert out["shape"] == [3, 10]
    assert rep["latency_ms"]["runs"] == 3
    saved = np.load(out["saved"])
    assert saved.shape == (3, 10)
    np.testing.assert_allclose(saved.sum(axis=1), 1.0, rtol=1e-5)
    assert abs(out["mean"] - saved.mean()) < 1e-6


def test_run_text_output(tmp_path):
    d = model_dir("paddle-mnist-mlp-separate")
    proc = run_oar("run", d, "--top", "3")
    assert "latency: median" in proc.stdout
    assert "output save_infer_model/scale_0.tmp_4" in proc.stdout
    assert proc.stdout.count("class ") == 3


def test_memory_optim_reports_less(tmp_path):
    d = model_dir("paddle-resnet-cifar10-separate")
    plain = json.loads(run_oar("run", d, "--json").stdout)
    optim = json.loads(run_oar("run", d, "--json", "--memory-optim").stdout)
    assert optim["memory"]["activation_pool_bytes"] < plain["memory"]["activation_pool_bytes"]
    np.testing.assert_allclose(optim["outputs"][0]["first"], plain["outputs"][0]["first"], rtol=1e-6)


def test_errors_are_clear(tmp_path):
    d = model_dir("paddle-mnist-mlp-separate")
    proc = run_oar("run", d, "--shape", "image=2x1x28x29", check=False)
    assert proc.returncode != 0
    assert "input 'image': expected f32[?,1,28,28], got f32[2,1,28,29]" in proc.stderr
    proc = run_oar("run", d, "--shape", "nope=1x2", check=False)
    assert proc.returncode != 0 and "no input named 'nope'" in proc.stderr
    proc = run_oar("run", tmp_path / "missing", check=False)
    assert proc.returncode != 0 and "missing" in proc.stderr
    bad = tmp_path / "bad.npy"
    np.save(bad, np.zeros((1, 1, 28, 28), np.int64))
    proc = run_oar("run", d, "--input", f"image={bad}", check=False)
    assert proc.returncode != 0 and "expected dtype f32, got i64" in proc.stderr


def test_zoo_list_and_unknown(tmp_path):
    proc = run_oar("zoo", "--list")
    for name in ["resnet50", "mobilenet_v1", "vgg16", "dpn68"]:
        assert name in proc.stdout
    proc = run_oar("zoo", "resnet51", "--out", tmp_path / "never", check=False)
    assert proc.returncode != 0 and "resnet50" in proc.stderr


def test_inspect_gpu_partition_lists_the_ops_left_on_the_cpu():
    """`oar inspect --engine --gpu`: the CUDA engine's partition and the native ops that a GPU
    predictor runs on the CPU, with the reason (no GPU needed; CUDA builds only)."""
    d = model_dir("paddle-ppyolo-tiny-trash")
    proc = run_oar("inspect", d, "--engine", "--gpu", check=False)
    if proc.returncode != 0 and "needs a CUDA build" in proc.stderr:
        pytest.skip("this oar was built without CUDA")
    assert proc.returncode == 0, proc.stderr
    assert "engine partition (backend cuda" in proc.stdout
    assert "native ops on the CPU with copies (5):" in proc.stdout
    assert "yolo_box_0.tmp_0 (yolo_box): input 1 is i32" in proc.stdout
    assert "multiclass_nms3_0.tmp_0 (multiclass_nms)" in proc.stdout
