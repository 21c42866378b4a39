// `oar run MODEL`: runs a model on .npy inputs or seeded random data; prints each output
// (shape, dtype, first values, min/max/mean) and the latency (median, p90).
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "commands.h"
#include "core/tensor.h"
#include "npy.h"
#include "api/predictor_impl.h"
#ifdef OAR_WITH_CUDA
#include <cuda_runtime.h>
#endif

namespace oar::cli {

namespace {

struct RunOpts {
  std::string model, params, save_dir, labels;
  std::vector<std::string> inputs, shapes;
  int repeat = 1, warmup = 0, threads = 1, top = 0;
  uint64_t seed = 0;
  bool json = false, memory_optim = false, profile = false, no_ir_optim = false;
  std::vector<std::string> dump_ir_after;
  // Engine (Paddle-TRT's subgraph mode with oar's engine).
  bool engine = false, use_static = false;
  std::string precision = "fp32", cache_dir;
  int min_subgraph_size = 3, max_batch = 1;
  int64_t workspace = int64_t{1} << 30;
  std::vector<std::string> min_shapes, opt_shapes, max_shapes, deny;
  std::string collect_shape_range, tuned_shape_range;
  // GPU.
  bool gpu = false, tf32 = false, device_inputs = false;
  int device = 0;
};

bool IsDir(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::map<std::string, std::string> ParsePairs(const std::vector<std::string>& items, const char* what) {
  std::map<std::string, std::string> out;
  for (const auto& item : items) {
    size_t eq = item.rfind('=');
    if (eq == std::string::npos || eq == 0) {
      throw std::runtime_error(std::string(what) + " '" + item + "': expected NAME=VALUE");
    }
    out[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return out;
}

std::vector<int64_t> ParseDims(const std::string& s) {
  std::vector<int64_t> dims;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, 'x')) {
    try {
      size_t used = 0;
      long long v = std::stoll(item, &used);
      if (used != item.size() || v < 0) throw std::invalid_argument(item);
      dims.push_back(v);
    } catch (const std::exception&) {
      throw std::runtime_error("--shape: '" + s + "' is not like 1x3x224x224");
    }
  }
  return dims;
}

Tensor RandomInput(DType dtype, const Shape& shape, uint64_t seed) {
  Tensor t(dtype, shape);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> real(0.0, 1.0);
  for (int64_t i = 0; i < t.numel(); ++i) {
    double v = real(rng);
    switch (dtype) {
      case DType::kFloat32: t.data<float>()[i] = static_cast<float>(v); break;
      case DType::kFloat64: t.data<double>()[i] = v; break;
      case DType::kInt32: t.data<int32_t>()[i] = static_cast<int32_t>(v * 10); break;
      case DType::kInt64: t.data<int64_t>()[i] = static_cast<int64_t>(v * 10); break;
      case DType::kUInt8: t.data<uint8_t>()[i] = static_cast<uint8_t>(v * 255); break;
      case DType::kInt8: t.data<int8_t>()[i] = static_cast<int8_t>(v * 255 - 128); break;
      case DType::kBool: t.data<bool>()[i] = v > 0.5; break;
      default: throw std::runtime_error(std::string("random input of dtype ") + DTypeName(dtype) + " is not supported");
    }
  }
  return t;
}

double Percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t idx = static_cast<size_t>(q * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(idx, v.size() - 1)];
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("--labels: cannot open '" + path + "'");
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

int Run(const RunOpts& o) {
  infer::Config config;
  if (!o.params.empty()) {
    config.SetModel(o.model, o.params);
  } else if (IsDir(o.model)) {
    config.SetModel(o.model);
  } else {
    config.SetModel(o.model, "");
  }
  config.SetCpuMathLibraryNumThreads(o.threads);
  if (o.gpu) config.EnableUseGpu(256, o.device);
  config.AllowTf32(o.tf32);
  config.EnableMemoryOptim(o.memory_optim);
  if (o.profile) config.EnableProfile();
  config.SwitchIrOptim(!o.no_ir_optim);
  config.SetIrDumpAfter(o.dump_ir_after);
  if (!o.collect_shape_range.empty()) config.CollectShapeRangeInfo(o.collect_shape_range);
  if (!o.tuned_shape_range.empty()) config.EnableTunedDynamicShape(o.tuned_shape_range);
  if (o.engine) {
    const std::map<std::string, infer::Precision> kPrecisions = {{"fp32", infer::Precision::kFloat32},
                                                                 {"fp16", infer::Precision::kHalf},
                                                                 {"bf16", infer::Precision::kBfloat16},
                                                                 {"int8", infer::Precision::kInt8}};
    config.EnableEngine(o.workspace, o.max_batch, o.min_subgraph_size, kPrecisions.at(o.precision), o.use_static);
    if (!o.cache_dir.empty()) config.SetOptimCacheDir(o.cache_dir);
    config.DisableEngineOps(o.deny);
    auto to_map = [](const std::vector<std::string>& items, const char* what) {
      std::map<std::string, std::vector<int>> m;
      for (const auto& [name, dims] : ParsePairs(items, what)) {
        for (int64_t d : ParseDims(dims)) m[name].push_back(static_cast<int>(d));
      }
      return m;
    };
    if (!o.min_shapes.empty() || !o.max_shapes.empty() || !o.opt_shapes.empty()) {
      config.SetDynamicShapeInfo(to_map(o.min_shapes, "--min-shape"), to_map(o.max_shapes, "--max-shape"),
                                 to_map(o.opt_shapes, "--opt-shape"));
    }
  }
  auto t_load0 = std::chrono::steady_clock::now();
  auto predictor = infer::CreatePredictor(config);
  double load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_load0).count();

  auto files = ParsePairs(o.inputs, "--input");
  auto shapes = ParsePairs(o.shapes, "--shape");
  nlohmann::json j;
  j["model"] = o.model;
  j["threads"] = o.threads;
  j["load_ms"] = load_ms;
  uint64_t seed = o.seed;
  std::vector<std::unique_ptr<void, void (*)(void*)>> device_inputs;
  j["device"] = predictor->OnGpu() ? "gpu:" + std::to_string(o.device) : "cpu";
  j["cpu_fallbacks"] = predictor->CpuFallbacks();
  for (const infer::IOSpec& spec : predictor->GetInputSpecs()) {
    Tensor t;
    DType dtype = infer::ToCoreDType(spec.dtype);
    if (files.count(spec.name)) {
      auto r = ReadNpy(files[spec.name]);
      if (!r.ok()) throw std::runtime_error(r.status().message());
      t = std::move(r).value();
      files.erase(spec.name);
    } else {
      std::vector<int64_t> dims = spec.shape;
      if (shapes.count(spec.name)) {
        dims = ParseDims(shapes[spec.name]);
        shapes.erase(spec.name);
      } else {
        for (size_t d = 0; d < dims.size(); ++d) {
          if (dims[d] < 0 && d == 0) dims[d] = 1;  // batch
          if (dims[d] < 0) {
            throw std::runtime_error("input '" + spec.name + "' has shape " + Shape(spec.shape).ToString() +
                                     "; give it with --shape " + spec.name + "=AxBx... or --input " + spec.name +
                                     "=FILE.npy");
          }
        }
      }
      t = RandomInput(dtype, Shape(dims), seed++);
    }
    auto handle = predictor->GetInputHandle(spec.name);
    if (o.device_inputs && predictor->OnGpu()) {
#ifdef OAR_WITH_CUDA
      // Uploaded once: timed runs then measure the predictor, not the host-to-device copy.
      void* dev = nullptr;
      if (cudaMalloc(&dev, t.nbytes()) != cudaSuccess ||
          cudaMemcpy(dev, t.raw_data(), t.nbytes(), cudaMemcpyHostToDevice) != cudaSuccess) {
        throw std::runtime_error("--device-inputs: cannot place input '" + spec.name + "' on the GPU");
      }
      device_inputs.emplace_back(dev, [](void* p) { cudaFree(p); });
      handle->ShareExternalData(dev, t.shape().dims(), infer::FromCoreDType(t.dtype()), infer::PlaceType::kGPU);
#endif
    } else {
      handle->CopyFromCpuRaw(infer::FromCoreDType(t.dtype()), t.raw_data(), t.shape().dims());
    }
    j["inputs"].push_back({{"name", spec.name}, {"shape", t.shape().dims()}, {"dtype", DTypeName(t.dtype())}});
  }
  for (const auto& [name, _] : files) throw std::runtime_error("--input: the model has no input named '" + name + "'");
  for (const auto& [name, _] : shapes) throw std::runtime_error("--shape: the model has no input named '" + name + "'");

  for (int i = 0; i < o.warmup; ++i) predictor->Run();
  std::vector<double> times;
  for (int i = 0; i < std::max(1, o.repeat); ++i) {
    auto t0 = std::chrono::steady_clock::now();
    predictor->Run();
    times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }

  std::vector<std::string> labels;
  if (!o.labels.empty()) labels = ReadLines(o.labels);
  if (!o.save_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.save_dir, ec);
    if (ec) throw std::runtime_error("--save-outputs: cannot create '" + o.save_dir + "': " + ec.message());
  }
  std::map<std::string, int> saved_names;
  for (const std::string& name : predictor->GetOutputNames()) {
    auto h = predictor->GetOutputHandle(name);
    std::vector<int> shape = h->shape();
    std::vector<int64_t> dims(shape.begin(), shape.end());
    Tensor t(infer::ToCoreDType(h->type()), Shape(dims));
    h->CopyToCpuRaw(t.raw_data());
    double mn = 0, mx = 0, sum = 0;
    for (int64_t i = 0; i < t.numel(); ++i) {
      double v = t.GetDouble(i);
      mn = i ? std::min(mn, v) : v;
      mx = i ? std::max(mx, v) : v;
      sum += v;
    }
    double mean = t.numel() ? sum / static_cast<double>(t.numel()) : 0;
    std::vector<double> first;
    for (int64_t i = 0; i < std::min<int64_t>(t.numel(), 8); ++i) first.push_back(t.GetDouble(i));
    nlohmann::json jo = {{"name", name}, {"shape", dims}, {"dtype", DTypeName(t.dtype())}, {"first", first},
                         {"min", mn},    {"max", mx},     {"mean", mean}};
    if (o.top > 0 && t.numel() > 0 && IsFloating(t.dtype())) {
      int64_t row = dims.empty() ? 1 : dims.back();
      std::vector<int64_t> idx(static_cast<size_t>(row));
      for (int64_t i = 0; i < row; ++i) idx[static_cast<size_t>(i)] = i;
      int k = static_cast<int>(std::min<int64_t>(o.top, row));
      std::partial_sort(idx.begin(), idx.begin() + k, idx.end(),
                        [&](int64_t a, int64_t b) { return t.GetDouble(a) > t.GetDouble(b); });
      for (int i = 0; i < k; ++i) {
        int64_t c = idx[static_cast<size_t>(i)];
        nlohmann::json e = {{"class", c}, {"score", t.GetDouble(c)}};
        if (c < static_cast<int64_t>(labels.size())) e["label"] = labels[static_cast<size_t>(c)];
        jo["top"].push_back(e);
      }
    }
    if (!o.save_dir.empty()) {
      // File name from the output name: characters outside [A-Za-z0-9._-] become '_', and a
      // collision (e.g. "a/b" and "a_b") gets a numeric suffix.
      std::string safe = name;
      for (char& c : safe) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '_';
      }
      int seen = saved_names[safe]++;
      if (seen) safe += "_" + std::to_string(seen);
      std::string path = o.save_dir + "/" + safe + ".npy";
      Status s = WriteNpy(path, t);
      if (!s.ok()) throw std::runtime_error(s.message());
      jo["saved"] = path;
    }
    j["outputs"].push_back(jo);
  }
  j["latency_ms"] = {{"median", Percentile(times, 0.5)}, {"p90", Percentile(times, 0.9)},
                     {"min", *std::min_element(times.begin(), times.end())}, {"runs", times.size()}};
  j["memory"] = {{"memory_optim", o.memory_optim},
                 {"activation_pool_bytes", predictor->ActivationPoolBytes()},
                 {"peak_activation_bytes", predictor->PeakActivationBytes()}};

