"""Real third-party models from ../shared/models, checked against independent references."""
import numpy as np
import onnxruntime as ort
import pytest
from PIL import Image

from conftest import SHARED, model_dir, rel_err, run_model, run_oar


def test_ppocr_cls_paddle_equals_onnx(tmp_path):
    """paddle-ppocr-cls-v2.0 and onnx-ppocr-cls-v2.0 carry the same weights."""
    pd = model_dir("paddle-ppocr-cls-v2.0")
    onnx = model_dir("onnx-ppocr-cls-v2.0") / "ch_ppocr_mobile_v2.0_cls_infer.onnx"
    rng = np.random.default_rng(3)
    # PaddleOCR feeds text lines resized to 3x48x192 scaled to [-1, 1].
    x = rng.uniform(-1, 1, (3, 3, 48, 192)).astype(np.float32)
    outs, _ = run_model(pd, {"x": x}, tmp_path)
    (ours,) = outs.values()
    (ref,) = ort.InferenceSession(str(onnx), providers=["CPUExecutionProvider"]).run(None, {"x": x})
    assert ours.shape == ref.shape == (3, 2)
    err = rel_err(ours, ref)
    assert err < 1e-4, f"max relative error {err:.3g}"


def mnist_preprocess(path):
    """The preprocessing of Paddle's "recognize digits" book chapter, which trained this MLP:
    grayscale, resize to 28x28, scale pixels to [-1, 1] (x / 255 * 2 - 1), NCHW [1,1,28,28].
    The test digit is white on black like MNIST itself, so no inversion."""
    im = Image.open(path).convert("L").resize((28, 28), Image.LANCZOS)
    x = np.asarray(im, dtype=np.float32) / 255.0 * 2.0 - 1.0
    return x.reshape(1, 1, 28, 28)


def test_mnist_mlp_reads_a_three(tmp_path):
    d = model_dir("paddle-mnist-mlp-separate")
    img = SHARED / "images" / "mnist" / "infer_3.png"
    if not img.exists():
        pytest.skip(f"{img} not found")
    outs, _ = run_model(d, {"image": mnist_preprocess(img)}, tmp_path)
    (probs,) = outs.values()
    assert probs.shape == (1, 10)
    assert int(np.argmax(probs)) == 3, f"probabilities {np.round(probs, 3)}"


@pytest.mark.parametrize("name,feeds", [
    ("paddle-simple-conv-bn-relu", {"image": (1, 3, 224, 224)}),
    ("paddle-resnet-cifar10-separate", {"pixel": (4, 3, 32, 32)}),
    ("paddle-mnist-mlp-separate", {"image": (2, 1, 28, 28)}),
    ("paddle-ppocr-cls-v2.0", {"x": (2, 3, 48, 192)}),
])
def test_real_model_runs_with_finite_outputs(name, feeds, tmp_path):
    d = model_dir(name)
    rng = np.random.default_rng(5)
    inputs = {k: rng.uniform(-1, 1, s).astype(np.float32) for k, s in feeds.items()}
    outs, _ = run_model(d, inputs, tmp_path)
    assert outs
    for k, v in outs.items():
        assert v.size > 0 and np.all(np.isfinite(v)), k


def test_ppyolo_tiny_detects_finite_boxes(tmp_path):
    d = model_dir("paddle-ppyolo-tiny-trash")
    rng = np.random.default_rng(9)
    img = rng.uniform(-2, 2, (1, 3, 320, 320)).astype(np.float32)
    inputs = {"im_shape": np.array([[320, 320]], np.float32), "image": img,
              "scale_factor": np.array([[1.0, 1.0]], np.float32)}
    outs, _ = run_model(d, inputs, tmp_path)
    boxes = outs["multiclass_nms3_0.tmp_0"]
    counts = outs["multiclass_nms3_0.tmp_2"]
    assert boxes.ndim == 2 and boxes.shape[1] == 6
    assert counts.shape == (1,) and counts.dtype == np.int32
    assert np.all(np.isfinite(boxes))
    if counts[0] > 0:
        assert boxes.shape[0] == counts[0]
        assert np.all((boxes[:, 0] >= 0) & (boxes[:, 0] < 13))  # 13 classes
        assert np.all(boxes[:, 1] <= 1.0)


@pytest.mark.parametrize("graph", ["ppocr-v4-det/inference.pdmodel", "ppocr-v4-rec/inference.pdmodel",
                                   "ppstructure-slanet/inference.pdmodel", "resnet50-int8-fakequant/__model__",
                                   "ssd-mobilenet-v1-trash/__model__", "mobilenetv2-tengine/inference.pdmodel"])
def test_graph_only_models_parse_and_inspect(graph):
    path = model_dir("paddle-graph-only") / graph
    proc = run_oar("inspect", path)
    assert "ops:" in proc.stdout and "unsupported:" in proc.stdout
    assert "conv2d" in proc.stdout or "while" in proc.stdout
