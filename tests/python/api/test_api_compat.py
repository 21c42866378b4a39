"""oar.compat: Paddle 1.x and 2.x names, stored engine options with their warning and checks, and the
whole Paddle flows giving the same numbers as oar's own API."""
import subprocess
import sys
import warnings

import numpy as np
import pytest

from api_testlib import mobilenet, oar, predict, python_env, zoo  # noqa: F401  (fixtures)
from oar import compat
from oar.compat import AnalysisConfig, create_paddle_predictor


def x_image(seed):
    return np.random.default_rng(seed).uniform(-1, 1, (1, 3, 224, 224)).astype(np.float32)


def test_names_exist_and_alias_the_core_classes():
    assert issubclass(AnalysisConfig, oar.Config)
    assert compat.Config is AnalysisConfig
    assert compat.PrecisionType is AnalysisConfig.Precision
    assert compat.ZeroCopyTensor is oar.Tensor and compat.Tensor is oar.Tensor
    assert compat.PaddlePredictor is oar.Predictor and compat.Predictor is oar.Predictor
    assert compat.PaddleDType is oar.DataType and compat.DataType is oar.DataType
    assert compat.get_version() == oar.get_version()
    P = AnalysisConfig.Precision
    assert (int(P.Float32), int(P.Int8), int(P.Half), int(P.Bfloat16)) == (0, 1, 2, 3)
    for name in compat.__all__:
        assert hasattr(compat, name), name


def test_analysis_config_keeps_every_core_option():
    c = AnalysisConfig("/m/model", "/m/params")
    assert (c.prog_file(), c.params_file(), c.model_dir()) == ("/m/model", "/m/params", "")
    c.switch_use_feed_fetch_ops(False)
    c.enable_memory_optim()
    c.enable_use_gpu(1000, 0)
    c.set_cpu_math_library_num_threads(2)
    assert not c.use_feed_fetch_ops_enabled() and c.memory_optim_enabled() and c.use_gpu()
    assert c.memory_pool_init_size_mb() == 1000 and c.cpu_math_library_num_threads() == 2
    assert AnalysisConfig("/dir").model_dir() == "/dir"
    assert AnalysisConfig().model_dir() == ""
    assert not c.tensorrt_engine_enabled() and c.tensorrt_options() is None and c.trt_dynamic_shape_info() is None


def test_enable_tensorrt_engine_enables_oars_engine():
    c = AnalysisConfig("/m")
    assert not c.engine_enabled()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        c.enable_tensorrt_engine(workspace_size=1 << 28, max_batch_size=4, min_subgraph_size=5,
                                 precision_mode=AnalysisConfig.Precision.Half, use_static=True, use_calib_mode=False)
    assert not caught
    assert c.tensorrt_engine_enabled() and c.engine_enabled()
    # The C++ Config carries the same settings.
    assert (c.workspace_size(), c.max_batch_size(), c.min_subgraph_size()) == (1 << 28, 4, 5)
    assert c.precision() == oar.Precision.Half and c.use_static() and not c.use_calib_mode()
    assert c.tensorrt_options() == compat.TensorRTOptions(
        workspace_size=1 << 28, max_batch_size=4, min_subgraph_size=5,
        precision_mode=AnalysisConfig.Precision.Half, use_static=True, use_calib_mode=False)
    c.enable_tensorrt_engine()
    opts = c.tensorrt_options()
    assert (opts.workspace_size, opts.max_batch_size, opts.min_subgraph_size) == (1 << 30, 1, 3)
    assert opts.precision_mode is AnalysisConfig.Precision.Float32
    assert opts.use_static is False and opts.use_calib_mode is False
    c.enable_tensorrt_engine(precision_mode=1)  # Paddle's int value of Int8
    assert c.tensorrt_options().precision_mode is AnalysisConfig.Precision.Int8
    assert "tensorrt=" in repr(c) and repr(c).startswith("AnalysisConfig(model_dir='/m'")


@pytest.mark.parametrize("kwargs,message", [
    ({"workspace_size": 0}, r"workspace_size must be an int >= 1, got 0"),
    ({"workspace_size": 2.5}, r"workspace_size must be an int >= 1, got 2.5"),
    ({"max_batch_size": -1}, r"max_batch_size must be an int >= 1, got -1"),
    ({"min_subgraph_size": True}, r"min_subgraph_size must be an int >= 1, got True"),
    ({"precision_mode": 7}, r"precision_mode must be one of AnalysisConfig.Precision.Float32, "
                            r"AnalysisConfig.Precision.Int8, AnalysisConfig.Precision.Half, "
                            r"AnalysisConfig.Precision.Bfloat16, got 7"),
    ({"use_static": "yes"}, r"use_static must be a bool, got 'yes'"),
    ({"use_calib_mode": 2}, r"use_calib_mode must be a bool, got 2"),
])
def test_enable_tensorrt_engine_checks_arguments(kwargs, message):
    c = AnalysisConfig("/m")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(oar.InvalidArgumentError, match="config: enable_tensorrt_engine: " + message) as e:
            c.enable_tensorrt_engine(**kwargs)
    assert e.value.code == oar.ErrorCode.INVALID_ARGUMENT
    assert not caught and c.tensorrt_options() is None


