"""Real third-party models (../shared/models) through the Python API: every layout of Config, several
inputs, integer outputs; the numbers equal the C++ CLI's for the same inputs. Skipped when a model is absent."""
import json

import numpy as np
import pytest

from api_testlib import oar, predict, rel_err, run_cli, shared_model

MODELS = [
    # (dir, graph file, params file or None for a directory config, {input: shape})
    ("paddle-mnist-mlp-separate", None, None, {"image": (3, 1, 28, 28)}),
    ("paddle-resnet-cifar10-separate", None, None, {"pixel": (2, 3, 32, 32)}),
    ("paddle-simple-conv-bn-relu", "model.pdmodel", "model.pdiparams", {"image": (1, 3, 224, 224)}),
    ("paddle-ppocr-cls-v2.0", "inference.pdmodel", "inference.pdiparams", {"x": (2, 3, 48, 192)}),
]


def cli_outputs(model_args, feeds, tmp_path):
    args = ["run", *model_args]
    for i, (name, arr) in enumerate(feeds.items()):
        np.save(tmp_path / f"in_{i}.npy", arr)
        args += ["--input", f"{name}={tmp_path / f'in_{i}.npy'}"]
    rep = json.loads(run_cli(*args, "--save-outputs", tmp_path / "outs", "--json").stdout)
    return {o["name"]: np.load(o["saved"]) for o in rep["outputs"]}


@pytest.mark.parametrize("name,graph,params,shapes", MODELS, ids=[m[0] for m in MODELS])
def test_python_equals_cli(name, graph, params, shapes, tmp_path):
    d = shared_model(name)
    if params is None:
        config, model_args = oar.Config(d), [d]
    else:
        config, model_args = oar.Config(d / graph, d / params), [d / graph, "--params", d / params]
    p = oar.create_predictor(config)
    assert sorted(p.get_input_names()) == sorted(shapes)
    rng = np.random.default_rng(17)
    feeds = {k: rng.uniform(-1, 1, s).astype(np.float32) for k, s in shapes.items()}
    ours = predict(p, feeds)
    theirs = cli_outputs(model_args, feeds, tmp_path)
    assert ours.keys() == theirs.keys()
    for k in ours:
        assert ours[k].dtype == theirs[k].dtype and ours[k].shape == theirs[k].shape, k
        assert rel_err(ours[k], theirs[k]) <= 1e-6, k
    if params is not None:  # the directory form finds the same files
        from_dir = predict(oar.create_predictor(oar.Config(d)), feeds)
        for k in ours:
            np.testing.assert_array_equal(from_dir[k], ours[k], err_msg=k)


def test_mnist_specs_and_softmax(tmp_path):
    p = oar.create_predictor(oar.Config(shared_model("paddle-mnist-mlp-separate")))
    assert p.get_input_specs() == [("image", "float32", [-1, 1, 28, 28])]
    x = np.random.default_rng(1).uniform(-1, 1, (5, 1, 28, 28)).astype(np.float32)
    (y,) = p.run([x])
    assert y.shape == (5, 10)
    np.testing.assert_allclose(y.sum(axis=1), 1.0, rtol=1e-5)
    with pytest.raises(ValueError, match=r"input 'image': expected f32\[\?,1,28,28\], got f32\[2,1,28,29\]"):
        p.run([np.zeros((2, 1, 28, 29), np.float32)])


def test_ppyolo_three_inputs_and_int32_output(tmp_path):
    d = shared_model("paddle-ppyolo-tiny-trash")
    p = oar.create_predictor(oar.Config(d / "model.pdmodel", d / "model.pdiparams"))
    names = p.get_input_names()
    assert sorted(names) == ["im_shape", "image", "scale_factor"]
    rng = np.random.default_rng(9)
    feeds = {"im_shape": np.array([[320, 320]], np.float32),
             "image": rng.uniform(-2, 2, (1, 3, 320, 320)).astype(np.float32),
             "scale_factor": np.array([[1.0, 1.0]], np.float32)}
    outs = p.run([feeds[n] for n in names])  # list form, in get_input_names() order
    by_name = dict(zip(p.get_output_names(), outs))
    counts = by_name["multiclass_nms3_0.tmp_2"]
    assert counts.dtype == np.int32 and counts.shape == (1,)
    handle = p.get_output_handle("multiclass_nms3_0.tmp_2")
    assert handle.type() == oar.DataType.INT32
    theirs = cli_outputs([d / "model.pdmodel", "--params", d / "model.pdiparams"], feeds, tmp_path)
    for k, v in by_name.items():
        assert v.dtype == theirs[k].dtype, k
        np.testing.assert_allclose(v, theirs[k], rtol=1e-6, atol=1e-6, err_msg=k)
