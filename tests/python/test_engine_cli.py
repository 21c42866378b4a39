"""`oar run --engine`: engine FP32 equals the native executor, plans are cached with --use-static,
and shapes outside the profile are refused with the input, shape and range named."""
import numpy as np
import pytest

from conftest import model_dir, rel_err, run_model, run_oar


@pytest.mark.parametrize("name,feeds,profile", [
    ("paddle-resnet-cifar10-separate", {"pixel": (2, 3, 32, 32)}, []),
    # The OCR classifier declares 32x100 but is fed 48x192 text lines: the engine needs a profile.
    ("paddle-ppocr-cls-v2.0", {"x": (2, 3, 48, 192)},
     ["--min-shape", "x=1x3x48x192", "--opt-shape", "x=2x3x48x192", "--max-shape", "x=4x3x48x192"]),
    ("paddle-ppyolo-tiny-trash", None, []),
])
def test_engine_fp32_equals_native(name, feeds, profile, tmp_path):
    d = model_dir(name)
    rng = np.random.default_rng(21)
    if feeds is None:  # the detector: image plus its size inputs
        inputs = {"im_shape": np.array([[320, 320]], np.float32),
                  "image": rng.uniform(-2, 2, (1, 3, 320, 320)).astype(np.float32),
                  "scale_factor": np.array([[1.0, 1.0]], np.float32)}
    else:
        inputs = {k: rng.uniform(-1, 1, s).astype(np.float32) for k, s in feeds.items()}
    batch = next(iter(inputs.values())).shape[0] if feeds else 1
    (tmp_path / "native").mkdir()
    (tmp_path / "engine").mkdir()
    native, _ = run_model(d, inputs, tmp_path / "native")
    engine, _ = run_model(d, inputs, tmp_path / "engine", extra=["--engine", "--max-batch", str(batch), *profile])
    assert native.keys() == engine.keys()
    for k in native:
        assert native[k].shape == engine[k].shape, k
        if native[k].dtype.kind == "f":
            assert rel_err(engine[k], native[k]) < 1e-4, k
        else:
            np.testing.assert_array_equal(engine[k], native[k])


def test_use_static_loads_the_cached_plan_and_profiles_are_enforced(tmp_path):
    d = model_dir("paddle-resnet-cifar10-separate")
    cache = tmp_path / "cache"
    args = ["run", d, "--engine", "--use-static", "--cache-dir", cache, "--shape", "pixel=3x3x32x32",
            "--min-shape", "pixel=1x3x32x32", "--opt-shape", "pixel=2x3x32x32", "--max-shape", "pixel=4x3x32x32"]
    first = run_oar(*args)
    assert "[oar engine] built cpu_engine_0" in first.stderr, first.stderr
    plans = list(cache.glob("*.plan"))
    assert len(plans) == 1
    second = run_oar(*args)
    assert "[oar engine] loaded plan" in second.stderr and "built" not in second.stderr, second.stderr
    # A corrupt plan is rebuilt with a warning, never trusted.
    plans[0].write_bytes(plans[0].read_bytes()[:100])
    third = run_oar(*args)
    assert "built cpu_engine_0" in third.stderr and "not using" in third.stderr, third.stderr
    # Outside the profile: a clear error.
    bad = run_oar(*args[:-8], "--shape", "pixel=5x3x32x32", *args[-6:], check=False)
    assert bad.returncode != 0
    assert "input 'pixel' shape [5,3,32,32] is outside the profile range min [1,3,32,32] max [4,3,32,32]" in bad.stderr


def test_batch_above_max_batch_without_profile_is_an_error():
    d = model_dir("paddle-resnet-cifar10-separate")
    proc = run_oar("run", d, "--engine", "--shape", "pixel=2x3x32x32", check=False)
    assert proc.returncode != 0
    assert "batch 2 exceeds max_batch_size 1" in proc.stderr


def test_collected_shape_ranges_drive_the_engine_profile(tmp_path):
    d = model_dir("paddle-resnet-cifar10-separate")
    ranges = tmp_path / "shapes.txt"
    for batch in (1, 3, 3, 2):
        run_oar("run", d, "--shape", f"pixel={batch}x3x32x32", "--collect-shape-range", ranges)
    # Collection continues across processes; opt is the most frequent shape.
    assert ranges.read_text() == ("pixel min=1x3x32x32 opt=3x3x32x32 max=3x3x32x32 "
                                  "seen=1x3x32x32:1,2x3x32x32:1,3x3x32x32:2\n")
    ok = run_oar("run", d, "--engine", "--tuned-shape-range", ranges, "--shape", "pixel=2x3x32x32")
    assert "built cpu_engine_0" in ok.stderr
    bad = run_oar("run", d, "--engine", "--tuned-shape-range", ranges, "--shape", "pixel=4x3x32x32", check=False)
    assert "input 'pixel' shape [4,3,32,32] is outside the profile range min [1,3,32,32] max [3,3,32,32]" in bad.stderr
    ranges.write_text("pixel min=1x3 opt=1x3x32x32 max=1x3x32x32\n")
    broken = run_oar("run", d, "--engine", "--tuned-shape-range", ranges, check=False)
    assert broken.returncode != 0 and f"shape range file '{ranges}' line 1" in broken.stderr
