// The CPU engine's whole-subgraph runner: one oneDNN network per (subgraph, precision, input
// shapes, thread count). Unlike the per-layer registry kernels, which read and write plain NCHW
// f32 around every layer, activations stay in the layout (and, for bf16, the data type) the
// producing primitive chose -- nhwc or nChw16c blocks, bf16 -- across layers; a reorder is added
// only where a consumer needs another layout, and at the subgraph boundary, where inputs and
// outputs are the caller's plain f32 tensors.
//
// Create builds, in topological order, the primitives of every node (onednn_layers.h lists what
// maps to what); a node outside them runs through the runtime's KernelRegistry on plain f32
// tensors with reorders around it, so any subgraph the CPU capability accepts works. Weights are
// reordered once into the layout (and data type) the primitive prefers. Intermediate tensors live
// in one arena planned by liveness (first-fit over the steps' lifetimes); a residual sum is
// written in place into the residual's buffer, and elementwise ops into their input's, when
// nothing reads those later. Run allocates nothing on our side (oneDNN's own execution bookkeeping
// aside) and binds the caller's tensors directly where the layout allows it.
//
// Precision: kFp32, or kBf16 (conv, matmul, pooling, eltwise, binary, batch norm, lrn, concat in
// bf16 with f32 accumulation inside oneDNN; softmax and registry kernels stay f32, with reorders
// around them). kBf16 needs a CPU with avx512_bf16 or AMX; elsewhere Create is kUnsupported.
// kFp16/kInt8 are kUnsupported here (the builder maps fp16 to fp32 before).
//
// Shapes and threads: primitives are built for fixed input shapes and thread count (oneDNN sizes
// its parallel work at creation). A caller with new input shapes creates a new network (Matches
// says whether this one fits); ExecutionContext keeps a few of them. Not thread safe: one Run at a
// time. Only in builds with oneDNN (OAR_WITH_ONEDNN).
#pragma once

#ifdef OAR_WITH_ONEDNN

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/tensor.h"
#include "engine/builder_config.h"
#include "ir/graph.h"

namespace oar::engine::cpu {

namespace onednn_net {
class PackedConstants;
}

/// Weights reordered into primitive layouts, shared by the networks built for one subgraph (for
/// several input shapes): pass the same cache to each Create and each weight is packed once per
/// layout. Networks keep what they use alive on their own. Not thread safe.
class OnednnWeightCache {
 public:
  OnednnWeightCache();
  ~OnednnWeightCache();
  OnednnWeightCache(const OnednnWeightCache&) = delete;
  OnednnWeightCache& operator=(const OnednnWeightCache&) = delete;
  /// Packed bytes held / number of packed weights.
  size_t bytes() const;
  size_t size() const;

 private:
  friend class OnednnNetwork;
  std::unique_ptr<onednn_net::PackedConstants> packed_;
};

/// How convolutions lay out activations. kLibrary: oneDNN's own pick (format "any"; nhwc for its
/// brgemm kernels on avx512). kBlocked: channel blocks of 16 (8 without avx512), "nChw16c", for
/// its direct jit kernels (a convolution that has no fast kernel for them falls back to kLibrary).
/// Which is faster depends on the network: the builder times both and records the winner in the
/// plan (EncodeRunnerSettings).
enum class ConvLayout { kLibrary, kBlocked };

/// "library" / "blocked".
const char* ConvLayoutName(ConvLayout layout);

/// What the onednn runner needs beyond the subgraph, kept in PlanData::backend_blob as text
/// ("conv_layout=blocked"). Decode reads what Encode writes; an empty blob is the defaults; an
/// unknown key or value is kInvalidArgument naming it (a plan from a newer build).
struct OnednnRunnerSettings {
  ConvLayout conv_layout = ConvLayout::kLibrary;
  std::string Encode() const;
  static StatusOr<OnednnRunnerSettings> Decode(const std::string& blob);
};

/// True when oneDNN can run bf16 primitives natively here (avx512_bf16 or AMX); `isa` (optional)
/// receives a description of the CPU ("avx512_core_bf16" / the ISA flags of the device signature).
bool CpuSupportsBf16(std::string* isa = nullptr);
/// OK, or kUnsupported "<component>: bf16 needs a CPU with avx512_bf16 or AMX; this CPU has ...".
Status CheckBf16Support(const std::string& component);

class OnednnNetwork {
 public:
  /// How one node of the subgraph runs ("conv brgconv:avx512_core, f32 acdb -> f32 acdb",
  /// "registry kernel ref (no oneDNN layer for transpose)").
  struct Layer {
    ir::NodeId node = ir::kNoNode;
    std::string name;  // node name
    std::string how;
    bool fallback = false;  // runs through a registry kernel
  };

  struct Options {
    ConvLayout conv_layout = ConvLayout::kLibrary;
    /// Optional: shares packed weights with the other networks created with it.
    OnednnWeightCache* weights = nullptr;
  };

  /// Builds the network for `subgraph` (its inputs/outputs are the caller's, in order) at
  /// `input_shapes`, for `num_threads` OpenMP threads (set around creation and every Run, the
  /// caller's own count restored). Errors: kUnsupported for bf16 on a CPU without it and for
  /// fp16/int8, kInvalidArgument for shapes the subgraph rejects, kNotFound for a node that
  /// neither oneDNN nor any registry kernel takes (naming it).
  static StatusOr<std::unique_ptr<OnednnNetwork>> Create(const ir::Graph& subgraph, Precision precision,
                                                         const std::vector<Shape>& input_shapes, int num_threads,
                                                         const Options& options);
  static StatusOr<std::unique_ptr<OnednnNetwork>> Create(const ir::Graph& subgraph, Precision precision,
                                                         const std::vector<Shape>& input_shapes, int num_threads) {
    return Create(subgraph, precision, input_shapes, num_threads, Options{});
  }
  ~OnednnNetwork();
  OnednnNetwork(const OnednnNetwork&) = delete;
  OnednnNetwork& operator=(const OnednnNetwork&) = delete;

  /// inputs[i] feeds subgraph input i (dtype and shape as at Create); outputs[o] must already be
  /// allocated with the output's dtype and shape (output_shapes()). Registry-kernel steps are
  /// prepared on the first Run.
  Status Run(const std::vector<const Tensor*>& inputs, const std::vector<Tensor*>& outputs);
  /// Run, timing every step; `layer_ms` gets one entry per layers() element (reorders a node
  /// needed count to it; an output's final reorder to its producer).
  Status Profile(const std::vector<const Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                 std::vector<double>* layer_ms);

  /// True when `input_shapes` are the shapes this network was built for.
  bool Matches(const std::vector<Shape>& input_shapes) const;
  const std::vector<Shape>& input_shapes() const;
  const std::vector<Shape>& output_shapes() const;
  const std::vector<DType>& output_dtypes() const;
  Precision precision() const;
  ConvLayout conv_layout() const;
  int num_threads() const;
  /// Bytes of the activation arena (weights packed once and the scratchpad not included).
  size_t arena_bytes() const;
  /// Bytes of weights reordered into primitive layouts (shared ones included).
  size_t packed_weight_bytes() const;
  /// One per live node, in execution order.
  const std::vector<Layer>& layers() const;
  /// Number of primitive/kernel steps per Run (reorders included).
  size_t num_steps() const;
  /// Steps that are reorders between layouts or data types (not counting constant packing).
  size_t num_reorders() const;

 private:
  struct Impl;
  explicit OnednnNetwork(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace oar::engine::cpu

#endif  // OAR_WITH_ONEDNN
