// oar.Tensor: numpy in (copy_from_cpu, any supported dtype, the array's shape) and numpy out (copy_to_cpu).
#include <cstring>
#include <vector>

#include "bindings.h"

namespace oar::python {

namespace {

constexpr const char* kSupported = "float32, float64, float16, int8, uint8, int32, int64, bool";

// Maps a numpy dtype (native byte order) to oar's DataType; false for dtypes oar has no type for.
bool FromNumpyDType(const py::dtype& dt, infer::DataType* out) {
  const char kind = dt.kind();
  const py::ssize_t size = dt.itemsize();
  if (kind == 'f' && size == 4) *out = infer::DataType::FLOAT32;
  else if (kind == 'f' && size == 8) *out = infer::DataType::FLOAT64;
  else if (kind == 'f' && size == 2) *out = infer::DataType::FLOAT16;
  else if (kind == 'i' && size == 1) *out = infer::DataType::INT8;
  else if (kind == 'u' && size == 1) *out = infer::DataType::UINT8;
  else if (kind == 'i' && size == 4) *out = infer::DataType::INT32;
  else if (kind == 'i' && size == 8) *out = infer::DataType::INT64;
  else if (kind == 'b' && size == 1) *out = infer::DataType::BOOL;
  else return false;
  return true;
}

py::dtype ToNumpyDType(infer::DataType t, const std::string& tensor_name) {
  switch (t) {
    case infer::DataType::FLOAT32: return py::dtype("float32");
    case infer::DataType::FLOAT64: return py::dtype("float64");
    case infer::DataType::FLOAT16: return py::dtype("float16");
    case infer::DataType::INT8: return py::dtype("int8");
    case infer::DataType::UINT8: return py::dtype("uint8");
    case infer::DataType::INT32: return py::dtype("int32");
    case infer::DataType::INT64: return py::dtype("int64");
    case infer::DataType::BOOL: return py::dtype("bool");
    case infer::DataType::BFLOAT16: break;
  }
  throw infer::Error(infer::ErrorCode::kUnsupported,
                     "tensor '" + tensor_name + "': copy_to_cpu: numpy has no " + infer::DataTypeName(t) +
                         " dtype; supported: " + kSupported);
}

bool IsNativeByteOrder(const py::dtype& dt) {
  const char order = dt.byteorder();  // '=' native, '|' not applicable, '<' little, '>' big
  const uint16_t probe = 1;
  unsigned char first = 0;
  std::memcpy(&first, &probe, 1);
  const bool little = first == 1;
  return order == '=' || order == '|' || (little ? order == '<' : order == '>');
}

}  // namespace

void TensorFromNumpy(infer::Tensor& tensor, py::handle obj) {
  // ensure() keeps the dtype and makes a C-contiguous copy only when the array is not one already.
  py::array arr = py::array::ensure(obj, py::array::c_style);
  if (!arr) {
    ThrowInvalidArgument("tensor '" + tensor.name() + "': copy_from_cpu expects a numpy array, got " +
                         py::str(py::type::of(obj).attr("__name__")).cast<std::string>());
  }
  if (!IsNativeByteOrder(arr.dtype())) {
    arr = py::array::ensure(arr.attr("astype")(arr.dtype().attr("newbyteorder")("=")), py::array::c_style);
  }
  infer::DataType dtype;
  if (!FromNumpyDType(arr.dtype(), &dtype)) {
    ThrowInvalidArgument("tensor '" + tensor.name() + "': copy_from_cpu: numpy dtype " +
                         py::str(arr.dtype()).cast<std::string>() + " is not supported; expected " +
                         infer::DataTypeName(tensor.type()) + " (oar takes " + kSupported + ")");
  }
  std::vector<int64_t> shape(static_cast<size_t>(arr.ndim()));
  for (py::ssize_t i = 0; i < arr.ndim(); ++i) shape[static_cast<size_t>(i)] = static_cast<int64_t>(arr.shape(i));
  const void* data = arr.data();
  py::gil_scoped_release release;  // `arr` keeps the data alive; the copy itself needs no Python
  tensor.CopyFromCpuRaw(dtype, data, shape);
}

py::array TensorToNumpy(const infer::Tensor& tensor) {
  const infer::DataType dtype = tensor.type();
  const std::vector<int> dims = tensor.shape();
  std::vector<py::ssize_t> shape(dims.begin(), dims.end());
  py::array out(ToNumpyDType(dtype, tensor.name()), shape);
  void* data = out.mutable_data();
  py::gil_scoped_release release;
  tensor.CopyToCpuRaw(data);
  return out;
}

void BindTensor(py::module_& m) {
  py::class_<infer::Tensor>(m, "Tensor",
                            "Handle on one input or output of a Predictor (get_input_handle / get_output_handle). "
                            "It keeps its Predictor alive.")
      .def(
          "reshape",
          [](infer::Tensor& t, const std::vector<int>& shape) { t.Reshape(shape); }, py::arg("shape"),
          "Set the shape of an input before copy_from_cpu (copy_from_cpu uses the array's shape anyway).")
      .def("copy_from_cpu", &TensorFromNumpy, py::arg("data"),
           "Copy a numpy array into this input. Its dtype must be the input's dtype; its shape becomes the "
           "input's shape; non-contiguous arrays are made contiguous.")
      .def("copy_to_cpu", &TensorToNumpy, "A new numpy array holding this output (after run()) or input.")
      .def("shape", &infer::Tensor::shape, "Dims: an output's after run(); an input's as set.")
      .def("type", &infer::Tensor::type, "oar.DataType of the elements.")
      .def("name", &infer::Tensor::name)
      .def("__repr__", [](const infer::Tensor& t) { return "<oar.Tensor '" + t.name() + "'>"; });
}

}  // namespace oar::python
