"""Dynamic H/W (and batch) ranges on a zoo model through the CPU engine: any shape inside the
profile runs without a rebuild and equals the native run; a shape outside names the input, the
shape and the range."""
import numpy as np
import pytest

from conftest import run_model, run_oar

PROFILE = ["--min-shape", "image=1x3x160x160", "--opt-shape", "image=1x3x224x224",
           "--max-shape", "image=2x3x256x256"]


@pytest.fixture(scope="module")
def mobilenet(tmp_path_factory):
    d = tmp_path_factory.mktemp("zoo") / "mobilenet_v1"
    run_oar("zoo", "mobilenet_v1", "--out", d)
    return d


@pytest.mark.parametrize("shape", [(1, 3, 224, 224), (2, 3, 192, 176), (1, 3, 160, 256), (2, 3, 256, 256)])
def test_shapes_inside_the_profile_equal_native(mobilenet, shape, tmp_path):
    x = np.random.default_rng(sum(shape)).standard_normal(shape).astype(np.float32)
    (tmp_path / "n").mkdir()
    (tmp_path / "e").mkdir()
    native, _ = run_model(mobilenet, {"image": x}, tmp_path / "n")
    engine, report = run_model(mobilenet, {"image": x}, tmp_path / "e", extra=["--engine", *PROFILE])
    (name,) = native
    ref = native[name].astype(np.float64)
    err = np.abs(engine[name] - ref).max() / np.abs(ref).max()
    assert err <= 1e-4, f"{shape}: relative error {err}"
    assert engine[name].shape == native[name].shape


def test_shape_outside_the_profile_names_input_shape_and_range(mobilenet, tmp_path):
    proc = run_oar("run", mobilenet, "--engine", *PROFILE, "--shape", "image=1x3x288x224", check=False)
    assert proc.returncode != 0
    assert "input 'image' shape [1,3,288,224] is outside the profile range min [1,3,160,160] max [2,3,256,256]" \
        in proc.stderr, proc.stderr
