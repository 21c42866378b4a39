"""oar.Config: constructors, every option's setter and getter, paths, repr."""
import pathlib

import pytest

from api_testlib import mobilenet, oar, zoo  # noqa: F401  (fixtures)


def test_default_values():
    c = oar.Config()
    assert c.model_dir() == "" and c.prog_file() == "" and c.params_file() == ""
    assert c.use_feed_fetch_ops_enabled() is True
    assert c.memory_optim_enabled() is False
    assert c.cpu_math_library_num_threads() == 1
    assert c.use_gpu() is False
    assert c.gpu_device_id() == 0
    assert c.memory_pool_init_size_mb() == 0
    assert c.profile_enabled() is False


def test_model_dir_and_file_pair_constructors():
    c = oar.Config("/models/resnet")
    assert c.model_dir() == "/models/resnet" and c.prog_file() == "" and c.params_file() == ""
    c = oar.Config("/m/model", "/m/params")
    assert c.model_dir() == "" and c.prog_file() == "/m/model" and c.params_file() == "/m/params"
    c = oar.Config(model_dir="/a")
    assert c.model_dir() == "/a"
    c = oar.Config(prog_file="/a/p", params_file="/a/q")
    assert (c.prog_file(), c.params_file()) == ("/a/p", "/a/q")


def test_paths_accept_pathlike_and_reject_other_types():
    c = oar.Config(pathlib.Path("/x/y"))
    assert c.model_dir() == "/x/y"
    c = oar.Config(pathlib.Path("/x/__model__"), pathlib.Path("/x/__params__"))
    assert c.prog_file() == "/x/__model__" and c.params_file() == "/x/__params__"
    c.set_prog_file(pathlib.Path("/z/m"))
    c.set_params_file(pathlib.Path("/z/p"))
    assert (c.prog_file(), c.params_file()) == ("/z/m", "/z/p")
    with pytest.raises(TypeError):
        oar.Config(42)
    with pytest.raises(TypeError):
        c.set_model(3.5)


def test_set_model_switches_between_layouts():
    c = oar.Config("/dir")
    c.set_model("/g/model", "/g/params")
    assert c.model_dir() == "" and c.prog_file() == "/g/model" and c.params_file() == "/g/params"
    c.set_model("/other")
    assert c.model_dir() == "/other" and c.prog_file() == "" and c.params_file() == ""


def test_switches_and_threads():
    c = oar.Config("/d")
    c.switch_use_feed_fetch_ops(False)
    assert c.use_feed_fetch_ops_enabled() is False
    c.switch_use_feed_fetch_ops()
    assert c.use_feed_fetch_ops_enabled() is True
    c.enable_memory_optim()
    assert c.memory_optim_enabled() is True
    c.enable_memory_optim(False)
    assert c.memory_optim_enabled() is False
    c.set_cpu_math_library_num_threads(3)
    assert c.cpu_math_library_num_threads() == 3
    c.set_cpu_math_library_num_threads(0)  # below 1 means 1, as in the C++ API
    assert c.cpu_math_library_num_threads() == 1
    c.enable_profile()
    assert c.profile_enabled() is True


def test_gpu_options():
    c = oar.Config("/d")
    c.enable_use_gpu(1000, 1)
    assert c.use_gpu() is True and c.gpu_device_id() == 1 and c.memory_pool_init_size_mb() == 1000
    c.enable_use_gpu(256)
    assert c.gpu_device_id() == 0 and c.memory_pool_init_size_mb() == 256
    c.disable_gpu()
    assert c.use_gpu() is False
    with pytest.raises(TypeError):
        c.enable_use_gpu(-5)  # the pool size is unsigned
    assert c.tf32_allowed() is False
    c.allow_tf32()
    assert c.tf32_allowed() is True
    c.allow_tf32(False)
    assert c.tf32_allowed() is False


def test_cpu_predictor_reports_no_gpu_and_no_fallbacks(mobilenet):
    p = oar.create_predictor(oar.Config(str(mobilenet)))
    assert p.on_gpu() is False
    assert p.cpu_fallbacks() == []


def test_repr_names_model_and_options():
    c = oar.Config("/m")
    c.enable_memory_optim()
    c.set_cpu_math_library_num_threads(2)
    assert repr(c) == "Config(model_dir='/m', memory_optim=True, cpu_threads=2)"
    c = oar.Config("/m/a", "/m/b")
    c.enable_use_gpu(100, 0)
    c.enable_profile()
    assert repr(c) == ("Config(prog_file='/m/a', params_file='/m/b', memory_optim=False, cpu_threads=1, "
                       "use_gpu=True (device 0, 100 MB), profile=True)")


def test_ir_optim_switch_gives_the_same_outputs(mobilenet):
    import numpy as np
    x = np.random.default_rng(11).standard_normal((2, 3, 224, 224)).astype(np.float32)
    outs = []
    for optim in (True, False):
        config = oar.Config(str(mobilenet))
        assert config.ir_optim()  # on by default, as in Paddle Inference
        config.switch_ir_optim(optim)
        assert config.ir_optim() == optim
        config.set_ir_dump_after(["conv_bn_fuse"] if optim else [])
        assert config.ir_dump_after() == (["conv_bn_fuse"] if optim else [])
        p = oar.create_predictor(config)
        p.get_input_handle("image").copy_from_cpu(x)
        p.run()
        outs.append(p.get_output_handle(p.get_output_names()[0]).copy_to_cpu())
        # The optimised graph runs fewer ops (batch_norm folded into the convs).
        if optim:
            fused_ops = len(p.kernel_choices())
        else:
            assert len(p.kernel_choices()) > fused_ops
    np.testing.assert_allclose(outs[0], outs[1], rtol=1e-4, atol=1e-7)


def test_unknown_dump_pass_is_a_clear_error(mobilenet):
    config = oar.Config(str(mobilenet))
    config.set_ir_dump_after(["conv_bn_fusion"])
    with pytest.raises(oar.OarError, match="conv_bn_fusion"):
        oar.create_predictor(config)
