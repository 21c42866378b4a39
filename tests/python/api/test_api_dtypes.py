"""copy_from_cpu / copy_to_cpu round trips for every dtype oar takes from numpy, through tiny Paddle models
(input 'x' of that dtype -> transpose2 -> output 'y') written by api_testlib.write_transpose_model."""
import numpy as np
import pytest

from api_testlib import oar, write_transpose_model

DTYPES = [
    (np.float32, oar.DataType.FLOAT32, "f32"),
    (np.float64, oar.DataType.FLOAT64, "f64"),
    (np.float16, oar.DataType.FLOAT16, "f16"),
    (np.int8, oar.DataType.INT8, "i8"),
    (np.uint8, oar.DataType.UINT8, "u8"),
    (np.int32, oar.DataType.INT32, "i32"),
    (np.int64, oar.DataType.INT64, "i64"),
    (np.bool_, oar.DataType.BOOL, "bool"),
]


def sample(dtype, shape, seed):
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return rng.integers(0, 2, shape).astype(np.bool_)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max, shape, dtype=dtype, endpoint=True)
    return (rng.standard_normal(shape) * 100).astype(dtype)


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    root = tmp_path_factory.mktemp("dtype_models")
    return {np.dtype(d).name: write_transpose_model(root / np.dtype(d).name, d) for d, _, _ in DTYPES}


@pytest.mark.parametrize("dtype,oar_type,short", DTYPES, ids=[np.dtype(d).name for d, _, _ in DTYPES])
def test_round_trip(models, dtype, oar_type, short):
    p = oar.create_predictor(oar.Config(str(models[np.dtype(dtype).name])))
    assert p.get_input_specs() == [("x", np.dtype(dtype).name, [-1, 3, 5])]
    assert p.get_output_specs() == [("y", np.dtype(dtype).name, [-1, 5, 3])]
    x_in = p.get_input_handle("x")
    y_out = p.get_output_handle("y")
    assert x_in.type() == oar_type
    for seed, batch in [(1, 4), (2, 1)]:
        x = sample(dtype, (batch, 3, 5), seed)
        x_in.copy_from_cpu(x)
        p.run()
        assert y_out.type() == oar_type and y_out.shape() == [batch, 5, 3]
        y = y_out.copy_to_cpu()
        assert y.dtype == np.dtype(dtype) and y.shape == (batch, 5, 3)
        np.testing.assert_array_equal(y, x.transpose(0, 2, 1))
        back = x_in.copy_to_cpu()
        assert back.dtype == np.dtype(dtype)
        np.testing.assert_array_equal(back, x)
    # A non-contiguous view of the same dtype.
    big = sample(dtype, (2, 6, 5), 3)
    view = big[:, ::2, :]
    assert not view.flags.c_contiguous
    (y,) = p.run([view])
    np.testing.assert_array_equal(y, view.transpose(0, 2, 1))


@pytest.mark.parametrize("dtype,oar_type,short", DTYPES, ids=[np.dtype(d).name for d, _, _ in DTYPES])
def test_other_dtypes_are_rejected_with_both_names(models, dtype, oar_type, short):
    p = oar.create_predictor(oar.Config(str(models[np.dtype(dtype).name])))
    h = p.get_input_handle("x")
    for other, other_type, other_short in DTYPES:
        if other is dtype:
            continue
        with pytest.raises(ValueError, match=rf"input 'x': expected dtype {short}, got {other_short}$"):
            h.copy_from_cpu(sample(other, (1, 3, 5), 0))


def test_zero_size_batch(models):
    p = oar.create_predictor(oar.Config(str(models["int64"])))
    (y,) = p.run([np.zeros((0, 3, 5), np.int64)])
    assert y.shape == (0, 5, 3) and y.dtype == np.int64
