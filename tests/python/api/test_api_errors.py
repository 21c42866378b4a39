"""The exception classes: one per oar ErrorCode, all under oar.OarError (a RuntimeError); invalid arguments
are ValueErrors and missing files/names FileNotFoundErrors. Raised ones carry oar's message and `.code`."""
import numpy as np
import pytest

from api_testlib import oar, write_transpose_model

CLASSES = {
    "INVALID_ARGUMENT": (oar.InvalidArgumentError, ValueError),
    "INVALID_GRAPH": (oar.InvalidGraphError, None),
    "UNSUPPORTED": (oar.UnsupportedError, None),
    "NOT_FOUND": (oar.NotFoundError, FileNotFoundError),
    "OUT_OF_MEMORY": (oar.OutOfMemoryError, None),
    "DEVICE_ERROR": (oar.DeviceError, None),
    "INTERNAL": (oar.InternalError, None),
    "VERSION_MISMATCH": (oar.VersionMismatchError, None),
}


def test_every_code_has_its_class():
    assert {c.name for c in oar.ErrorCode} == set(CLASSES)
    assert issubclass(oar.OarError, RuntimeError)
    for code, (cls, builtin) in CLASSES.items():
        assert issubclass(cls, oar.OarError), code
        assert cls.__module__ == "oar" and cls.__name__.endswith("Error")
        if builtin is not None:
            assert issubclass(cls, builtin), code
    assert not issubclass(oar.UnsupportedError, ValueError)
    assert not issubclass(oar.InvalidArgumentError, FileNotFoundError)
    assert len({cls for cls, _ in CLASSES.values()}) == len(CLASSES)


def test_error_codes_are_the_cpp_values():
    assert [int(c) for c in oar.ErrorCode] == list(range(1, 9))
    assert oar.ErrorCode.INVALID_ARGUMENT == 1 and oar.ErrorCode.VERSION_MISMATCH == 8


def test_raised_errors_carry_code_and_message(tmp_path):
    with pytest.raises(oar.OarError) as e:
        oar.create_predictor(oar.Config(str(tmp_path / "absent")))
    assert type(e.value) is oar.NotFoundError
    assert e.value.code is oar.ErrorCode.NOT_FOUND
    msg = str(e.value)
    assert msg.startswith("paddle frontend: ") and str(tmp_path / "absent") in msg, msg
    assert e.value.args == (msg,)

    with pytest.raises(oar.OarError) as e:
        oar.create_predictor(oar.Config())
    assert type(e.value) is oar.InvalidArgumentError and e.value.code is oar.ErrorCode.INVALID_ARGUMENT
    assert str(e.value).startswith("config: no model given")


def test_classes_can_be_raised_from_python():
    with pytest.raises(ValueError, match="bad"):
        raise oar.InvalidArgumentError("bad")
    with pytest.raises(FileNotFoundError, match="gone"):
        raise oar.NotFoundError("gone")
    with pytest.raises(RuntimeError, match="odd"):
        raise oar.UnsupportedError("odd")


def test_unsupported_op_and_corrupt_graph(tmp_path):
    unknown = write_transpose_model(tmp_path / "unknown", np.float32, op_type="not_a_paddle_op")
    with pytest.raises(oar.UnsupportedError, match=r"1 op type\(s\) are not supported: not_a_paddle_op") as e:
        oar.create_predictor(oar.Config(str(unknown)))
    assert e.value.code is oar.ErrorCode.UNSUPPORTED and not isinstance(e.value, ValueError)

    good = write_transpose_model(tmp_path / "good", np.float32)
    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    raw = (good / "__model__").read_bytes()
    (corrupt / "__model__").write_bytes(raw[: len(raw) // 2])
    with pytest.raises(oar.InvalidGraphError, match=r"cannot parse ProgramDesc from '.*corrupt/__model__'") as e:
        oar.create_predictor(oar.Config(str(corrupt)))
    assert e.value.code is oar.ErrorCode.INVALID_GRAPH and isinstance(e.value, RuntimeError)
