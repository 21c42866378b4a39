// oar.DataType and oar.Config: every option of oar::infer::Config in snake_case, with Paddle Inference's
// Python spellings (enable_memory_optim() sets, memory_optim_enabled() reads, ...).
#include <pybind11/native_enum.h>

#include "bindings.h"

namespace oar::python {

std::string PathArg(py::handle obj) {
  py::object os = py::module_::import("os");
  // TypeError for anything that is not str, bytes or os.PathLike.
  return os.attr("fspath")(obj).cast<std::string>();
}

namespace {

std::string Repr(const infer::Config& c) {
  std::string model = c.model_dir().empty()
                          ? "prog_file=" + py::repr(py::str(c.prog_file())).cast<std::string>() +
                                ", params_file=" + py::repr(py::str(c.params_file())).cast<std::string>()
                          : "model_dir=" + py::repr(py::str(c.model_dir())).cast<std::string>();
  std::string gpu = c.use_gpu() ? ", use_gpu=True (device " + std::to_string(c.gpu_device_id()) + ", " +
                                      std::to_string(c.memory_pool_init_size_mb()) + " MB)"
                                : "";
  return "Config(" + model + ", memory_optim=" + (c.enable_memory_optim() ? "True" : "False") +
         ", cpu_threads=" + std::to_string(c.cpu_math_library_num_threads()) + gpu +
         (c.profile_enabled() ? ", profile=True" : "") + ")";
}

}  // namespace

void BindConfig(py::module_& m) {
  py::native_enum<infer::DataType>(m, "DataType", "enum.Enum", "Element type of a model input or output.")
      .value("FLOAT32", infer::DataType::FLOAT32)
      .value("FLOAT16", infer::DataType::FLOAT16)
      .value("BFLOAT16", infer::DataType::BFLOAT16)
      .value("FLOAT64", infer::DataType::FLOAT64)
      .value("INT8", infer::DataType::INT8)
      .value("UINT8", infer::DataType::UINT8)
      .value("INT32", infer::DataType::INT32)
      .value("INT64", infer::DataType::INT64)
      .value("BOOL", infer::DataType::BOOL)
      .finalize();

  py::native_enum<infer::Precision>(m, "Precision", "enum.IntEnum", "Engine precision (values as Paddle's).")
      .value("Float32", infer::Precision::kFloat32)
      .value("Int8", infer::Precision::kInt8)
      .value("Half", infer::Precision::kHalf)
      .value("Bfloat16", infer::Precision::kBfloat16)
      .finalize();

  py::class_<infer::Config>(m, "Config",
                            "Where the model is and how to run it. Config(model_dir) detects the layout "
                            "(__model__+__params__, *.pdmodel+*.pdiparams, or one file per variable); "
                            "Config(prog_file, params_file) names a graph file and a combined params file.")
      .def(py::init<>())
      .def(py::init([](py::handle model_dir) { return infer::Config(PathArg(model_dir)); }), py::arg("model_dir"))
      .def(py::init([](py::handle prog_file, py::handle params_file) {
             return infer::Config(PathArg(prog_file), PathArg(params_file));
           }),
           py::arg("prog_file"), py::arg("params_file"))
      .def(
          "set_model", [](infer::Config& c, py::handle model_dir) { c.SetModel(PathArg(model_dir)); },
          py::arg("model_dir"), "Use the model in directory `model_dir` (clears prog_file/params_file).")
      .def(
          "set_model",
          [](infer::Config& c, py::handle prog_file, py::handle params_file) {
            c.SetModel(PathArg(prog_file), PathArg(params_file));
          },
          py::arg("prog_file"), py::arg("params_file"), "Use a graph file and a combined params file.")
      .def(
          "set_prog_file", [](infer::Config& c, py::handle f) { c.SetProgFile(PathArg(f)); }, py::arg("prog_file"))
      .def(
          "set_params_file", [](infer::Config& c, py::handle f) { c.SetParamsFile(PathArg(f)); },
          py::arg("params_file"))
      .def("model_dir", &infer::Config::model_dir)
      .def("prog_file", &infer::Config::prog_file)
      .def("params_file", &infer::Config::params_file)
      .def("switch_use_feed_fetch_ops", &infer::Config::SwitchUseFeedFetchOps, py::arg("x") = true,
           "Kept for Paddle compatibility: oar never inserts feed/fetch ops, either value runs the same.")
      .def("use_feed_fetch_ops_enabled", &infer::Config::use_feed_fetch_ops_enabled)
      .def("enable_memory_optim", &infer::Config::EnableMemoryOptim, py::arg("x") = true,
           "Reuse activation buffers by liveness (lower peak memory).")
      .def("memory_optim_enabled", &infer::Config::enable_memory_optim)
      .def("set_cpu_math_library_num_threads", &infer::Config::SetCpuMathLibraryNumThreads,
           py::arg("cpu_math_library_num_threads"), "Threads for the CPU kernels; values below 1 mean 1.")
      .def("cpu_math_library_num_threads", &infer::Config::cpu_math_library_num_threads)
      .def("enable_use_gpu", &infer::Config::EnableUseGpu, py::arg("memory_pool_init_size_mb"),
           py::arg("device_id") = 0,
           "Run on GPU device_id: ops with a CUDA kernel run there, the rest on the CPU with copies "
           "(Predictor.cpu_fallbacks()); with the engine enabled, engines are CUDA engines. Without a CUDA build or "
           "a GPU, create_predictor warns once and runs on the CPU.")
      .def("disable_gpu", &infer::Config::DisableGpu)
      .def("allow_tf32", &infer::Config::AllowTf32, py::arg("allow") = true,
           "Let f32 convolutions and matrix products use TF32 tensor cores (about 1e-3 relative error).")
      .def("tf32_allowed", &infer::Config::tf32_allowed)
      .def("enable_profile", &infer::Config::EnableProfile,
           "Time every op of every run (Predictor.get_op_timings()); small overhead per op.")
      .def("profile_enabled", &infer::Config::profile_enabled)
      .def("enable_engine", &infer::Config::EnableEngine, py::arg("workspace_size") = int64_t{1} << 30,
           py::arg("max_batch_size") = 1, py::arg("min_subgraph_size") = 3,
           py::arg("precision") = infer::Precision::kFloat32, py::arg("use_static") = false,
           py::arg("use_calib_mode") = false,
           "Run supported subgraphs on oar's optimizing engine (Paddle-TRT's subgraph mode).")
      .def("engine_enabled", &infer::Config::engine_enabled)
      .def("workspace_size", &infer::Config::workspace_size)
      .def("max_batch_size", &infer::Config::max_batch_size)
      .def("min_subgraph_size", &infer::Config::min_subgraph_size)
      .def("precision", &infer::Config::precision)
      .def("use_static", &infer::Config::use_static)
      .def("use_calib_mode", &infer::Config::use_calib_mode)
      .def("set_dynamic_shape_info", &infer::Config::SetDynamicShapeInfo, py::arg("min_input_shape"),
           py::arg("max_input_shape"), py::arg("opt_input_shape"), py::arg("disable_plugin_fp16") = false,
           "min/max/opt shapes of model inputs by name; engine input ranges are derived.")
      .def("min_input_shape", &infer::Config::min_input_shape)
      .def("max_input_shape", &infer::Config::max_input_shape)
      .def("opt_input_shape", &infer::Config::opt_input_shape)
      .def("set_optim_cache_dir", [](infer::Config& c, py::handle dir) { c.SetOptimCacheDir(PathArg(dir)); },
           py::arg("dir"))
      .def("optim_cache_dir", &infer::Config::optim_cache_dir)
      .def("collect_shape_range_info",
           [](infer::Config& c, py::handle file) { c.CollectShapeRangeInfo(PathArg(file)); }, py::arg("file"),
           "Record the model inputs' shapes of every run to `file` (min/opt/max per input).")
      .def("shape_range_collect_file", &infer::Config::shape_range_collect_file)
      .def("enable_tuned_dynamic_shape",
           [](infer::Config& c, py::handle file) { c.EnableTunedDynamicShape(PathArg(file)); }, py::arg("file"),
           "Use a file written by collect_shape_range_info as the engine's dynamic-shape profile.")
      .def("tuned_dynamic_shape_file", &infer::Config::tuned_dynamic_shape_file)
      .def("disable_engine_ops", &infer::Config::DisableEngineOps, py::arg("ops"))
      .def("engine_disabled_ops", &infer::Config::engine_disabled_ops)
      .def("switch_ir_optim", &infer::Config::SwitchIrOptim, py::arg("x") = true,
           "Graph optimisation passes before running (on by default).")
      .def("ir_optim", &infer::Config::ir_optim)
      .def("set_ir_dump_after", &infer::Config::SetIrDumpAfter, py::arg("pass_names"),
           "Print oar's IR to stderr after each named pass ('all' for every pass).")
      .def("ir_dump_after", &infer::Config::ir_dump_after)
      .def("use_gpu", &infer::Config::use_gpu)
      .def("gpu_device_id", &infer::Config::gpu_device_id)
      .def("memory_pool_init_size_mb", &infer::Config::memory_pool_init_size_mb)
      .def("__repr__", &Repr);
}

}  // namespace oar::python
