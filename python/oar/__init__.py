"""oar: run trained PaddlePaddle inference models from Python with Paddle Inference's flow.

    import numpy as np
    import oar

    config = oar.Config("./model_dir")            # or oar.Config(prog_file, params_file)
    config.enable_memory_optim()
    predictor = oar.create_predictor(config)
    name = predictor.get_input_names()[0]
    predictor.get_input_handle(name).copy_from_cpu(np.random.rand(1, 3, 224, 224).astype("float32"))
    predictor.run()                                # releases the GIL
    out = predictor.get_output_handle(predictor.get_output_names()[0]).copy_to_cpu()

Errors are oar.OarError subclasses carrying oar's message: InvalidArgumentError is also a ValueError,
NotFoundError also a FileNotFoundError. Paddle 1.x names (AnalysisConfig, create_paddle_predictor,
zero_copy_run, ...) are in oar.compat.
"""
from ._oar import (
    Config,
    DataType,
    DeviceError,
    ErrorCode,
    InternalError,
    InvalidArgumentError,
    InvalidGraphError,
    NotFoundError,
    OarError,
    OpTiming,
    OutOfMemoryError,
    Precision,
    Predictor,
    Tensor,
    UnsupportedError,
    VersionMismatchError,
    create_predictor,
    get_version,
)

__version__ = get_version().split()[0]

__all__ = [
    "Config",
    "DataType",
    "DeviceError",
    "ErrorCode",
    "InternalError",
    "Precision",
    "InvalidArgumentError",
    "InvalidGraphError",
    "NotFoundError",
    "OarError",
    "OpTiming",
    "OutOfMemoryError",
    "Predictor",
    "Tensor",
    "UnsupportedError",
    "VersionMismatchError",
    "create_predictor",
    "get_version",
    "__version__",
]