def test_dynamic_shape_info_is_checked_and_stored():
    c = AnalysisConfig("/m")
    lo, hi, opt = {"image": [1, 3, 112, 112]}, {"image": [8, 3, 448, 448]}, {"image": (2, 3, 224, 224)}
    c.set_trt_dynamic_shape_info(lo, hi, opt)
    info = c.trt_dynamic_shape_info()
    assert info == compat.DynamicShapeInfo({"image": [1, 3, 112, 112]}, {"image": [8, 3, 448, 448]},
                                           {"image": [2, 3, 224, 224]}, False)
    lo["image"][0] = 99  # stored copies, not the caller's lists
    assert info.min_input_shape["image"][0] == 1
    assert c.min_input_shape() == {"image": [1, 3, 112, 112]} and c.opt_input_shape() == {"image": [2, 3, 224, 224]}
    c.set_trt_dynamic_shape_info({}, {}, {}, True)
    assert c.trt_dynamic_shape_info().disable_trt_plugin_fp16 is True

    bad = [
        (({"a": [1, 2]}, {"b": [1, 2]}, {"a": [1, 2]}), r"min/max/optim must name the same inputs"),
        (({"a": [1, 2]}, {"a": [3, 2, 1]}, {"a": [1, 2]}), r"input 'a': min \[1, 2\], opt \[1, 2\] and max \[3, 2, 1\] "
                                                          r"must have the same rank"),
        (({"a": [1, 8]}, {"a": [4, 8]}, {"a": [5, 8]}), r"input 'a': expected min <= opt <= max in every dim, "
                                                        r"got min \[1, 8\], opt \[5, 8\], max \[4, 8\]"),
        (({"a": [0, 8]}, {"a": [4, 8]}, {"a": [1, 8]}), r"min_input_shape\['a'\] must have dims >= 1, got \[0, 8\]"),
        (({"a": "xy"}, {"a": [4]}, {"a": [1]}), r"min_input_shape\['a'\] must be a list of ints, got 'xy'"),
        (([1, 2], {}, {}), r"min_input_shape must be a dict \{input name: shape\}, got list"),
    ]
    for args, message in bad:
        with pytest.raises(ValueError, match="config: set_trt_dynamic_shape_info: " + message):
            c.set_trt_dynamic_shape_info(*args)
    assert c.trt_dynamic_shape_info().min_input_shape == {}  # unchanged by the failed calls


def test_paddle1_flow_equals_oar_flow(mobilenet):
    x = x_image(8)
    ref_p = oar.create_predictor(oar.Config(str(mobilenet)))
    (ref,) = predict(ref_p, {"image": x}).values()

    config = AnalysisConfig(str(mobilenet / "__model__"), str(mobilenet / "__params__"))
    config.switch_use_feed_fetch_ops(False)
    config.enable_memory_optim()
    config.enable_tensorrt_engine(workspace_size=1 << 30, max_batch_size=1, min_subgraph_size=5,
                                  precision_mode=AnalysisConfig.Precision.Float32, use_static=False,
                                  use_calib_mode=False)
    predictor = create_paddle_predictor(config)
    assert isinstance(predictor, oar.Predictor)
    input_tensor = predictor.get_input_tensor(predictor.get_input_names()[0])
    input_tensor.reshape([1, 3, 224, 224])
    input_tensor.copy_from_cpu(x)
    assert predictor.zero_copy_run() is True
    out = predictor.get_output_tensor(predictor.get_output_names()[0]).copy_to_cpu()
    np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-7)


def test_paddle2_flow_equals_oar_flow(mobilenet):
    x = x_image(9)
    ref_p = oar.create_predictor(oar.Config(str(mobilenet)))
    (ref,) = predict(ref_p, {"image": x}).values()
    config = compat.Config(str(mobilenet))
    config.set_trt_dynamic_shape_info({"image": [1, 3, 224, 224]}, {"image": [4, 3, 224, 224]},
                                      {"image": [1, 3, 224, 224]})
    predictor = compat.create_predictor(config)
    handle = predictor.get_input_handle("image")
    handle.copy_from_cpu(x)
    predictor.run()
    out = predictor.get_output_handle(predictor.get_output_names()[0]).copy_to_cpu()
    np.testing.assert_array_equal(out, ref)
    assert create_paddle_predictor(oar.Config(str(mobilenet))).get_input_names() == ["image"]


def test_enable_use_gpu_warns_once_then_runs_on_cpu(mobilenet, tmp_path):
    """The C++ side prints the warning, once per process, at create_predictor."""
    script = tmp_path / "gpu.py"
    script.write_text(
        "import numpy as np\n"
        "from oar.compat import AnalysisConfig, create_paddle_predictor\n"
        "for i in range(2):\n"
        f"    config = AnalysisConfig({str(mobilenet)!r})\n"
        "    config.enable_use_gpu(1000, 0)\n"
        "    p = create_paddle_predictor(config)\n"
        "    (y,) = p.run([np.zeros((1, 3, 224, 224), np.float32)])\n"
        "    print(y.shape)\n")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=python_env(),
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["(1, 1000)", "(1, 1000)"]
    assert proc.stderr.count("EnableUseGpu") == 1, proc.stderr
    assert "running on the CPU" in proc.stderr
