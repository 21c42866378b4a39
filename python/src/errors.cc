// Python exceptions for oar::infer::Error. Every class derives from oar.OarError (a RuntimeError); the codes
// that have a natural builtin counterpart also derive from it, so `except ValueError` and
// `except FileNotFoundError` work as Python users expect:
//   kInvalidArgument -> InvalidArgumentError(OarError, ValueError)
//   kNotFound        -> NotFoundError(OarError, FileNotFoundError)   (a missing model file or input name)
//   others           -> <Code>Error(OarError)
// The exception's message is oar's message unchanged; `.code` holds the oar.ErrorCode.
#include <pybind11/native_enum.h>

#include <array>
#include <exception>

#include "bindings.h"

namespace oar::python {

namespace {

constexpr int kNumCodes = static_cast<int>(infer::ErrorCode::kVersionMismatch) + 1;

// Strong references, created once at import and kept for the life of the process.
PyObject* g_base_error = nullptr;
std::array<PyObject*, kNumCodes> g_error_classes{};

struct ErrorClassSpec {
  infer::ErrorCode code;
  const char* name;
  PyObject* builtin_base;  // nullptr: OarError only
  const char* doc;
};

PyObject* ErrorClassFor(infer::ErrorCode code) {
  int i = static_cast<int>(code);
  if (i > 0 && i < kNumCodes && g_error_classes[static_cast<size_t>(i)] != nullptr) {
    return g_error_classes[static_cast<size_t>(i)];
  }
  return g_base_error;
}

void RaiseOarError(const infer::Error& e) {
  PyObject* cls = ErrorClassFor(e.code());
  try {
    py::object exc = py::reinterpret_borrow<py::object>(cls)(py::str(e.what()));
    exc.attr("code") = py::cast(e.code());
    PyErr_SetObject(cls, exc.ptr());
  } catch (py::error_already_set&) {
    PyErr_SetString(cls, e.what());
  }
}

}  // namespace

void ThrowInvalidArgument(const std::string& message) {
  throw infer::Error(infer::ErrorCode::kInvalidArgument, message);
}

void BindErrors(py::module_& m) {
  py::native_enum<infer::ErrorCode>(m, "ErrorCode", "enum.IntEnum", "Category of an oar error (exception.code).")
      .value("INVALID_ARGUMENT", infer::ErrorCode::kInvalidArgument)
      .value("INVALID_GRAPH", infer::ErrorCode::kInvalidGraph)
      .value("UNSUPPORTED", infer::ErrorCode::kUnsupported)
      .value("NOT_FOUND", infer::ErrorCode::kNotFound)
      .value("OUT_OF_MEMORY", infer::ErrorCode::kOutOfMemory)
      .value("DEVICE_ERROR", infer::ErrorCode::kDeviceError)
      .value("INTERNAL", infer::ErrorCode::kInternal)
      .value("VERSION_MISMATCH", infer::ErrorCode::kVersionMismatch)
      .finalize();

  g_base_error = PyErr_NewExceptionWithDoc("oar.OarError", "Base class of every error raised by oar.",
                                           PyExc_RuntimeError, nullptr);
  if (g_base_error == nullptr) throw py::error_already_set();
  m.add_object("OarError", py::reinterpret_borrow<py::object>(g_base_error));

  const ErrorClassSpec specs[] = {
      {infer::ErrorCode::kInvalidArgument, "InvalidArgumentError", PyExc_ValueError,
       "A bad argument: wrong dtype or shape of an input, a bad option value, use before run()."},
      {infer::ErrorCode::kInvalidGraph, "InvalidGraphError", nullptr, "The model's graph is malformed."},
      {infer::ErrorCode::kUnsupported, "UnsupportedError", nullptr,
       "The model uses an operator or feature oar does not support."},
      {infer::ErrorCode::kNotFound, "NotFoundError", PyExc_FileNotFoundError,
       "A model file, or an input/output name, does not exist."},
      {infer::ErrorCode::kOutOfMemory, "OutOfMemoryError", nullptr, "An allocation failed."},
      {infer::ErrorCode::kDeviceError, "DeviceError", nullptr, "A device (GPU) call failed."},
      {infer::ErrorCode::kInternal, "InternalError", nullptr, "An internal error of oar (please report it)."},
      {infer::ErrorCode::kVersionMismatch, "VersionMismatchError", nullptr,
       "A serialized file was written by another oar version or for another device."},
  };
  for (const ErrorClassSpec& spec : specs) {
    py::object bases = spec.builtin_base == nullptr
                           ? py::reinterpret_borrow<py::object>(g_base_error)
                           : py::make_tuple(py::handle(g_base_error), py::handle(spec.builtin_base));
    std::string qualified = std::string("oar.") + spec.name;
    PyObject* cls = PyErr_NewExceptionWithDoc(qualified.c_str(), spec.doc, bases.ptr(), nullptr);
    if (cls == nullptr) throw py::error_already_set();
    g_error_classes[static_cast<size_t>(spec.code)] = cls;
    m.add_object(spec.name, py::reinterpret_borrow<py::object>(cls));
  }

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const infer::Error& e) {
      RaiseOarError(e);
    }
  });
}

}  // namespace oar::python
