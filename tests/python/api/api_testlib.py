"""Helpers and fixtures shared by the tests of oar's Python API (tests/python/api/test_*.py).

Not named conftest.py on purpose: tests/python/conftest.py is imported as `conftest` by the CLI tests, and a
second conftest module here would shadow it. Test files import the fixtures they use from this module.

`import oar` uses PYTHONPATH (CI: PYTHONPATH=build/python); when oar is not importable, build/python of this
checkout is tried. Models: the zoo (written by `oar zoo NAME --out DIR`, once per session) and the real
models under ../shared/models (tests skip with a reason when one is absent).
"""
import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("OAR_SHARED_DIR", REPO.parent / "shared"))
BUILD_PYTHON = REPO / "build" / "python"


def _import_oar():
    try:
        return importlib.import_module("oar")
    except ImportError:
        if str(BUILD_PYTHON) not in sys.path:
            sys.path.insert(0, str(BUILD_PYTHON))
        return importlib.import_module("oar")


oar = _import_oar()


def oar_bin():
    return os.environ.get("OAR_BIN", str(REPO / "build" / "oar"))


def run_cli(*args, check=True, cwd=None):
    proc = subprocess.run([oar_bin(), *map(str, args)], capture_output=True, text=True, cwd=cwd)
    if check and proc.returncode != 0:
        raise AssertionError(f"oar {' '.join(map(str, args))} failed ({proc.returncode}):\n"
                             f"{proc.stderr}\n{proc.stdout}")
    return proc


def shared_model(name):
    d = SHARED / "models" / name
    if not d.exists():
        pytest.skip(f"shared model {name} not found at {d}")
    return d


def rel_err(a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-30))


@pytest.fixture(scope="session")
def zoo(tmp_path_factory):
    """zoo(name) -> directory holding `__model__` + `__params__` of zoo model `name` (written once)."""
    written = {}

    def get(name):
        if name not in written:
            d = tmp_path_factory.mktemp(f"zoo_{name}")
            run_cli("zoo", name, "--out", d)
            written[name] = d
        return written[name]

    return get


@pytest.fixture(scope="session")
def mobilenet(zoo):
    """Directory of the zoo's mobilenet_v1 (input 'image' f32 [N,3,224,224], output softmax [N,1000])."""
    return zoo("mobilenet_v1")


@pytest.fixture(scope="session")
def mnist():
    """paddle-mnist-mlp-separate: input 'image' f32 [-1,1,28,28], output softmax [N,10]."""
    return shared_model("paddle-mnist-mlp-separate")


def predict(predictor, feeds):
    """Sets {name: array} through the input handles, runs, returns {output name: array}."""
    for name, arr in feeds.items():
        predictor.get_input_handle(name).copy_from_cpu(arr)
    predictor.run()
    return {n: predictor.get_output_handle(n).copy_to_cpu() for n in predictor.get_output_names()}


# ---------------------------------------------------------------------------------------------------------
# Tiny Paddle models written here, for dtypes the real models do not have. The ProgramDesc message classes
# come from src/frontends/paddle/proto/framework.proto through `protoc --descriptor_set_out` (no generated
# Python code, so any protobuf runtime works).

NUMPY_TO_VARTYPE = {
    np.dtype(np.bool_): 0, np.dtype(np.int32): 2, np.dtype(np.int64): 3, np.dtype(np.float16): 4,
    np.dtype(np.float32): 5, np.dtype(np.float64): 6, np.dtype(np.uint8): 20, np.dtype(np.int8): 21,
}
VT_LOD_TENSOR, VT_FEED_MINIBATCH, VT_FETCH_LIST = 7, 9, 10
ATTR_INT, ATTR_INTS = 0, 3

_PROGRAM_DESC = None


def _program_desc_class(tmp_dir):
    global _PROGRAM_DESC
    if _PROGRAM_DESC is None:
        protoc = shutil.which("protoc")
        if protoc is None:
            pytest.skip("protoc not found (needed to write test models)")
        from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

        proto_dir = REPO / "src" / "frontends" / "paddle" / "proto"
        desc = Path(tmp_dir) / "framework.desc"
        subprocess.run([protoc, f"--descriptor_set_out={desc}", f"-I{proto_dir}", "framework.proto"], check=True)
        pool = descriptor_pool.DescriptorPool()
        for f in descriptor_pb2.FileDescriptorSet.FromString(desc.read_bytes()).file:
            pool.Add(f)
        _PROGRAM_DESC = message_factory.GetMessageClass(
            pool.FindMessageTypeByName("paddle.framework.proto.ProgramDesc"))
    return _PROGRAM_DESC


def write_transpose_model(model_dir, dtype, dims=(-1, 3, 5), op_type="transpose2"):
    """Writes `model_dir/__model__`: input 'x' (dtype, dims) -> transpose2(axis [0, 2, 1]) -> output 'y'.
    No weights. `op_type` replaces the op's type (to write a model with an unknown op). Returns model_dir."""
    model_dir = Path(model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    prog = _program_desc_class(model_dir.parent)()
    prog.version.version = 2004000
    block = prog.blocks.add()
    block.idx = 0
    block.parent_idx = -1
    vt = NUMPY_TO_VARTYPE[np.dtype(dtype)]

    def var(name, var_type, shape=None, persistable=False):
        v = block.vars.add()
        v.name = name
        v.type.type = var_type
        if shape is not None:
            v.type.lod_tensor.tensor.data_type = vt
            v.type.lod_tensor.tensor.dims.extend(shape)
        v.persistable = persistable

    def op(op_type, inputs, outputs, attrs):
        o = block.ops.add()
        o.type = op_type
        for slot, args in inputs.items():
            s = o.inputs.add()
            s.parameter = slot
            s.arguments.extend(args)
        for slot, args in outputs.items():
            s = o.outputs.add()
            s.parameter = slot
            s.arguments.extend(args)
        for name, value in attrs.items():
            a = o.attrs.add()
            a.name = name
            if isinstance(value, list):
                a.type = ATTR_INTS
                a.ints.extend(value)
            else:
                a.type = ATTR_INT
                a.i = value

    d0, d1, d2 = dims
    var("feed", VT_FEED_MINIBATCH, persistable=True)
    var("fetch", VT_FETCH_LIST, persistable=True)
    var("x", VT_LOD_TENSOR, [d0, d1, d2])
    var("y", VT_LOD_TENSOR, [d0, d2, d1])
    var("y.xshape", VT_LOD_TENSOR, [0, d0, d1, d2])
    op("feed", {"X": ["feed"]}, {"Out": ["x"]}, {"col": 0})
    op(op_type, {"X": ["x"]}, {"Out": ["y"], "XShape": ["y.xshape"]}, {"axis": [0, 2, 1]})
    op("fetch", {"X": ["y"]}, {"Out": ["fetch"]}, {"col": 0})
    (model_dir / "__model__").write_bytes(prog.SerializeToString())
    return model_dir


def python_env():
    """Environment for a Python subprocess that imports the same `oar` package as these tests."""
    env = dict(os.environ)
    package_root = str(Path(oar.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [package_root, env.get("PYTHONPATH", "")] if p)
    return env