  if (o.profile) {
    // Per kind: total time over the timed and warm-up runs, divided per run.
    std::map<std::string, std::pair<double, int>> by_kind;
    double total = 0;
    int runs = 1;
    for (const auto& t : predictor->GetOpTimings()) {
      auto& e = by_kind[t.kind + " (" + t.kernel + ")"];
      e.first += t.total_ms;
      e.second += 1;
      total += t.total_ms;
      runs = std::max(runs, t.runs);
    }
    std::vector<std::pair<std::string, std::pair<double, int>>> rows(by_kind.begin(), by_kind.end());
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.first > b.second.first; });
    for (const auto& [kind, e] : rows) {
      j["profile"].push_back({{"kind", kind}, {"ms_per_run", e.first / runs}, {"ops", e.second},
                              {"share", total > 0 ? e.first / total : 0}});
    }
  }
  if (o.json) {
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("model: %s (loaded in %.1f ms, %d thread%s, %s)\n", o.model.c_str(), load_ms, o.threads,
              o.threads == 1 ? "" : "s", j["device"].get<std::string>().c_str());
  for (const auto& f : j["cpu_fallbacks"]) std::printf("on the CPU: %s\n", f.get<std::string>().c_str());
  for (const auto& in : j["inputs"]) {
    std::printf("input  %-28s %s%s\n", in["name"].get<std::string>().c_str(), in["dtype"].get<std::string>().c_str(),
                Shape(in["shape"].get<std::vector<int64_t>>()).ToString().c_str());
  }
  for (const auto& out : j["outputs"]) {
    std::printf("output %-28s %s%s  min %.6g  max %.6g  mean %.6g\n", out["name"].get<std::string>().c_str(),
                out["dtype"].get<std::string>().c_str(),
                Shape(out["shape"].get<std::vector<int64_t>>()).ToString().c_str(), out["min"].get<double>(),
                out["max"].get<double>(), out["mean"].get<double>());
    std::printf("       first:");
    for (double v : out["first"]) std::printf(" %.6g", v);
    std::printf("\n");
    if (out.contains("top")) {
      for (const auto& e : out["top"]) {
        std::printf("       class %5lld  %.6f  %s\n", static_cast<long long>(e["class"].get<int64_t>()),
                    e["score"].get<double>(), e.contains("label") ? e["label"].get<std::string>().c_str() : "");
      }
    }
    if (out.contains("saved")) std::printf("       saved to %s\n", out["saved"].get<std::string>().c_str());
  }
  std::printf("latency: median %.3f ms, p90 %.3f ms over %zu run(s) after %d warm-up\n", Percentile(times, 0.5),
              Percentile(times, 0.9), times.size(), o.warmup);
  if (j.contains("profile")) {
    std::printf("profile (per run, by op kind and kernel):\n");
    for (const auto& e : j["profile"]) {
      std::printf("  %-28s %4d ops %9.3f ms %5.1f%%\n", e["kind"].get<std::string>().c_str(), e["ops"].get<int>(),
                  e["ms_per_run"].get<double>(), 100 * e["share"].get<double>());
    }
  }
  std::printf("activation memory: %zu bytes in the pool, peak live %zu bytes (memory optim %s)\n",
              predictor->ActivationPoolBytes(), predictor->PeakActivationBytes(), o.memory_optim ? "on" : "off");
  return 0;
}

}  // namespace

