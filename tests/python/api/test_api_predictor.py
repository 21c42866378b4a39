"""oar.create_predictor / Predictor / Tensor on the zoo's mobilenet_v1: the Paddle Inference flow, numpy in
and out, handles, clone, run(list), and every error a user can provoke (messages are oar's)."""
import gc
import json

import numpy as np
import pytest

from api_testlib import mobilenet, oar, predict, rel_err, run_cli, zoo  # noqa: F401  (fixtures)

SHAPE = (1, 3, 224, 224)


def images(n, seed):
    return np.random.default_rng(seed).uniform(-1, 1, (n, 3, 224, 224)).astype(np.float32)


@pytest.fixture(scope="module")
def predictor(mobilenet):
    return oar.create_predictor(oar.Config(str(mobilenet)))


@pytest.fixture(scope="module")
def reference(mobilenet):
    """Outputs of a separate predictor for images(2, seed=11)."""
    p = oar.create_predictor(oar.Config(str(mobilenet / "__model__"), str(mobilenet / "__params__")))
    return predict(p, {"image": images(2, 11)})[p.get_output_names()[0]]


def test_names_specs_and_handle_metadata(predictor):
    assert predictor.get_input_names() == ["image"]
    (out_name,) = predictor.get_output_names()
    assert predictor.get_input_specs() == [("image", "float32", [-1, 3, 224, 224])]
    ((spec_name, spec_dtype, spec_shape),) = predictor.get_output_specs()
    assert spec_name == out_name and spec_dtype == "float32" and spec_shape[-1] == 1000
    h = predictor.get_input_handle("image")
    assert h.name() == "image" and h.type() == oar.DataType.FLOAT32
    assert isinstance(h, oar.Tensor) and repr(h) == "<oar.Tensor 'image'>"
    assert predictor.get_output_handle(out_name).name() == out_name


