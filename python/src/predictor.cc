// oar.Predictor and oar.create_predictor. run(), clone() and create_predictor() release the GIL while the
// C++ side works, so other Python threads (and other predictors from clone()) run meanwhile.

#include <memory>

#include "bindings.h"

namespace oar::python {

namespace {

using PredictorPtr = std::shared_ptr<infer::Predictor>;

py::list Specs(const std::vector<infer::IOSpec>& specs) {
  py::list out;
  for (const infer::IOSpec& s : specs) {
    out.append(py::make_tuple(s.name, infer::DataTypeName(s.dtype), py::cast(s.shape)));
  }
  return out;
}

// run(inputs): Paddle 2.x's list form. Feeds inputs in get_input_names() order, runs, returns the outputs.
py::list RunWithInputs(infer::Predictor& p, const py::sequence& inputs) {
  const std::vector<std::string> names = p.GetInputNames();
  if (py::isinstance<py::array>(inputs)) {  // would otherwise be taken as a sequence of its rows
    ThrowInvalidArgument("predictor: run(inputs) takes a list of numpy arrays, one per input, got one array; "
                         "use run([array])");
  }
  if (inputs.size() != names.size()) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "'" : ", '") + n + "'";
    ThrowInvalidArgument("predictor: run(inputs) got " + std::to_string(inputs.size()) + " arrays, the model has " +
                         std::to_string(names.size()) + " inputs (" + list + ")");
  }
  for (size_t i = 0; i < names.size(); ++i) {
    std::unique_ptr<infer::Tensor> handle = p.GetInputHandle(names[i]);
    TensorFromNumpy(*handle, inputs[i]);
  }
  {
    py::gil_scoped_release release;
    p.Run();
  }
  py::list outputs;
  for (const std::string& name : p.GetOutputNames()) outputs.append(TensorToNumpy(*p.GetOutputHandle(name)));
  return outputs;
}

}  // namespace

void BindPredictor(py::module_& m) {
  py::class_<infer::OpTiming>(m, "OpTiming", "Time spent in one op over the profiled runs.")
      .def_readonly("name", &infer::OpTiming::name, "op (node) name")
      .def_readonly("kind", &infer::OpTiming::kind, "canonical op kind, e.g. 'conv2d'")
      .def_readonly("kernel", &infer::OpTiming::kernel, "kernel that ran it, e.g. 'onednn'")
      .def_readonly("total_ms", &infer::OpTiming::total_ms)
      .def_readonly("runs", &infer::OpTiming::runs)
      .def("__repr__", [](const infer::OpTiming& t) {
        return "OpTiming(name='" + t.name + "', kind='" + t.kind + "', kernel='" + t.kernel +
               "', total_ms=" + py::repr(py::float_(t.total_ms)).cast<std::string>() +
               ", runs=" + std::to_string(t.runs) + ")";
      });

  py::class_<infer::Predictor, PredictorPtr>(
      m, "Predictor",
      "A loaded model ready to run. Use it from one thread at a time; clone() gives another Predictor that "
      "shares the weights, for another thread.")
      .def("get_input_names", &infer::Predictor::GetInputNames)
      .def("get_output_names", &infer::Predictor::GetOutputNames)
      .def(
          "get_input_specs", [](const infer::Predictor& p) { return Specs(p.GetInputSpecs()); },
          "[(name, dtype name, shape)] of the inputs as the model declares them (-1: any size).")
      .def(
          "get_output_specs", [](const infer::Predictor& p) { return Specs(p.GetOutputSpecs()); },
          "[(name, dtype name, shape)] of the outputs as the model declares them (-1: any size).")
      .def("get_input_handle", &infer::Predictor::GetInputHandle, py::arg("name"), py::keep_alive<0, 1>())
      .def("get_output_handle", &infer::Predictor::GetOutputHandle, py::arg("name"), py::keep_alive<0, 1>())
      .def(
          "run", [](infer::Predictor& p) { p.Run(); }, py::call_guard<py::gil_scoped_release>(),
          "Run the model on the inputs set through the input handles (releases the GIL).")
      .def("run", &RunWithInputs, py::arg("inputs"),
           "Set the inputs from a list of arrays (in get_input_names() order), run, return the outputs as arrays.")
      .def(
          "clone", [](infer::Predictor& p) { return PredictorPtr(p.Clone()); },
          py::call_guard<py::gil_scoped_release>(),
          "A new Predictor sharing this one's weights, with its own inputs, outputs and activations.")
      // Paddle 1.x spellings (ZeroCopyTensor flow).
      .def("get_input_tensor", &infer::Predictor::GetInputTensor, py::arg("name"), py::keep_alive<0, 1>())
      .def("get_output_tensor", &infer::Predictor::GetOutputTensor, py::arg("name"), py::keep_alive<0, 1>())
      .def("zero_copy_run", &infer::Predictor::ZeroCopyRun, py::call_guard<py::gil_scoped_release>(),
           "Same as run(); returns True.")
      // Introspection.
      .def("activation_pool_bytes", &infer::Predictor::ActivationPoolBytes)
      .def("peak_activation_bytes", &infer::Predictor::PeakActivationBytes)
      .def("kernel_choices", &infer::Predictor::KernelChoices)
      .def("cpu_fallbacks", &infer::Predictor::CpuFallbacks,
           "On a GPU predictor: the ops that run on the CPU (with copies) and why; empty otherwise.")
      .def("on_gpu", &infer::Predictor::OnGpu, "True when the predictor runs on a GPU.")
      .def("get_op_timings", &infer::Predictor::GetOpTimings,
           "Per-op times in execution order; empty unless Config.enable_profile() was called.");

  m.def(
      "create_predictor", [](const infer::Config& config) { return infer::CreatePredictor(config); },
      py::arg("config"), py::call_guard<py::gil_scoped_release>(),
      "Load the model of `config` and prepare it to run. Raises NotFoundError (a FileNotFoundError) for a "
      "missing model file, UnsupportedError listing the operators oar lacks.");
  m.def("get_version", &infer::GetVersion, "oar's version and build facts, e.g. '0.1.0 (onednn=ON, cuda=OFF)'.");
}

}  // namespace oar::python