CommandFn AddRunCommand(CLI::App& app) {
  auto o = std::make_shared<RunOpts>();
  app.add_option("model", o->model, "Model directory (layout detected) or graph file")->required();
  app.add_option("--params", o->params, "Combined params file (when MODEL is a graph file)");
  app.add_option("--input", o->inputs, "NAME=FILE.npy (repeatable)");
  app.add_option("--shape", o->shapes, "NAME=1x3x224x224 for a random input (repeatable)");
  app.add_option("--save-outputs", o->save_dir, "Write each output as DIR/<name>.npy");
  app.add_option("--repeat", o->repeat, "Timed runs")->check(CLI::PositiveNumber);
  app.add_option("--warmup", o->warmup, "Untimed runs first")->check(CLI::NonNegativeNumber);
  app.add_option("--threads", o->threads, "CPU threads")->check(CLI::PositiveNumber);
  app.add_option("--seed", o->seed, "Seed of the random inputs");
  app.add_option("--top", o->top, "Print the top-K classes of each float output's first row");
  app.add_option("--labels", o->labels, "Class labels, one per line (with --top)");
  app.add_flag("--memory-optim", o->memory_optim, "Reuse activation buffers by liveness");
  app.add_flag("--json", o->json, "Print one JSON object instead of text");
  app.add_flag("--profile", o->profile, "Time every op; print the time per op kind");
  app.add_flag("--no-ir-optim", o->no_ir_optim, "Run the graph as loaded, without the optimisation passes");
  app.add_flag("--engine", o->engine, "Run supported subgraphs on the optimizing engine");
  app.add_flag("--gpu", o->gpu, "Run on the GPU (CUDA builds): CUDA kernels, CUDA engines with --engine");
  app.add_option("--device", o->device, "GPU ordinal (with --gpu)")->check(CLI::NonNegativeNumber);
  app.add_flag("--tf32", o->tf32, "Allow TF32 tensor cores for f32 convolutions and matrix products");
  app.add_flag("--device-inputs", o->device_inputs,
               "Place inputs on the GPU once (zero copy) so timings exclude the host-to-device copy");
  app.add_option("--precision", o->precision, "Engine precision")->check(CLI::IsMember({"fp32", "fp16", "bf16", "int8"}));
  app.add_option("--min-subgraph-size", o->min_subgraph_size, "Smallest engine subgraph")->check(CLI::PositiveNumber);
  app.add_option("--workspace", o->workspace, "Engine workspace limit in bytes");
  app.add_option("--max-batch", o->max_batch, "Largest batch without dynamic shapes")->check(CLI::PositiveNumber);
  app.add_flag("--use-static", o->use_static, "Store built engines in the cache dir and load them next time");
  app.add_option("--cache-dir", o->cache_dir, "Engine cache dir (default MODEL_DIR/_opt_cache)");
  app.add_option("--min-shape", o->min_shapes, "NAME=1x3x224x224: dynamic-shape minimum (repeatable)");
  app.add_option("--opt-shape", o->opt_shapes, "NAME=DIMS: shape the engine is tuned for (repeatable)");
  app.add_option("--max-shape", o->max_shapes, "NAME=DIMS: dynamic-shape maximum (repeatable)");
  app.add_option("--collect-shape-range", o->collect_shape_range,
                 "Record the input shapes of every run to FILE (min/opt/max per input)");
  app.add_option("--tuned-shape-range", o->tuned_shape_range,
                 "With --engine: use FILE (from --collect-shape-range) as the dynamic-shape profile");
  app.add_option("--deny", o->deny, "Op kind, Paddle op type or op name kept out of engines (repeatable)");
  app.add_option("--dump-ir-after", o->dump_ir_after, "Print the IR to stderr after this pass (or 'all'; repeatable)");
  return [o]() { return Run(*o); };
}

}  // namespace oar::cli
