"""Paddle Inference names on top of oar, so Paddle code switches by changing only its imports.

    from oar.compat import AnalysisConfig, create_paddle_predictor   # was: from paddle.fluid.core import ...
    from oar.compat import Config, create_predictor, PrecisionType   # was: from paddle.inference import ...

Paddle 1.x (ZeroCopyTensor flow): AnalysisConfig, create_paddle_predictor, predictor.get_input_tensor /
zero_copy_run / get_output_tensor, tensor.copy_from_cpu / copy_to_cpu. Paddle 2.x: Config, create_predictor,
get_input_handle / run / get_output_handle.

Engine options (enable_tensorrt_engine, set_trt_dynamic_shape_info) are checked, stored on the config (read
back with tensorrt_options(), trt_dynamic_shape_info()) and map onto oar's optimizing engine: the CPU engine,
or with enable_use_gpu the CUDA engine. enable_use_gpu on a build without CUDA or a machine without a GPU makes
create_predictor print one warning, then the model runs on the CPU.
"""
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from . import _oar
from ._oar import DataType, ErrorCode, InvalidArgumentError, Predictor, Tensor, get_version

__all__ = [
    "AnalysisConfig",
    "Config",
    "DataType",
    "DynamicShapeInfo",
    "PaddleDType",
    "PaddlePredictor",
    "PrecisionType",
    "Predictor",
    "Tensor",
    "TensorRTOptions",
    "ZeroCopyTensor",
    "create_paddle_predictor",
    "create_predictor",
    "get_version",
]

# Engine precision, with Paddle's values (AnalysisConfig.Precision / paddle.inference.PrecisionType).
Precision = _oar.Precision


_Precision = Precision  # the module-level name, for annotations inside AnalysisConfig (which has its own)


@dataclass(frozen=True)
class TensorRTOptions:
    """The arguments of the last enable_tensorrt_engine() call, after checking."""

    workspace_size: int
    max_batch_size: int
    min_subgraph_size: int
    precision_mode: Precision
    use_static: bool
    use_calib_mode: bool


@dataclass(frozen=True)
class DynamicShapeInfo:
    """min/max/opt shapes per input name, from set_trt_dynamic_shape_info()."""

    min_input_shape: Dict[str, List[int]]
    max_input_shape: Dict[str, List[int]]
    optim_input_shape: Dict[str, List[int]]
    disable_trt_plugin_fp16: bool


def _invalid(message: str) -> InvalidArgumentError:
    err = InvalidArgumentError(message)
    err.code = ErrorCode.INVALID_ARGUMENT
    return err