def test_run_gives_softmax_of_the_right_shape(predictor, reference):
    x = images(2, 11)
    h = predictor.get_input_handle("image")
    h.reshape([2, 3, 224, 224])
    assert h.shape() == [2, 3, 224, 224]
    h.copy_from_cpu(x)
    assert predictor.run() is None
    out = predictor.get_output_handle(predictor.get_output_names()[0])
    assert out.shape() == [2, 1000] and out.type() == oar.DataType.FLOAT32
    y = out.copy_to_cpu()
    assert y.dtype == np.float32 and y.shape == (2, 1000) and y.flags.c_contiguous
    np.testing.assert_allclose(y.sum(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(y, reference)
    # copy_to_cpu gives a new array every time.
    y[:] = -1
    np.testing.assert_array_equal(out.copy_to_cpu(), reference)


def test_python_equals_cli(predictor, mobilenet, tmp_path):
    x = images(3, 4)
    np.save(tmp_path / "x.npy", x)
    rep = json.loads(run_cli("run", mobilenet, "--input", f"image={tmp_path / 'x.npy'}", "--save-outputs",
                             tmp_path / "outs", "--json").stdout)
    (cli_out,) = rep["outputs"]
    ours = predict(predictor, {"image": x})[cli_out["name"]]
    assert rel_err(ours, np.load(cli_out["saved"])) <= 1e-6


def test_copy_from_cpu_uses_the_array_shape(predictor, reference):
    h = predictor.get_input_handle("image")
    h.reshape([5, 3, 224, 224])
    x = images(2, 11)
    h.copy_from_cpu(x)
    assert h.shape() == [2, 3, 224, 224]
    predictor.run()
    np.testing.assert_array_equal(predictor.get_output_handle(predictor.get_output_names()[0]).copy_to_cpu(),
                                  reference)
    np.testing.assert_array_equal(h.copy_to_cpu(), x)  # an input handle reads back its data


def test_non_contiguous_and_foreign_byte_order_inputs(predictor, reference):
    x = images(2, 11)
    name = predictor.get_output_names()[0]
    strided = np.empty((2, 3, 224, 448), np.float32)[..., ::2]  # every other column: not contiguous
    strided[...] = x
    assert not strided.flags.c_contiguous
    np.testing.assert_array_equal(predict(predictor, {"image": strided})[name], reference)
    fortran = np.asfortranarray(x)
    np.testing.assert_array_equal(predict(predictor, {"image": fortran})[name], reference)
    big_endian = x.astype(">f4")
    np.testing.assert_array_equal(predict(predictor, {"image": big_endian})[name], reference)


def test_run_with_a_list_of_arrays(predictor, reference):
    (y,) = predictor.run([images(2, 11)])
    np.testing.assert_array_equal(y, reference)
    with pytest.raises(ValueError, match=r"run\(inputs\) got 2 arrays, the model has 1 inputs \('image'\)"):
        predictor.run([images(1, 1), images(1, 2)])
    with pytest.raises(ValueError, match=r"run\(inputs\) takes a list of numpy arrays, one per input, got one array"):
        predictor.run(images(1, 1))


def test_handles_keep_the_predictor_alive(mobilenet, reference):
    p = oar.create_predictor(oar.Config(str(mobilenet)))
    inp = p.get_input_handle("image")
    out = p.get_output_handle(p.get_output_names()[0])
    run = p.run
    del p
    gc.collect()
    inp.copy_from_cpu(images(2, 11))
    run()
    np.testing.assert_array_equal(out.copy_to_cpu(), reference)


def test_clone_has_its_own_inputs_and_outputs(predictor, reference):
    clone = predictor.clone()
    assert isinstance(clone, oar.Predictor) and clone is not predictor
    assert clone.get_input_names() == predictor.get_input_names()
    name = predictor.get_output_names()[0]
    predictor.get_input_handle("image").copy_from_cpu(images(2, 11))
    clone.get_input_handle("image").copy_from_cpu(images(1, 99))
    clone.run()
    predictor.run()
    np.testing.assert_array_equal(predictor.get_output_handle(name).copy_to_cpu(), reference)
    other = clone.get_output_handle(name).copy_to_cpu()
    assert other.shape == (1, 1000) and not np.allclose(other[0], reference[0])


def test_options_change_memory_not_results(mobilenet, reference):
    plain = oar.create_predictor(oar.Config(str(mobilenet)))
    cfg = oar.Config(str(mobilenet))
    cfg.enable_memory_optim()
    cfg.set_cpu_math_library_num_threads(2)
    cfg.switch_use_feed_fetch_ops(False)
    optim = oar.create_predictor(cfg)
    x = {"image": images(2, 11)}
    name = plain.get_output_names()[0]
    np.testing.assert_array_equal(predict(plain, x)[name], reference)
    np.testing.assert_allclose(predict(optim, x)[name], reference, rtol=1e-5, atol=1e-7)
    assert 0 < optim.activation_pool_bytes() < plain.activation_pool_bytes()
    assert optim.peak_activation_bytes() > 0
    choices = plain.kernel_choices()
    assert choices and all(isinstance(c, str) for c in choices)


def test_profile_gives_per_op_timings(mobilenet, predictor):
    assert predictor.get_op_timings() == []  # not profiled
    cfg = oar.Config(str(mobilenet))
    cfg.enable_profile()
    p = oar.create_predictor(cfg)
    for seed in range(3):
        p.run([images(1, seed)])
    timings = p.get_op_timings()
    assert len(timings) == len(p.kernel_choices())
    assert all(isinstance(t, oar.OpTiming) and t.runs == 3 and t.total_ms >= 0 for t in timings)
    assert {"conv2d", "softmax"} <= {t.kind for t in timings}
    assert sum(t.total_ms for t in timings) > 0
    assert repr(timings[0]).startswith(f"OpTiming(name='{timings[0].name}', kind='{timings[0].kind}', kernel='")


def test_version():
    v = oar.get_version()
    assert v.startswith(oar.__version__ + " (") and "onednn=" in v
    assert oar.__version__.count(".") == 2


# ---------------------------------------------------------------------------------------------------------
# Errors


def test_run_before_inputs_are_set(mobilenet):
    p = oar.create_predictor(oar.Config(str(mobilenet)))
    with pytest.raises(oar.InvalidArgumentError, match="input 'image' was never set") as e:
        p.run()
    assert isinstance(e.value, ValueError) and e.value.code == oar.ErrorCode.INVALID_ARGUMENT
    with pytest.raises(ValueError, match="is not available before a successful Run()"):
        p.get_output_handle(p.get_output_names()[0]).copy_to_cpu()  # the last Run failed
    with pytest.raises(ValueError, match="is not available before a successful Run()"):
        p.get_output_handle(p.get_output_names()[0]).shape()


def test_unknown_input_and_output_names(predictor):
    with pytest.raises(FileNotFoundError, match=r"no input named 'nope'; inputs are 'image'") as e:
        predictor.get_input_handle("nope")
    assert isinstance(e.value, oar.NotFoundError) and e.value.code == oar.ErrorCode.NOT_FOUND
    with pytest.raises(oar.NotFoundError, match=r"no output named 'image'; outputs are '"):
        predictor.get_output_handle("image")
    with pytest.raises(oar.NotFoundError, match="no input named 'x'"):
        predictor.get_input_tensor("x")


def test_wrong_dtype_names_the_input_and_both_dtypes(predictor):
    h = predictor.get_input_handle("image")
    for dtype, short in [(np.float64, "f64"), (np.int64, "i64"), (np.float16, "f16"), (np.bool_, "bool")]:
        with pytest.raises(ValueError, match=rf"input 'image': expected dtype f32, got {short}\b"):
            h.copy_from_cpu(np.zeros(SHAPE, dtype))


def test_unsupported_numpy_dtypes_and_objects(predictor):
    h = predictor.get_input_handle("image")
    with pytest.raises(oar.InvalidArgumentError,
                       match=r"tensor 'image': copy_from_cpu: numpy dtype complex64 is not supported; "
                             r"expected float32"):
        h.copy_from_cpu(np.zeros(SHAPE, np.complex64))
    with pytest.raises(ValueError, match="numpy dtype uint16 is not supported"):
        h.copy_from_cpu(np.zeros(SHAPE, np.uint16))
    with pytest.raises(ValueError, match="numpy dtype object is not supported"):
        h.copy_from_cpu(object())
    with pytest.raises(ValueError, match=r"expected dtype f32, got f64"):  # a list becomes float64
        h.copy_from_cpu([[1.0, 2.0]])


def test_shape_errors_name_the_input_and_shapes(mobilenet):
    p = oar.create_predictor(oar.Config(str(mobilenet)))
    h = p.get_input_handle("image")
    # Declared dims are hints, as in Paddle: a size the network can run at runs (with a warning).
    h.copy_from_cpu(np.zeros((1, 3, 224, 225), np.float32))
    p.run()
    assert p.get_output_handle(p.get_output_names()[0]).shape() == [1, 1000]
    # One it cannot run at fails with the input, the declared and the given shape first.
    h.copy_from_cpu(np.zeros((1, 4, 224, 224), np.float32))
    with pytest.raises(ValueError, match=r"input 'image': expected f32\[\?,3,224,224\], got f32\[1,4,224,224\] "
                                         r"\(the model declares that size; running at the given size failed: .*conv2d"):
        p.run()
    h.copy_from_cpu(np.zeros((3, 224, 224), np.float32))
    with pytest.raises(ValueError, match=r"input 'image': expected .*got f32\[3,224,224\]"):
        p.run()
    with pytest.raises(ValueError, match="is not available before a successful Run()"):
        p.get_output_handle(p.get_output_names()[0]).copy_to_cpu()  # the last Run failed
    with pytest.raises(ValueError, match=r"input 'image': Reshape needs non-negative dims, got \[1,"):
        h.reshape([1, -3, 224, 224])
    # The predictor still works once the input is right.
    h.copy_from_cpu(images(1, 3))
    p.run()
    assert p.get_output_handle(p.get_output_names()[0]).shape() == [1, 1000]


def test_input_copy_to_cpu_needs_data_of_the_current_shape(mobilenet):
    p = oar.create_predictor(oar.Config(str(mobilenet)))
    h = p.get_input_handle("image")
    with pytest.raises(ValueError, match=r"tensor 'image': CopyToCpu on an input returns the data of CopyFromCpu, "
                                         r"but none was copied in for shape \[\]"):
        h.copy_to_cpu()
    x = images(1, 5)
    h.copy_from_cpu(x)
    h.reshape([2, 3, 8, 8])  # a Reshape not filled yet: the old data must not be read as that shape
    assert h.shape() == [2, 3, 8, 8]
    with pytest.raises(ValueError, match=r"none was copied in for shape \[2,3,8,8\]"):
        h.copy_to_cpu()
    h.copy_from_cpu(x)
    np.testing.assert_array_equal(h.copy_to_cpu(), x)


def test_output_handles_reject_input_operations(predictor):
    out = predictor.get_output_handle(predictor.get_output_names()[0])
    with pytest.raises(ValueError, match="Reshape is only for inputs"):
        out.reshape([1, 1000])
    with pytest.raises(ValueError, match="CopyFromCpu is only for inputs"):
        out.copy_from_cpu(np.zeros((1, 1000), np.float32))


def test_missing_model_paths(mobilenet, tmp_path):
    missing = tmp_path / "no_such_model"
    with pytest.raises(FileNotFoundError, match="no_such_model") as e:
        oar.create_predictor(oar.Config(str(missing)))
    assert isinstance(e.value, oar.NotFoundError) and isinstance(e.value, oar.OarError)
    assert e.value.code == oar.ErrorCode.NOT_FOUND
    with pytest.raises(FileNotFoundError, match="no_params"):
        oar.create_predictor(oar.Config(str(mobilenet / "__model__"), str(tmp_path / "no_params")))
    with pytest.raises(FileNotFoundError, match="no_graph"):
        oar.create_predictor(oar.Config(str(tmp_path / "no_graph"), str(mobilenet / "__params__")))


def test_empty_config():
    with pytest.raises(ValueError,
                       match=r"no model given \(use Config\(model_dir\) or Config\(prog_file, params_file\)\)"):
        oar.create_predictor(oar.Config())
