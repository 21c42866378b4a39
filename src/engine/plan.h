// Plan (design.md §3 Engine, style.md §9 Serialization): everything an Engine needs to run one
// subgraph, decided at build time and immutable afterwards -- the subgraph with its weights, the
// tactic chosen for every layer, the activation arena planned at the opt shapes, the builder
// settings that matter at run time, the profile ranges of the subgraph inputs, and a header that
// says where it may run.
//
// Serialized form (all through core/byte_io.h, little-endian, field by field):
//   "OARP"  u32 plan format version  string oar version  string backend  string device signature
//   string runner  string backend blob
//   u8 precision code  i64 workspace_size  i32 max_batch_size  u8 timing  u8 cuda_graph
//   varint #profile ranges, (string input, shape min, shape opt, shape max)*
//   varint #layers, (string node name, string tactic, f64 ms)*
//   u64 arena total bytes, varint #arena values, (string value name, u64 offset, u64 size)*
//   f64 build_ms   graph (ir::SerializeGraph, with its own "OARG" header)
// A header from another plan format, oar version or device gives kVersionMismatch naming both.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/byte_io.h"
#include "core/status.h"
#include "engine/arena_plan.h"
#include "engine/builder_config.h"
#include "ir/graph.h"

namespace oar::engine {

constexpr char kPlanMagic[4] = {'O', 'A', 'R', 'P'};
constexpr uint32_t kPlanFormatVersion = 2;

/// The chosen implementation of one layer (node of the subgraph).
struct LayerChoice {
  std::string node;    // node name in the subgraph
  std::string tactic;  // kernel name in the KernelRegistry ("ref", "onednn", ...)
  double ms = 0;       // measured time at the opt shapes (0 when timing was off)
};

struct PlanData {
  uint32_t format_version = kPlanFormatVersion;
  std::string oar_version;
  /// Engine backend that built the plan: "cpu" or "cuda" (the device signature is this backend's).
  std::string backend = "cpu";
  std::string device_signature;
  /// How the layers run: "layers" (one registry kernel per layer, the tactics below) or a
  /// backend's whole-subgraph runner (e.g. the CPU backend's "onednn" network).
  std::string runner = "layers";
  /// Backend-specific bytes the runner needs (compiled code, chosen formats); may be empty.
  std::string backend_blob;
  Precision precision = Precision::kFp32;
  int64_t workspace_size = 0;
  int max_batch_size = 1;
  bool timing = true;
  /// GPU plans: capture the whole engine into a CUDA graph when shapes repeat.
  bool cuda_graph = true;
  /// Ranges of the subgraph inputs (empty: static shapes / max_batch_size rule).
  OptimizationProfile profile;
  /// One per live node, in execution order.
  std::vector<LayerChoice> layers;
  /// Arena planned at the opt shapes (indexed by the subgraph's value ids).
  ArenaPlan arena;
  double build_ms = 0;
  std::shared_ptr<const ir::Graph> subgraph;
};

class Plan {
 public:
  Plan() = default;
  explicit Plan(PlanData data) : data_(std::make_shared<const PlanData>(std::move(data))) {}

  const PlanData& data() const { return *data_; }
  const ir::Graph& subgraph() const { return *data_->subgraph; }
  bool valid() const { return data_ != nullptr && data_->subgraph != nullptr; }

  std::string Serialize() const;
  /// Decodes and checks the header against this build and this machine (kVersionMismatch naming
  /// both versions or both device signatures; the signature expected is DeviceSignatureFor(the
  /// plan's backend)); corrupt bytes give kInvalidArgument.
  static StatusOr<Plan> Deserialize(const std::string& bytes);
  /// As above with the device signature to expect (tests use a foreign one).
  static StatusOr<Plan> Deserialize(const std::string& bytes, const std::string& expected_device);

 private:
  std::shared_ptr<const PlanData> data_;  // shared: copies of a Plan are cheap and immutable
};

}  // namespace oar::engine