def _int_arg(method: str, name: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _invalid(f"config: {method}: {name} must be an int >= {minimum}, got {value!r}")
    return int(value)


def _bool_arg(method: str, name: str, value: Any) -> bool:
    if not isinstance(value, (bool, int)) or isinstance(value, int) and value not in (0, 1):
        raise _invalid(f"config: {method}: {name} must be a bool, got {value!r}")
    return bool(value)


def _shape_table(name: str, table: Mapping[str, Sequence[int]]) -> Dict[str, List[int]]:
    if not isinstance(table, Mapping):
        raise _invalid(f"config: set_trt_dynamic_shape_info: {name} must be a dict {{input name: shape}}, "
                       f"got {type(table).__name__}")
    out = {}
    for key, dims in table.items():
        if not isinstance(key, str):
            raise _invalid(f"config: set_trt_dynamic_shape_info: {name}: input names must be str, got {key!r}")
        try:
            shape = [int(d) for d in dims]
        except (TypeError, ValueError):
            raise _invalid(f"config: set_trt_dynamic_shape_info: {name}['{key}'] must be a list of ints, "
                           f"got {dims!r}") from None
        if any(d < 1 for d in shape):
            raise _invalid(f"config: set_trt_dynamic_shape_info: {name}['{key}'] must have dims >= 1, got {shape}")
        out[key] = shape
    return out


class AnalysisConfig(_oar.Config):
    """oar.Config with Paddle's engine options. AnalysisConfig(model_dir) or AnalysisConfig(prog_file,
    params_file), as Paddle's."""

    Precision = Precision

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tensorrt: Optional[TensorRTOptions] = None
        self._dynamic_shape: Optional[DynamicShapeInfo] = None

    def enable_tensorrt_engine(self, workspace_size: int = 1 << 30, max_batch_size: int = 1,
                               min_subgraph_size: int = 3,
                               precision_mode: Union[_Precision, int] = _Precision.Float32,
                               use_static: bool = False, use_calib_mode: bool = False) -> None:
        """Runs the subgraphs oar's optimizing engine supports as engine nodes (oar's engine takes
        TensorRT's place); the settings are checked and kept (tensorrt_options())."""
        method = "enable_tensorrt_engine"
        try:
            precision = _Precision(precision_mode)
        except ValueError:
            raise _invalid(f"config: {method}: precision_mode must be one of "
                           f"{', '.join('AnalysisConfig.Precision.' + p.name for p in _Precision)}, "
                           f"got {precision_mode!r}") from None
        self._tensorrt = TensorRTOptions(
            workspace_size=_int_arg(method, "workspace_size", workspace_size, 1),
            max_batch_size=_int_arg(method, "max_batch_size", max_batch_size, 1),
            min_subgraph_size=_int_arg(method, "min_subgraph_size", min_subgraph_size, 1),
            precision_mode=precision,
            use_static=_bool_arg(method, "use_static", use_static),
            use_calib_mode=_bool_arg(method, "use_calib_mode", use_calib_mode),
        )
        t = self._tensorrt
        self.enable_engine(t.workspace_size, t.max_batch_size, t.min_subgraph_size, _oar.Precision(int(precision)),
                           t.use_static, t.use_calib_mode)

    def tensorrt_engine_enabled(self) -> bool:
        return self._tensorrt is not None

    def tensorrt_options(self) -> Optional[TensorRTOptions]:
        """The stored enable_tensorrt_engine() settings, or None when it was not called."""
        return self._tensorrt

    def set_trt_dynamic_shape_info(self, min_input_shape: Mapping[str, Sequence[int]],
                                   max_input_shape: Mapping[str, Sequence[int]],
                                   optim_input_shape: Mapping[str, Sequence[int]],
                                   disable_trt_plugin_fp16: bool = False) -> None:
        """Stores min/max/opt shapes per input. Every name needs all three shapes, of one rank, with
        min <= opt <= max in every dim."""
        mins = _shape_table("min_input_shape", min_input_shape)
        maxs = _shape_table("max_input_shape", max_input_shape)
        opts = _shape_table("optim_input_shape", optim_input_shape)
        if not (mins.keys() == maxs.keys() == opts.keys()):
            raise _invalid("config: set_trt_dynamic_shape_info: min/max/optim must name the same inputs, got "
                           f"min {sorted(mins)}, max {sorted(maxs)}, optim {sorted(opts)}")
        for name in mins:
            lo, hi, opt = mins[name], maxs[name], opts[name]
            if not (len(lo) == len(hi) == len(opt)):
                raise _invalid(f"config: set_trt_dynamic_shape_info: input '{name}': min {lo}, opt {opt} and "
                               f"max {hi} must have the same rank")
            if any(not (a <= b <= c) for a, b, c in zip(lo, opt, hi)):
                raise _invalid(f"config: set_trt_dynamic_shape_info: input '{name}': expected min <= opt <= max "
                               f"in every dim, got min {lo}, opt {opt}, max {hi}")
        self._dynamic_shape = DynamicShapeInfo(mins, maxs, opts,
                                               _bool_arg("set_trt_dynamic_shape_info", "disable_trt_plugin_fp16",
                                                         disable_trt_plugin_fp16))
        self.set_dynamic_shape_info({k: list(v) for k, v in mins.items()}, {k: list(v) for k, v in maxs.items()},
                                    {k: list(v) for k, v in opts.items()})

    def trt_dynamic_shape_info(self) -> Optional[DynamicShapeInfo]:
        """The stored set_trt_dynamic_shape_info() shapes, or None."""
        return self._dynamic_shape

    def __repr__(self) -> str:
        base = super().__repr__()
        extra = ""
        if self._tensorrt is not None:
            extra += f", tensorrt={self._tensorrt}"
        if self._dynamic_shape is not None:
            extra += f", dynamic_shapes={sorted(self._dynamic_shape.min_input_shape)}"
        return "Analysis" + base[:-1] + extra + ")"


def create_paddle_predictor(config: _oar.Config) -> Predictor:
    """Paddle 1.x factory: loads the model of `config` (an AnalysisConfig or oar.Config)."""
    return _oar.create_predictor(config)


def create_predictor(config: _oar.Config) -> Predictor:
    """Paddle 2.x factory (paddle.inference.create_predictor)."""
    return _oar.create_predictor(config)


# Paddle 2.x (paddle.inference) and 1.x (paddle.fluid.core) spellings.
Config = AnalysisConfig
PrecisionType = Precision
PaddleDType = DataType
PaddlePredictor = Predictor
ZeroCopyTensor = Tensor
