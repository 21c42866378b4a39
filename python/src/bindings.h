// Declarations shared by the pybind11 binding files of the `oar._oar` extension.
// One file per area: errors.cc (exception classes), config.cc, tensor.cc, predictor.cc.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>  // in every binding file: type casters must agree across translation units

#include <string>

#include "oar/oar.h"

namespace oar::python {

namespace py = pybind11;

/// Creates oar.OarError and one subclass per ErrorCode on `m`, and registers the translator that turns a
/// thrown oar::infer::Error into the matching Python exception (message = oar's message).
void BindErrors(py::module_& m);
/// oar.DataType, oar.Config.
void BindConfig(py::module_& m);
/// oar.Tensor (input/output handles of a Predictor).
void BindTensor(py::module_& m);
/// oar.Predictor, oar.create_predictor, oar.get_version.
void BindPredictor(py::module_& m);

/// Throws oar::infer::Error(kInvalidArgument, message); the translator turns it into oar.InvalidArgumentError.
[[noreturn]] void ThrowInvalidArgument(const std::string& message);

/// os.fspath(obj) as a std::string, so str and pathlib.Path are both accepted for file names.
std::string PathArg(py::handle obj);

/// numpy array (new, C-contiguous) holding a copy of `tensor` (an output after run(), or an input's data).
py::array TensorToNumpy(const infer::Tensor& tensor);
/// Copies any numpy array (or array-like) of a supported dtype into the input `tensor`, with the array's shape.
void TensorFromNumpy(infer::Tensor& tensor, py::handle obj);

}  // namespace oar::python
