"""Every zoo model: oar on the Paddle export equals onnxruntime on the ONNX export (1e-4 relative)."""
import zlib

import numpy as np
import onnxruntime as ort
import pytest

from conftest import rel_err, run_model, run_oar

ZOO = ["resnet50", "mobilenet_v1", "vgg16", "alexnet", "googlenet", "resnext50_32x4d",
       "se_resnext50_32x4d", "dpn68"]


@pytest.mark.parametrize("name", ZOO)
def test_zoo_paddle_matches_onnxruntime(name, tmp_path):
    paddle_dir, onnx_dir = tmp_path / "paddle", tmp_path / "onnx"
    run_oar("zoo", name, "--out", paddle_dir, "--seed", 7)
    run_oar("zoo", name, "--out", onnx_dir, "--format", "onnx", "--seed", 7)
    rng = np.random.default_rng(zlib.crc32(name.encode()))  # reproducible across processes
    x = rng.standard_normal((2, 3, 224, 224)).astype(np.float32)
    outs, _ = run_model(paddle_dir, {"image": x}, tmp_path, extra=["--threads", "2"])
    (ours,) = outs.values()
    sess = ort.InferenceSession(str(onnx_dir / "model.onnx"), providers=["CPUExecutionProvider"])
    (ref,) = sess.run(None, {"image": x})
    assert ours.shape == ref.shape == (2, 1000)
    np.testing.assert_allclose(ours.sum(axis=1), 1.0, rtol=1e-4)
    err = rel_err(ours, ref)
    assert err < 1e-4, f"{name}: max relative error {err:.3g}"
    # Not a degenerate network: the two images get different predictions somewhere.
    assert np.abs(ours[0] - ours[1]).max() > 1e-6
